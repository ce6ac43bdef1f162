import { randomUUID } from 'node:crypto';
import type { InventoryUpdated } from '@concord/contracts';
import type { BadInventoryRecord, SimulatedInventoryRecord } from './warehouse-simulation';

/** The source systems this simulator plays, and the `ce_source` each one stamps on its records. */
export const SIMULATED_SOURCES = { WMS: '/wms/simulator', ERP: '/erp/simulator' } as const;
export type SimulatedSystem = keyof typeof SIMULATED_SOURCES;

/** What a sent record was: a count, a movement, the answer to a snapshot request, or a bad record. */
export type SentKind = 'snapshot' | 'adjustment' | 'snapshot-answer' | BadInventoryRecord['badKind'];
export const SENT_KINDS: readonly SentKind[] = ['snapshot', 'adjustment', 'snapshot-answer', 'garbage-text', 'negative-snapshot', 'blank-location'];

/** One record a simulated source system sends to the InventoryUpdated ingress topic, value already encoded. */
export interface SourceRecord {
  system: SimulatedSystem;
  kind: SentKind;
  /** The Kafka key and `ce_subject`. */
  sku: string;
  /** `ce_id`, fixed when the record is made, so a resend after a failed send is recognised downstream. */
  id: string;
  time: Date;
  value: Buffer;
  /** `application/avro`, except for garbage text, which is what a misconfigured connector sends (JSON). */
  contentType: 'application/avro' | 'application/json';
}

/**
 * A record of the warehouse model as its source system sends it: events Avro-encoded with `encode`,
 * garbage text as its raw UTF-8 bytes. `answer` marks counts sent in answer to a snapshot request.
 */
export function toSourceRecord(
  system: SimulatedSystem,
  record: SimulatedInventoryRecord,
  encode: (event: InventoryUpdated) => Buffer,
  now: Date,
  { answer = false }: { answer?: boolean } = {},
): SourceRecord {
  const made = { system, id: randomUUID(), time: now };
  if ('bad' in record) {
    const { bad } = record;
    if (bad.badKind === 'garbage-text') {
      return { ...made, kind: bad.badKind, sku: bad.sku, value: Buffer.from(bad.text, 'utf8'), contentType: 'application/json' };
    }
    return { ...made, kind: bad.badKind, sku: bad.event.sku, value: encode(bad.event), contentType: 'application/avro' };
  }
  const { event } = record;
  const kind: SentKind = answer ? 'snapshot-answer' : event.kind === 'SNAPSHOT' ? 'snapshot' : 'adjustment';
  return { ...made, kind, sku: event.sku, value: encode(event), contentType: 'application/avro' };
}
