import type { IHeaders } from 'kafkajs';

/** CloudEvents 1.0, Kafka protocol binding, binary content mode: attributes travel as `ce_` headers. */
export interface CloudEventAttributes {
  id: string;
  source: string;
  type: string;
  subject: string;
  /** RFC 3339, UTC. */
  time: string;
}

/** The headers of an event Concord produces. The Avro value holds business data only. */
export function cloudEventHeaders(attributes: CloudEventAttributes, traceparent?: string): Record<string, string> {
  return {
    ce_specversion: '1.0',
    ce_id: attributes.id,
    ce_source: attributes.source,
    ce_type: attributes.type,
    ce_time: attributes.time,
    ce_subject: attributes.subject,
    'content-type': 'application/avro',
    ...(traceparent ? { traceparent } : {}),
  };
}

/** A header's value as a string, whatever form kafkajs delivered it in. */
export function headerValue(headers: IHeaders | undefined, name: string): string | undefined {
  const raw = headers?.[name];
  const first = Array.isArray(raw) ? raw[0] : raw;
  if (first === undefined || first === null) return undefined;
  return Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
}

/** The CloudEvents attributes present on a consumed record (sources may omit some). */
export function readCloudEvent(headers: IHeaders | undefined): Partial<CloudEventAttributes> {
  return {
    id: headerValue(headers, 'ce_id'),
    source: headerValue(headers, 'ce_source'),
    type: headerValue(headers, 'ce_type'),
    subject: headerValue(headers, 'ce_subject'),
    time: headerValue(headers, 'ce_time'),
  };
}
