import type { Batch, Consumer, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import { isDatabaseUnavailable, isTransactionConflict } from '@concord/persistence';
import { readCloudEvent } from '../cloud-events';
import type { AvroCodec } from '../codec/avro-codec';
import { deadLetterTopic, type DeadLetterPublisher } from '../dead-letter/dead-letter-publisher';
import { InfrastructureUnavailableError, PoisonRecordError } from '../errors';
import type { EventDescriptor } from '../event-descriptor';
import type { MessagingMetrics } from '../messaging-metrics';
import type { OutboxWriter, TransactionContext } from '../outbox/outbox-writer';
import { endSpan, startProcessSpan, withProcessSpan } from '../tracing/message-tracing';

/** A consumed, decoded record as a handler sees it. */
export interface ConsumedEvent<T> {
  payload: T;
  /** `ce_id`, or `<topic>/<partition>/<offset>` when the source sent none (then `idDerived`). */
  id: string;
  idDerived: boolean;
  /** `ce_source`, or `kafka:<topic>` when the source sent none. */
  source: string;
  type?: string;
  subject?: string;
  time?: string;
  key: string | null;
  topic: string;
  partition: number;
  offset: string;
  headers: IHeaders;
  /**
   * The traceparent of this record's `process` span. Set in batch mode, where no single record's
   * span is active: pass `{ causedBy: event }` when publishing so the new event joins its trace.
   */
  traceparent?: string;
}

/** What a handler may do: change state through `manager` and publish events, in one transaction. */
export type EventHandlerContext = TransactionContext;

/**
 * The context for one event of a batch (`handleBatch`): the same transaction, and what it publishes
 * joins that event's trace.
 */
export function eventContext(event: Pick<ConsumedEvent<unknown>, 'traceparent'>, context: EventHandlerContext): EventHandlerContext {
  return { manager: context.manager, publish: (descriptor, payload, options) => context.publish(descriptor, payload, { causedBy: event, ...options }) };
}

/** One consumed event type and what to do with it. */
export interface EventHandlerRegistration<T = unknown> {
  descriptor: EventDescriptor<T>;
  /** Throws a ValidationError when the record breaks a rule; it is then dead-lettered at once. */
  validate?(event: ConsumedEvent<T>): void;
  /**
   * Applies the event inside the transaction the runner opened. It must keep its effects in that
   * transaction: the runner may roll it back and run it again.
   */
  handle(event: ConsumedEvent<T>, context: EventHandlerContext): Promise<void>;
  /**
   * Optional, for throughput: applies every fresh event of a chunk at once (one query per chunk
   * instead of per record). If it throws, the runner rolls the chunk back and applies it record by
   * record with `handle`, so a bad record is isolated, retried and dead-lettered as usual.
   */
  handleBatch?(events: ConsumedEvent<T>[], context: EventHandlerContext): Promise<void>;
  /**
   * How the handler works through a chunk, which sets the chunk's size: `set-based` (the default with
   * handleBatch) takes `chunkSize` records a transaction, `record-by-record` (the default without;
   * also a handleBatch that only locks up front and then handles each record) `recordChunkSize`.
   */
  chunking?: 'set-based' | 'record-by-record';
}

/** A registration of any payload type (handler lists mix event types). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyEventHandler = EventHandlerRegistration<any>;

export interface ConsumerRunnerOptions {
  kafka: Kafka;
  groupId: string;
  handlers: AnyEventHandler[];
  dataSource: DataSource;
  /** The service's Postgres schema, holding processed_events and outbox. */
  schema: string;
  codec: AvroCodec;
  outbox: OutboxWriter;
  deadLetters: DeadLetterPublisher;
  metrics: MessagingMetrics;
  logger: Logger;
  /** Retries after the first failed attempt (default 3: four attempts in all). */
  retries?: number;
  /** Backoff before the first retry, doubled each time (default 200 ms). */
  retryBackoffMs?: number;
  /** Longest wait between checks while a dependency is down (default 5 s). */
  maxOutageBackoffMs?: number;
  /** Records applied per database transaction by a handler with `handleBatch` (default 500). */
  chunkSize?: number;
  /**
   * Records applied per database transaction by a handler without `handleBatch` (default 20). It runs
   * its own queries record after record, so a long chunk would hold the rows it locked for seconds
   * while other partitions' transactions wait on them.
   */
  recordChunkSize?: number;
  /**
   * Partitions processed at the same time (default 1). Order stays per partition; more than one
   * overlaps one partition's database round trips with another's work.
   */
  partitionsConsumedConcurrently?: number;
  /** Where the group starts when it has no committed offsets: `earliest` (default) or `latest`. */
  newGroupStartsAt?: 'earliest' | 'latest';
  /** Called after each committed transaction (the relay's nudge). */
  afterCommit?: () => void;
  /** The consumer crashed beyond kafkajs's own recovery. Default: exit so a supervisor restarts us. */
  onCrash?: (error: Error) => void;
}

