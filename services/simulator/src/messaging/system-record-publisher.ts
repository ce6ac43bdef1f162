import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { SpanStatusCode, type Span } from '@opentelemetry/api';
import type { Message, Producer, TopicMessages } from 'kafkajs';
import type { EventName } from '@concord/contracts';
import { AvroCodec, cloudEventHeaders, eventDescriptor, KAFKA_PRODUCER, startSendSpan, type EventDescriptor } from '@concord/messaging';
import { SIMULATED_SOURCES } from '../inventory/source-records';
import { SourceTrafficCounters } from './source-traffic-counters';

/**
 * The systems of the order flow and the reference data, and the `ce_source` each stamps. The
 * catalog and pricing stand-ins publish what those Concord services will publish once they are
 * built; they say so in their source.
 */
export const ORDER_FLOW_SOURCES = {
  ...SIMULATED_SOURCES,
  ECOMMERCE: '/ecommerce/simulator',
  CATALOG_STANDIN: '/simulator/catalog-standin',
  PRICING_STANDIN: '/simulator/pricing-standin',
} as const;
export type OrderFlowSystem = keyof typeof ORDER_FLOW_SOURCES;

/** One encoded record of a simulated system, ready to send. */
export interface SystemRecord {
  system: OrderFlowSystem;
  /** What it is, for the counts: an order kind, `order-cancelled`, `order-posted`, … */
  kind: string;
  topic: string;
  key: string;
  /** `ce_id`, fixed when the record is made: a resend after a failed send keeps it. */
  id: string;
  ceType: string;
  /** `ce_time`: when the fact happened in the system. */
  time: Date;
  value: Buffer;
  /** `application/avro` unless given: a misbehaving source's garbage text is `application/json`. */
  contentType?: 'application/avro' | 'application/json';
  /**
   * The trace the record continues (the traceparent of the consumed record's process span, for an
   * answer); none: it starts its own trace, as a source system's own record does.
   */
  parentTraceparent?: string | null;
}

/** At most this many records per produce request (a broker's request limit is 1 MiB by default). */
const MAX_BATCH = 500;

/**
 * Sends what the simulated storefront, ERP, WMS and stand-ins publish: Confluent-framed Avro,
 * CloudEvents binary headers with the system's `ce_source`, and the traceparent of a PRODUCER `send`
 * span — a child of the cause's trace for an answer, a new root otherwise. Source systems' records,
 * not Concord events: sent straight to the broker, not through the outbox.
 */
@Injectable()
export class SystemRecordPublisher {
  constructor(
    @Inject(KAFKA_PRODUCER) private readonly producer: Producer,
    private readonly codec: AvroCodec,
    private readonly counters: SourceTrafficCounters,
  ) {}

  /** Registers the schemas of `events` (or finds them); call before the first record of each. */
  async prepare(events: readonly EventName[]): Promise<void> {
    for (const event of events) await this.codec.registerWriter(eventDescriptor(event));
  }

  /** A record of `payload`, encoded with the registered schema, keyed as the catalog says. */
  record<T>(
    system: OrderFlowSystem,
    kind: string,
    descriptor: EventDescriptor<T>,
    payload: T,
    options: { time: Date; id?: string; parentTraceparent?: string | null },
  ): SystemRecord {
    return {
      system,
      kind,
      topic: descriptor.topic,
      key: descriptor.keyOf(payload),
      id: options.id ?? randomUUID(),
      ceType: descriptor.ceType,
      time: options.time,
      value: this.codec.encode(descriptor, payload),
      parentTraceparent: options.parentTraceparent,
    };
  }

  /** Sends the records, in order per topic, resolves once the broker acknowledged all of them, and counts them by system and kind. */
  async send(records: readonly SystemRecord[]): Promise<void> {
    for (let start = 0; start < records.length; start += MAX_BATCH) {
      const batch = records.slice(start, start + MAX_BATCH);
      await this.sendUncounted(batch);
      for (const record of batch) this.counters.countSentAs(record.system, record.kind);
    }
  }

  /**
   * Sends the records as `send` does, leaving the counting to the caller; at most MAX_BATCH per
   * request, so that a large posting run stays below the broker's request size limit.
   */
  async sendUncounted(records: readonly SystemRecord[]): Promise<void> {
    for (let start = 0; start < records.length; start += MAX_BATCH) await this.sendRequest(records.slice(start, start + MAX_BATCH));
  }

  private async sendRequest(records: readonly SystemRecord[]): Promise<void> {
    if (records.length === 0) return;
    const spans: Span[] = [];
    const byTopic = new Map<string, Message[]>();
    for (const record of records) {
      const { span, traceparent } = startSendSpan(record.topic, record.parentTraceparent ?? undefined, record.id);
      span.setAttribute('concord.source_system', record.system);
      span.setAttribute('concord.simulator.record_kind', record.kind);
      spans.push(span);
      const headers = cloudEventHeaders(
        { id: record.id, source: ORDER_FLOW_SOURCES[record.system], type: record.ceType, subject: record.key, time: record.time.toISOString() },
        traceparent,
      );
      const messages = byTopic.get(record.topic) ?? [];
      messages.push({ key: record.key, value: record.value, headers: { ...headers, 'content-type': record.contentType ?? 'application/avro' } });
      byTopic.set(record.topic, messages);
    }
    const topicMessages: TopicMessages[] = [...byTopic].map(([topic, messages]) => ({ topic, messages }));
    try {
      await this.producer.sendBatch({ acks: -1, topicMessages });
    } catch (error) {
      for (const span of spans) span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      this.counters.countFailedSend();
      throw error;
    } finally {
      for (const span of spans) span.end();
    }
  }
}
