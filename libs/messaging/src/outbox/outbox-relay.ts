import { SpanStatusCode } from '@opentelemetry/api';
import type { Producer } from 'kafkajs';
import type { Logger } from 'pino';
import type { DataSource, QueryRunner } from 'typeorm';
import type { MessagingMetrics } from '../messaging-metrics';
import { startSendSpan } from '../tracing/message-tracing';

export interface OutboxRelayOptions {
  /** Rows published per round (default 500). */
  batchSize?: number;
  /** How often an idle relay looks for new rows when nobody nudged it (default 50 ms). */
  idlePollMs?: number;
  /** Longest wait between attempts while the broker or database is down (default 5 s). */
  maxBackoffMs?: number;
}

interface OutboxRow {
  id: string;
  event_id: string;
  topic: string;
  message_key: string;
  value: Buffer;
  headers: Record<string, string>;
  traceparent: string | null;
}

/**
 * Publishes the outbox: pending rows in id order (so in order per key), marked sent only after the
 * broker acknowledged them (acks=all, idempotent producer). While the broker or the database is
 * down it backs off and keeps the rows pending; a crash between the acknowledgement and the mark
 * re-sends rows, which consumers drop by `ce_id` — delivery is at-least-once, effects exactly-once.
 *
 * Only one relay per service schema publishes at a time (a Postgres advisory lock elects it), so
 * several instances of a service never reorder one key's events.
 */
export class OutboxRelay {
  private readonly table: string;
  private readonly lockKey: string;
  private readonly batchSize: number;
  private readonly idlePollMs: number;
  private readonly maxBackoffMs: number;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private nudged = false;
  private lockHolder?: QueryRunner;

  constructor(
    private readonly dataSource: DataSource,
    schema: string,
    private readonly producer: Producer,
    private readonly metrics: MessagingMetrics,
    private readonly logger: Logger,
    options: OutboxRelayOptions = {},
  ) {
    this.table = `"${schema}".outbox`;
    this.lockKey = `concord.outbox.${schema}`;
    this.batchSize = options.batchSize ?? 500;
    this.idlePollMs = options.idlePollMs ?? 50;
    this.maxBackoffMs = options.maxBackoffMs ?? 5000;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Tells the relay that rows may be waiting, so it does not wait for its next poll. */
  nudge(): void {
    this.nudged = true;
    this.wake?.();
  }

  /**
   * Stops after publishing what is pending, within `timeoutMs`. Rows still pending then stay in the
   * table and go out after the next start.
   */
  async stop(timeoutMs = 10_000): Promise<void> {
    if (!this.running) return;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && (await this.pendingCount().catch(() => 0)) > 0 && this.lockHolder) {
      this.nudge();
      await delay(20);
    }
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.releaseLock();
  }

  /** Rows not yet acknowledged; also exported as the `concord_outbox_backlog` gauge. */
  async pendingCount(): Promise<number> {
    const [{ count }] = await this.dataSource.query(`SELECT count(*)::int AS count FROM ${this.table} WHERE sent_at IS NULL`);
    this.metrics.outboxBacklog.set(count);
    return count;
  }

  private async run(): Promise<void> {
    let failures = 0;
    let lastBacklogReport = 0;
    while (this.running) {
      try {
        if (!(await this.holdLock())) {
          await this.sleep(1000); // another instance publishes; stand by
          continue;
        }
        const published = await this.publishBatch();
        failures = 0;
        if (Date.now() - lastBacklogReport > 5000) {
          lastBacklogReport = Date.now();
          await this.pendingCount();
        }
        if (published < this.batchSize) await this.sleep(this.idlePollMs);
      } catch (error) {
        failures++;
        this.metrics.outboxPublishFailures.inc();
        const wait = Math.min(this.maxBackoffMs, 100 * 2 ** Math.min(failures, 10));
        this.logger.warn({ err: error, retryInMs: wait }, 'outbox relay: publishing failed; rows stay pending');
        await this.releaseLock();
        await this.sleep(wait);
      }
    }
  }

  /** Publishes up to one batch; resolves with the number of rows marked sent. */
  private async publishBatch(): Promise<number> {
    const rows: OutboxRow[] = await this.dataSource.query(
      `SELECT id, event_id, topic, message_key, value, headers, traceparent FROM ${this.table}
       WHERE sent_at IS NULL ORDER BY id LIMIT $1`,
      [this.batchSize],
    );
    if (rows.length === 0) return 0;

    const sends = rows.map((row) => ({ row, ...startSendSpan(row.topic, row.traceparent ?? undefined, row.event_id) }));
    const byTopic = new Map<string, { key: string; value: Buffer; headers: Record<string, string> }[]>();
    for (const { row, traceparent } of sends) {
      const messages = byTopic.get(row.topic) ?? [];
      const headers = traceparent ? { ...row.headers, traceparent } : row.headers;
      messages.push({ key: row.message_key, value: row.value, headers });
      byTopic.set(row.topic, messages);
    }
    try {
      await this.producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      });
    } catch (error) {
      for (const { span } of sends) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
        span.end();
      }
      throw error;
    }
    for (const { span } of sends) span.end();
    await this.dataSource.query(`UPDATE ${this.table} SET sent_at = now() WHERE id = ANY($1::bigint[])`, [rows.map((row) => row.id)]);
    for (const [topic, messages] of byTopic) this.metrics.produced.inc({ topic }, messages.length);
    return rows.length;
  }

  /** Holds the session-level advisory lock on a dedicated connection; false while another has it. */
  private async holdLock(): Promise<boolean> {
    if (this.lockHolder) return true;
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.connect();
      const [{ locked }] = await runner.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [this.lockKey]);
      if (!locked) {
        await runner.release();
        return false;
      }
      this.lockHolder = runner;
      return true;
    } catch (error) {
      await runner.release().catch(() => undefined);
      throw error;
    }
  }

  private async releaseLock(): Promise<void> {
    const runner = this.lockHolder;
    this.lockHolder = undefined;
    if (!runner) return;
    await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [this.lockKey]).catch(() => undefined);
    await runner.release().catch(() => undefined);
  }

  private sleep(ms: number): Promise<void> {
    if (this.nudged || !this.running) {
      this.nudged = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = undefined;
        this.nudged = false;
        done();
      };
    });
  }
}

function delay(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
