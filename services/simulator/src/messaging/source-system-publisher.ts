import { Injectable } from '@nestjs/common';
import type { InventoryUpdated } from '@concord/contracts';
import { AvroCodec, eventDescriptor } from '@concord/messaging';
import type { SourceRecord } from '../inventory/source-records';
import { SourceTrafficCounters } from './source-traffic-counters';
import { SystemRecordPublisher } from './system-record-publisher';

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
    private readonly codec: AvroCodec,
    private readonly records: SystemRecordPublisher,
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
    // The active context is the parent: a snapshot request's process span for an answer, none for the feed.
    await this.records.sendUncounted(
      records.map((record) => ({ system: record.system, kind: record.kind, topic, key: record.sku, id: record.id, ceType, time: record.time, value: record.value, contentType: record.contentType })),
    );
    this.counters.countSent(records);
  }
}