type Prepared =
  | { message: KafkaMessage; event: ConsumedEvent<unknown>; poison?: undefined }
  | { message: KafkaMessage; poison: PoisonRecordError; event?: undefined };

class HandlerFailure extends Error {
  constructor(
    readonly index: number,
    readonly error: Error,
  ) {
    super(error.message);
  }
}

const STOPPED = Symbol('stopped');

/**
 * Consumes with at-least-once delivery and exactly-once effects. Per partition, in order, a chunk of
 * records is decoded and validated, then applied in one database transaction together with the
 * idempotency records (consumer group + ce_source + ce_id) and any outbox rows; only after the
 * commit do offsets move. Failures:
 * - undecodable or invalid records are dead-lettered at once (stage decode / validate);
 * - a handler error is retried in place, `retries` times with exponential backoff, then the record
 *   is dead-lettered (stage process) and the partition moves on;
 * - an unavailable database, registry or broker pauses the partition until it is back, without
 *   spending any record's retries and without dead-lettering.
 */
export class ConsumerRunner {
  private consumer?: Consumer;
  private readonly handlers = new Map<string, EventHandlerRegistration<unknown>>();
  private readonly processedTable: string;
  private readonly retries: number;
  private readonly retryBackoffMs: number;
  private readonly maxOutageBackoffMs: number;
  private readonly chunkSize: number;
  private readonly recordChunkSize: number;

  constructor(private readonly options: ConsumerRunnerOptions) {
    for (const handler of options.handlers) {
      if (this.handlers.has(handler.descriptor.topic)) throw new Error(`two handlers for ${handler.descriptor.topic}`);
      this.handlers.set(handler.descriptor.topic, handler);
    }
    this.processedTable = `"${options.schema}".processed_events`;
    this.retries = options.retries ?? 3;
    this.retryBackoffMs = options.retryBackoffMs ?? 200;
    this.maxOutageBackoffMs = options.maxOutageBackoffMs ?? 5000;
    this.chunkSize = options.chunkSize ?? 500;
    this.recordChunkSize = options.recordChunkSize ?? 20;
  }

  get topics(): string[] {
    return [...this.handlers.keys()];
  }

