import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { insertRows } from '@concord/persistence';
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

/** What a unit of work may do: change state through `manager` and publish events, in one transaction. */
export interface TransactionContext {
  readonly manager: EntityManager;
  /**
   * Adds an event to the transaction's outbox rows; resolves with its CloudEvents id. The payload is
   * encoded at once (a payload that does not fit its schema throws here), the row is written when
   * the work is done, before the commit.
   */
  publish<T>(descriptor: EventDescriptor<T>, payload: T, options?: OutgoingEventOptions): Promise<string>;
}

/** One outbox row: the exact bytes and headers the relay will send. */
type OutboxRow = [eventId: string, topic: string, key: string, value: Buffer, headers: Record<string, string>, traceparent: string | null];


/**
 * Writes outgoing events into the service's outbox table inside the caller's transaction, so the
 * state change and the events it causes commit or roll back together. The value is encoded here,
 * once: the relay publishes the exact bytes, and a payload that does not fit the schema fails the
 * transaction instead of reaching the broker. The rows a transaction publishes are written in one
 * statement at its end rather than one round trip each.
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

  /**
   * Runs `work` in a transaction of `dataSource` whose `publish` collects outbox rows; they are
   * written after `work` returns, before the commit, so they commit or roll back with its changes.
   */
  async transaction<T>(dataSource: DataSource, work: (context: TransactionContext) => Promise<T>): Promise<T> {
    let written = 0;
    const result = await dataSource.transaction(async (manager) => {
      const rows: OutboxRow[] = [];
      const publish = async <E>(descriptor: EventDescriptor<E>, payload: E, options?: OutgoingEventOptions) => {
        const row = this.row(descriptor, payload, options);
        rows.push(row);
        return row[0];
      };
      const value = await work({ manager, publish });
      await this.insert(manager, rows);
      written = rows.length;
      return value;
    });
    // The relay is nudged once the rows are committed.
    if (written > 0) this.onEnqueued();
    return result;
  }

  /** Writes one event at once, inside the caller's transaction (`manager`). */
  async enqueue<T>(manager: EntityManager, descriptor: EventDescriptor<T>, payload: T, options: OutgoingEventOptions = {}): Promise<string> {
    const row = this.row(descriptor, payload, options);
    await this.insert(manager, [row]);
    // The relay reads only committed rows, so an early nudge is harmless.
    this.onEnqueued();
    return row[0];
  }

  private row<T>(descriptor: EventDescriptor<T>, payload: T, options: OutgoingEventOptions = {}): OutboxRow {
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
    return [id, descriptor.topic, key, value, headers, options.causedBy?.traceparent ?? currentTraceparent() ?? null];
  }

  /** Inserts `rows` in order (ids ascend in publish order, which the relay keeps per key). */
  private insert(manager: EntityManager, rows: readonly OutboxRow[]): Promise<void> {
    return insertRows(manager, this.table, ['event_id', 'topic', 'message_key', 'value', 'headers', 'traceparent'], rows);
  }
}
