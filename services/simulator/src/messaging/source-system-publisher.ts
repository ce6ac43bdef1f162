import { Inject, Injectable } from '@nestjs/common';
import { SpanStatusCode } from '@opentelemetry/api';
import type { Message, Producer } from 'kafkajs';
import type { InventoryUpdated } from '@concord/contracts';
import { AvroCodec, cloudEventHeaders, eventDescriptor, KAFKA_PRODUCER, startSendSpan } from '@concord/messaging';
import { SIMULATED_SOURCES, type SourceRecord } from '../inventory/source-records';
import { SourceTrafficCounters } from './source-traffic-counters';

/**
 * Sends what the simulated WMS and ERP report to the InventoryUpdated ingress topic the way a
 * source system's connector does: Confluent-framed Avro (schema registered first), CloudEvents
 * binary headers with the system's own `ce_source`, and the W3C traceparent of a PRODUCER span
 * started for each record — the root of the trace that the record's processing in Concord joins
 * (or, for an answer to a snapshot request, a child of the request's processing span).
 *
 * These are a source system's records, not Concord events, so they do not go through the outbox.
 */
@Injectable()
export class SourceSystemPublisher {
  private readonly descriptor = eventDescriptor('InventoryUpdated');

  constructor(
    @Inject(KAFKA_PRODUCER) private readonly producer: Producer,
    private readonly codec: AvroCodec,
    private readonly counters: SourceTrafficCounters,
  ) {}

  /** Registers the InventoryUpdated schema (or finds it); call before the first send. */
  async prepare(): Promise<void> {
    await this.codec.registerWriter(this.descriptor);
  }

  /** Avro-encodes an event with the registered schema (Confluent framing). */
  readonly encode = (event: InventoryUpdated): Buffer => this.codec.encode(this.descriptor, event);

  /** Sends the records in one batch and resolves once the broker acknowledged all of them. */
  async send(records: readonly SourceRecord[]): Promise<void> {
    if (records.length === 0) return;
    const { topic, ceType } = this.descriptor;
    const spans = [];
    const messages: Message[] = [];
    for (const record of records) {
      const { span, traceparent } = startSendSpan(topic, undefined, record.id);
      span.setAttribute('concord.source_system', record.system);
      span.setAttribute('concord.simulator.record_kind', record.kind);
      spans.push(span);
      const headers = cloudEventHeaders(
        { id: record.id, source: SIMULATED_SOURCES[record.system], type: ceType, subject: record.sku, time: record.time.toISOString() },
        traceparent,
      );
      messages.push({ key: record.sku, value: record.value, headers: { ...headers, 'content-type': record.contentType } });
    }
    try {
      await this.producer.sendBatch({ acks: -1, topicMessages: [{ topic, messages }] });
    } catch (error) {
      for (const span of spans) span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      this.counters.countFailedSend();
      throw error;
    } finally {
      for (const span of spans) span.end();
    }
    this.counters.countSent(records);
  }
}