  async start(): Promise<void> {
    const consumer = this.options.kafka.consumer({
      groupId: this.options.groupId,
      sessionTimeout: 30_000,
      heartbeatInterval: 3000,
      maxBytesPerPartition: 2 * 1024 * 1024,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (payload.restart) return; // kafkajs recovers by itself
      this.options.logger.fatal({ err: payload.error, group: this.options.groupId }, 'consumer crashed');
      (this.options.onCrash ?? (() => process.exit(1)))(payload.error);
    });
    await this.ensureTopics();
    await consumer.connect();
    await consumer.subscribe({ topics: this.topics, fromBeginning: this.options.newGroupStartsAt !== 'latest' });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
      eachBatch: (payload) => this.consumeBatch(payload),
    });
  }

  /**
   * The consumed topics (on a fresh cluster a source may not have produced yet, and subscribing to a
   * missing topic fails) and their dead-letter topics (so operators can subscribe before the first
   * poison record) exist before consuming starts. Existing topics are left as they are.
   */
  private async ensureTopics(): Promise<void> {
    const admin = this.options.kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({
        topics: this.topics.flatMap((topic) => [{ topic }, { topic: deadLetterTopic(topic, this.options.groupId) }]),
        waitForLeaders: true,
      });
    } finally {
      await admin.disconnect();
    }
  }

  /** Stops fetching, lets the current chunk finish and commit, and disconnects. */
  async stop(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    if (!consumer) return;
    await consumer.stop();
    await consumer.disconnect();
  }

  private async consumeBatch({
    batch,
    resolveOffset,
    heartbeat,
    isRunning,
    isStale,
  }: {
    batch: Batch;
    resolveOffset: (offset: string) => void;
    heartbeat: () => Promise<void>;
    isRunning: () => boolean;
    isStale: () => boolean;
  }): Promise<void> {
    const handler = this.handlers.get(batch.topic);
    if (!handler) throw new Error(`no handler for ${batch.topic}`);
    const { topic, partition, messages } = batch;
    this.options.metrics.consumerLag.set({ topic, partition: String(partition) }, Number(batch.offsetLag()));
    const setBased = (handler.chunking ?? (handler.handleBatch ? 'set-based' : 'record-by-record')) === 'set-based';
    const chunkSize = setBased ? this.chunkSize : this.recordChunkSize;
    let index = 0;
    while (index < messages.length && isRunning() && !isStale()) {
      const chunk = messages.slice(index, index + chunkSize);
      const started = process.hrtime.bigint();
      const done = await this.untilAvailable(() => this.processChunk(topic, partition, handler, chunk, heartbeat), heartbeat, isRunning, topic);
      if (done === STOPPED) return;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      for (let i = 0; i < done; i++) this.options.metrics.processingSeconds.observe({ topic }, seconds);
      const last = chunk[done - 1];
      resolveOffset(last.offset);
      await this.untilAvailable(
        () => this.commit(topic, partition, last.offset),
        heartbeat,
        () => true, // an offset commit after applied effects is always worth finishing
      );
      index += done;
      await heartbeat();
    }
  }

  private async commit(topic: string, partition: number, offset: string): Promise<void> {
    try {
      await this.consumer?.commitOffsets([{ topic, partition, offset: (BigInt(offset) + 1n).toString() }]);
    } catch (error) {
      throw asInfrastructureFailure(error) ?? error;
    }
  }

  /** Processes a prefix of `chunk`; resolves with its length (at least 1). */
  private async processChunk(
    topic: string,
    partition: number,
    handler: EventHandlerRegistration<unknown>,
    chunk: KafkaMessage[],
    heartbeat: () => Promise<void>,
  ): Promise<number> {
    const prepared: Prepared[] = [];
    for (const message of chunk) prepared.push(await this.prepare(topic, partition, handler, message));

    if (handler.handleBatch && (await this.applyBatchInOneTransaction(prepared, handler))) {
      for (const item of prepared) if (item.poison) await this.deadLetter(topic, partition, item.message, item.poison, 1);
      return prepared.length;
    }
    let failure: HandlerFailure | undefined;
    try {
      await this.applyInOneTransaction(prepared, handler);
    } catch (error) {
      if (!(error instanceof HandlerFailure)) throw asInfrastructureFailure(error) ?? error;
      failure = error;
      // Everything before the failed record is applied again (its transaction was rolled back).
      if (failure.index > 0) await this.applyInOneTransaction(prepared.slice(0, failure.index), handler);
    }
    const settled = failure ? failure.index : prepared.length;
    for (const item of prepared.slice(0, settled)) {
      if (item.poison) await this.deadLetter(topic, partition, item.message, item.poison, 1);
    }
    if (failure) await this.retryThenDeadLetter(topic, partition, prepared[failure.index], handler, failure.error, heartbeat);
    return failure ? failure.index + 1 : prepared.length;
  }

  /** Decodes and validates; a poison record becomes a value, an outage stays an exception. */
  private async prepare(topic: string, partition: number, handler: EventHandlerRegistration<unknown>, message: KafkaMessage): Promise<Prepared> {
    const cloudEvent = readCloudEvent(message.headers);
    const idDerived = !cloudEvent.id;
    if (idDerived) this.options.metrics.derivedEventIds.inc({ topic });
    try {
      const { payload } = await this.options.codec.decode(message.value, handler.descriptor);
      const event: ConsumedEvent<unknown> = {
        payload,
        id: cloudEvent.id ?? `${topic}/${partition}/${message.offset}`,
        idDerived,
        source: cloudEvent.source ?? `kafka:${topic}`,
        type: cloudEvent.type,
        subject: cloudEvent.subject,
        time: cloudEvent.time,
        key: message.key ? message.key.toString('utf8') : null,
        topic,
        partition,
        offset: message.offset,
        headers: message.headers ?? {},
      };
      handler.validate?.(event);
      return { message, event };
    } catch (error) {
      if (error instanceof PoisonRecordError) return { message, poison: error };
      throw error;
    }
  }

  /**
   * Applies every decodable record of `items` in one transaction: first the idempotency records,
   * then the handler for each record seen for the first time. A handler error rolls everything back
   * and is reported as a HandlerFailure naming the record.
   */
  private async applyInOneTransaction(items: Prepared[], handler: EventHandlerRegistration<unknown>): Promise<void> {
    const events = items.flatMap((item, index) => (item.event ? [{ index, event: item.event }] : []));
    if (events.length === 0) return;
    const { dataSource, groupId, outbox, metrics } = this.options;
    const applied: string[] = [];
    await outbox.transaction(dataSource, async (context) => {
      const fresh = await this.claim(context.manager, events.map(({ event }) => event));
      for (const { index, event } of events) {
        if (!fresh.has(event)) {
          metrics.consumed.inc({ topic: event.topic, outcome: 'duplicate' });
          continue;
        }
        try {
          await withProcessSpan({ ...event, key: items[index].message.key }, groupId, () => handler.handle(event, context));
        } catch (error) {
          if (isInfrastructureFailure(error) || isTransactionConflict(error)) throw error;
          throw new HandlerFailure(index, error as Error);
        }
        applied.push(event.topic);
      }
    });
    for (const topic of applied) metrics.consumed.inc({ topic, outcome: 'applied' });
    this.options.afterCommit?.();
  }

  /**
   * Batch mode: the idempotency records and one handleBatch call for all fresh events, in one
   * transaction. Resolves false (everything rolled back) when the handler failed, so the caller
   * falls back to record-by-record processing; an outage is rethrown.
   */
  private async applyBatchInOneTransaction(items: Prepared[], handler: EventHandlerRegistration<unknown>): Promise<boolean> {
    const events = items.flatMap((item) => (item.event ? [{ item, event: item.event }] : []));
    if (events.length === 0) return true;
    const { dataSource, groupId, outbox, metrics } = this.options;
    let fresh: ConsumedEvent<unknown>[] = [];
    try {
      await outbox.transaction(dataSource, async (context) => {
        const claimed = await this.claim(context.manager, events.map(({ event }) => event));
        const traced = events
          .filter(({ event }) => claimed.has(event))
          .map(({ item, event }) => {
            const { span, traceparent } = startProcessSpan({ ...event, key: item.message.key }, groupId);
            return { span, event: { ...event, traceparent } };
          });
        fresh = traced.map(({ event }) => event);
        try {
          if (fresh.length > 0) {
            await handler.handleBatch!(fresh, context);
          }
          for (const { span } of traced) endSpan(span);
        } catch (error) {
          for (const { span } of traced) endSpan(span, error);
          throw error;
        }
      });
    } catch (error) {
      if (isInfrastructureFailure(error) || isTransactionConflict(error)) throw error;
      this.options.logger.warn({ err: error, topic: events[0].event.topic }, 'batch handler failed; applying the chunk record by record');
      return false;
    }
    const duplicates = events.length - fresh.length;
    if (fresh.length > 0) metrics.consumed.inc({ topic: events[0].event.topic, outcome: 'applied' }, fresh.length);
    if (duplicates > 0) metrics.consumed.inc({ topic: events[0].event.topic, outcome: 'duplicate' }, duplicates);
    this.options.afterCommit?.();
    return true;
  }

  /** Inserts the idempotency records; returns the events not processed before. */
  private async claim(manager: EntityManager, events: ConsumedEvent<unknown>[]): Promise<Set<ConsumedEvent<unknown>>> {
    const firstByKey = new Map<string, ConsumedEvent<unknown>>();
    for (const event of events) {
      const key = `${event.source}\u0000${event.id}`;
      if (!firstByKey.has(key)) firstByKey.set(key, event); // a duplicate inside the chunk is a duplicate
    }
    const unique = [...firstByKey.values()];
    const rows: { source: string; event_id: string }[] = await manager.query(
      `INSERT INTO ${this.processedTable} (consumer_group, source, event_id, topic, partition, "offset")
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::bigint[])
       ON CONFLICT DO NOTHING RETURNING source, event_id`,
      [
        this.options.groupId,
        unique.map((e) => e.source),
        unique.map((e) => e.id),
        unique.map((e) => e.topic),
        unique.map((e) => e.partition),
        unique.map((e) => e.offset),
      ],
    );
    return new Set(rows.map((row) => firstByKey.get(`${row.source}\u0000${row.event_id}`)!));
  }

  private async retryThenDeadLetter(
    topic: string,
    partition: number,
    item: Prepared,
    handler: EventHandlerRegistration<unknown>,
    firstError: Error,
    heartbeat: () => Promise<void>,
  ): Promise<void> {
    let lastError = firstError;
    for (let attempt = 2; attempt <= this.retries + 1; attempt++) {
      if (lastError instanceof PoisonRecordError) break;
      this.options.logger.warn({ err: lastError, topic, partition, offset: item.message.offset, attempt: attempt - 1 }, 'handler failed; retrying');
      await this.pause(this.retryBackoffMs * 2 ** (attempt - 2), heartbeat);
      this.options.metrics.retries.inc({ topic });
      try {
        await this.untilAvailable(() => this.applyInOneTransaction([item], handler), heartbeat, () => true, topic);
        return;
      } catch (error) {
        lastError = error instanceof HandlerFailure ? error.error : (error as Error);
        if (!(error instanceof HandlerFailure)) throw error;
        if (attempt === this.retries + 1) return this.deadLetter(topic, partition, item.message, lastError, attempt);
      }
    }
    const attempts = lastError === firstError ? 1 : this.retries + 1;
    await this.deadLetter(topic, partition, item.message, lastError, attempts);
  }

  private async deadLetter(topic: string, partition: number, message: KafkaMessage, error: Error, attempts: number): Promise<void> {
    const poison = error instanceof PoisonRecordError ? error : undefined;
    const why = {
      code: poison?.code ?? (error as { code?: string }).code ?? 'PROCESS.HANDLER_FAILED',
      reason: error.message,
      stage: poison?.stage ?? ('process' as const),
      attempts,
    };
    this.options.logger.error({ topic, partition, offset: message.offset, ...why }, 'record dead-lettered');
    try {
      await this.options.deadLetters.publish({ topic, partition, message }, why);
    } catch (publishError) {
      throw asInfrastructureFailure(publishError) ?? publishError;
    }
    this.options.metrics.consumed.inc({ topic, outcome: 'dead_lettered' });
  }

  /**
   * Runs `work` until no dependency outage and no transaction conflict stops it; heartbeats while it
   * waits. Neither spends a record's retries: an outage is waited out, and a deadlock or
   * serialization failure (Postgres rolled the transaction back because of a concurrent one) is
   * run again after a short, jittered wait.
   */
  private async untilAvailable<T>(work: () => Promise<T>, heartbeat: () => Promise<void>, isRunning: () => boolean, topic?: string): Promise<T | typeof STOPPED> {
    let outages = 0;
    let conflicts = 0;
    for (;;) {
      try {
        return await work();
      } catch (error) {
        if (isTransactionConflict(error)) {
          conflicts++;
          this.options.metrics.transactionConflicts.inc({ topic: topic ?? 'unknown' });
          const wait = Math.round(Math.min(1000, 10 * 2 ** Math.min(conflicts, 7)) * (0.5 + Math.random()));
          this.options.logger.info({ topic, reason: (error as Error).message, conflicts, retryInMs: wait }, 'transaction conflict; the chunk is applied again');
          await this.pause(wait, heartbeat);
          if (!isRunning()) return STOPPED;
          continue;
        }
        const outage = asInfrastructureFailure(error);
        if (!outage) throw error;
        outages++;
        this.options.metrics.infrastructureWaits.inc({ dependency: outage.dependency });
        const wait = Math.min(this.maxOutageBackoffMs, 100 * 2 ** Math.min(outages, 10));
        this.options.logger.warn({ dependency: outage.dependency, reason: outage.message, retryInMs: wait }, 'dependency unavailable; partition paused');
        await this.pause(wait, heartbeat);
        if (!isRunning()) return STOPPED;
      }
    }
  }

  private async pause(ms: number, heartbeat: () => Promise<void>): Promise<void> {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(1000, until - Date.now())));
      try {
        await heartbeat();
      } catch (error) {
        // A rebalance takes the partition away: give the batch up, its offsets were not moved.
        if (/REBALANCE|UNKNOWN_MEMBER|ILLEGAL_GENERATION|NOT_COORDINATOR/i.test(String((error as { type?: string }).type ?? ''))) throw error;
      }
    }
  }
}

function isInfrastructureFailure(error: unknown): boolean {
  return asInfrastructureFailure(error) !== undefined;
}

/** Maps database, registry and broker outages to InfrastructureUnavailableError; anything else to undefined. */
function asInfrastructureFailure(error: unknown): InfrastructureUnavailableError | undefined {
  if (error instanceof InfrastructureUnavailableError) return error;
  if (isDatabaseUnavailable(error)) return new InfrastructureUnavailableError('database', (error as Error).message, error);
  const name = (error as { name?: string })?.name ?? '';
  if (/^KafkaJS(Connection|NumberOfRetriesExceeded|RequestTimeout|BrokerNotFound|NonRetriable)?Error$/.test(name) && name !== 'KafkaJSNonRetriableError') {
    return new InfrastructureUnavailableError('broker', (error as Error).message, error);
  }
  if (name === 'KafkaJSNonRetriableError' && /ECONNREFUSED|Connection|timeout/i.test((error as Error).message)) {
    return new InfrastructureUnavailableError('broker', (error as Error).message, error);
  }
  return undefined;
}
