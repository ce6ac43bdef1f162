import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { readTopicUntil, stackEndpoints, uniqueName, waitFor } from '@concord/testing';
import { cloudEventHeaders, deadLetterTopic } from '../src';
import { probeDescriptor, type ProbeEvent } from './fixtures/probe-event';
import { createTopic, encodeFor, startHarness, type MessagingHarness } from './messaging-harness';

// These tests stop and restart parts of the shared local stack; the suite runs them in band, and
// every other test waits for them (the stack tool restarts each component before returning).
const endpoints = stackEndpoints();
const stackScript = join(__dirname, '..', '..', '..', 'tools', 'stack', 'stack.sh');
const stack = (...args: string[]) => promisify(execFile)('bash', [stackScript, ...args], { timeout: 300_000 });

async function withDb<T>(work: (db: Client) => Promise<T>): Promise<T> {
  const db = new Client({ connectionString: endpoints.databaseUrl });
  await db.connect();
  try {
    return await work(db);
  } finally {
    await db.end();
  }
}

describe('when PostgreSQL stops in the middle of a stream', () => {
  let harness: MessagingHarness;
  afterAll(async () => {
    await stack('up'); // whatever happened, leave the stack running
    await harness?.close();
  });

  it('dead-letters nothing, moves no offset past unapplied records, and applies every record once after it returns', async () => {
    harness = await startHarness('db-outage');
    const topic = uniqueName('test.probe-recorded.v1');
    await createTopic(topic, 2);
    const descriptor = probeDescriptor(topic);
    const total = 3000;
    const send = async (from: number, to: number) => {
      const messages = [];
      for (let n = from; n < to; n++) {
        const key = `key-${n % 20}`;
        const headers = cloudEventHeaders({ id: randomUUID(), source: '/test/pg', type: descriptor.ceType, subject: key, time: new Date().toISOString() });
        messages.push({ key, value: await encodeFor(harness.codec, descriptor, { key, n }), headers });
      }
      await harness.producer.send({ topic, acks: -1, messages });
    };
    await send(0, 1000);
    await harness.startConsumer({
      recordChunkSize: 50,
      handlers: [
        {
          descriptor,
          async handle(event: { id: string; partition: number; offset: string; payload: ProbeEvent }, { manager }) {
            await manager.query(
              `INSERT INTO "${harness.schema}".effects (event_id, event_key, n, source_partition, source_offset) VALUES ($1, $2, $3, $4, $5)`,
              [event.id, event.payload.key, event.payload.n, event.partition, event.offset],
            );
          },
        },
      ],
    });
    const effects = () => withDb(async (db) => (await db.query(`SELECT count(*)::int AS c FROM "${harness.schema}".effects`)).rows[0].c as number);
    await waitFor(async () => (await effects()) >= 100, { description: 'the first effects' });

    await stack('stop', 'postgres');
    await send(1000, total); // records keep arriving during the outage
    await waitFor(async () => ((await harness.metrics.infrastructureWaits.get()).values.find((v) => v.labels.dependency === 'database')?.value ?? 0) >= 2, {
      timeoutMs: 30_000,
      description: 'the consumer to notice the outage',
    });
    // During the outage: the committed offsets, read from the broker, which is up.
    const admin = new Kafka({ brokers: endpoints.kafkaBrokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    const [{ partitions: duringOutage }] = await admin.fetchOffsets({ groupId: harness.groupId, topics: [topic] });
    // Nothing can commit while the database is down, so every effect stamped before this instant
    // was applied before the outage.
    const recoveryStart = new Date();
    await stack('up');

    await waitFor(async () => (await effects()) >= total, { timeoutMs: 120_000, intervalMs: 250, description: `${total} effects` });
    const ends = await admin.fetchTopicOffsets(topic);
    await waitFor(
      async () => {
        const [{ partitions }] = await admin.fetchOffsets({ groupId: harness.groupId, topics: [topic] });
        return ends.every((end) => partitions.find((p) => p.partition === end.partition)?.offset === end.high);
      },
      { timeoutMs: 60_000, description: 'offsets committed to the end' },
    );
    await admin.disconnect();

    await withDb(async (db) => {
      const { rows } = await db.query(`SELECT count(*)::int AS total, count(DISTINCT n)::int AS distinct_n FROM "${harness.schema}".effects`);
      expect(rows[0]).toEqual({ total, distinct_n: total });
      // Every offset committed during the outage covers only records applied before it.
      for (const { partition, offset } of duringOutage) {
        if (offset === '-1') continue;
        const { rows: applied } = await db.query(
          `SELECT count(*)::int AS c FROM "${harness.schema}".effects WHERE source_partition = $1 AND source_offset < $2 AND applied_at < $3`,
          [partition, offset, recoveryStart],
        );
        expect(applied[0].c).toBe(Number(offset));
      }
    });
    const dead = await readTopicUntil(harness.kafka, deadLetterTopic(topic, harness.groupId), 1, { timeoutMs: 2000 });
    expect(dead).toEqual([]);
  });
});

describe('when the broker stops while events wait in the outbox', () => {
  let harness: MessagingHarness;
  afterAll(async () => {
    await stack('up');
    await harness?.close();
  });

  it('keeps the rows pending, then publishes them in order per key and marks each sent once', async () => {
    harness = await startHarness('broker-outage');
    const topic = uniqueName('test.probe-published.v1');
    await createTopic(topic, 3);
    const descriptor = probeDescriptor(topic);
    await harness.codec.registerWriter(descriptor);
    const outboxRows = () =>
      withDb(async (db) => (await db.query(`SELECT count(*) FILTER (WHERE sent_at IS NULL)::int AS pending, count(*)::int AS total FROM "${harness.schema}".outbox`)).rows[0]);

    await stack('stop', 'kafka');
    harness.relay.start();
    const perKey = 20;
    const keys = ['a', 'b', 'c', 'd', 'e'];
    await harness.dataSource.transaction(async (manager) => {
      for (let n = 1; n <= perKey; n++) for (const key of keys) await harness.outbox.enqueue(manager, descriptor, { key, n });
    });
    harness.relay.nudge();
    // The relay tries and fails while the broker is down; nothing may be marked sent.
    await waitFor(async () => ((await harness.metrics.outboxPublishFailures.get()).values[0]?.value ?? 0) >= 2, {
      timeoutMs: 90_000,
      description: 'the relay to fail twice against the stopped broker',
    });
    expect(await outboxRows()).toEqual({ pending: keys.length * perKey, total: keys.length * perKey });

    await stack('up');
    await waitFor(async () => (await outboxRows()).pending === 0, { timeoutMs: 120_000, description: 'the outbox to drain' });

    const records = await readTopicUntil(harness.kafka, topic, keys.length * perKey, { timeoutMs: 30_000 });
    const ids = records.map((r) => r.headers.ce_id);
    expect(new Set(ids).size).toBe(keys.length * perKey);
    expect(records).toHaveLength(keys.length * perKey);
    for (const key of keys) {
      const sequence = records.filter((r) => r.key === key).map((r) => descriptor.type.fromBuffer(r.value!.subarray(5)).n);
      expect(sequence).toEqual(Array.from({ length: perKey }, (_, i) => i + 1));
    }
    const sentTimes = await withDb(async (db) => (await db.query(`SELECT count(DISTINCT id)::int AS c FROM "${harness.schema}".outbox WHERE sent_at IS NOT NULL`)).rows[0].c);
    expect(sentTimes).toBe(keys.length * perKey);
  });
});
