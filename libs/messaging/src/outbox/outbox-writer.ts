import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { cloudEventHeaders } from '../cloud-events';
import type { AvroCodec } from '../codec/avro-codec';
import type { EventDescriptor } from '../event-descriptor';
import { currentTraceparent } from '../tracing/message-tracing';

export interface OutgoingEventOptions {
  /** CloudEvents id; a fresh UUID unless the event must keep a deterministic id. */
  id?: string;
  /** When the fact happened; now by default. */
  time?: Date;
  /**
   * The consumed event that caused this one, when a batch handler publishes outside any single
   * record's span: the new event joins that event's trace.
   */
  causedBy?: { traceparent?: string };
}

/**
 * Writes outgoing events into the service's outbox table inside the caller's transaction, so the
 * state change and the events it causes commit or roll back together. The value is encoded here,
 * once: the relay publishes the exact bytes, and a payload that does not fit the schema fails the
 * transaction instead of reaching the broker.
 */
export class OutboxWriter {
  private readonly table: string;

  constructor(
    schema: string,
    private readonly codec: AvroCodec,
    /** `ce_source` of every event this service produces, e.g. `/concord/orders`. */
    private readonly source: string,
    private readonly onEnqueued: () => void = () => undefined,
  ) {
    this.table = `"${schema}".outbox`;
  }

  async enqueue<T>(manager: EntityManager, descriptor: EventDescriptor<T>, payload: T, options: OutgoingEventOptions = {}): Promise<string> {
    const id = options.id ?? randomUUID();
    const key = descriptor.keyOf(payload);
    const value = this.codec.encode(descriptor, payload);
    const headers = cloudEventHeaders({
      id,
      source: this.source,
      type: descriptor.ceType,
      subject: key,
      time: (options.time ?? new Date()).toISOString(),
    });
    await manager.query(
      `INSERT INTO ${this.table} (event_id, topic, message_key, value, headers, traceparent) VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, descriptor.topic, key, value, headers, options.causedBy?.traceparent ?? currentTraceparent() ?? null],
    );
    // The relay is nudged at once; it reads only committed rows, so an early nudge is harmless.
    this.onEnqueued();
    return id;
  }
}
