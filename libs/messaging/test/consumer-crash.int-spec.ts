import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { stackEndpoints, uniqueName, waitFor } from '@concord/testing';
import { cloudEventHeaders } from '../src';
import { probeDescriptor } from './fixtures/probe-event';
import { startProbeProcess, type ProbeProcess } from './fixtures/probe-process';
import { createTopic, encodeFor, startHarness, type MessagingHarness } from './messaging-harness';

const endpoints = stackEndpoints();
const RECORDS = 10_000;

describe('a consumer process killed with SIGKILL in the middle of a batch', () => {
  const topic = uniqueName('test.probe-recorded.v1');
  const schema = uniqueName('crash').replace(/-/g, '_');
  const groupId = uniqueName('crash-group');
  const db = new Client({ connectionString: endpoints.databaseUrl });
  let setup: MessagingHarness;
  let probe: ProbeProcess | undefined;

  beforeAll(async () => {
    await db.connect();
    // The test's own harness creates the schema and tables the child processes will use.
    setup = await startHarness({ name: 'crash-setup', schema, groupId: uniqueName('unused') });
    await createTopic(topic, 3);
  });

  afterAll(async () => {
    probe?.child.kill('SIGKILL');
    await setup.close();
    await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await db.end();
  });

  const count = async () => {
    const { rows } = await db.query(`SELECT count(*)::int AS total, count(DISTINCT event_id)::int AS distinct_events FROM "${schema}".effects`);
    return rows[0] as { total: number; distinct_events: number };
  };

  it('after a restart, every one of 10,000 records took effect exactly once', async () => {
    const descriptor = probeDescriptor(topic);
    for (let start = 0; start < RECORDS; start += 1000) {
      const messages = [];
      for (let n = start; n < start + 1000; n++) {
        const key = `key-${n % 50}`;
        const headers = cloudEventHeaders({ id: randomUUID(), source: '/test/crash', type: descriptor.ceType, subject: key, time: new Date().toISOString() });
        messages.push({ key, value: await encodeFor(setup.codec, descriptor, { key, n }), headers });
      }
      await setup.producer.send({ topic, acks: -1, messages });
    }
    const env = { SERVICE_NAME: 'crash-probe', DB_SCHEMA: schema, GROUP_ID: groupId, CONSUME_TOPIC: topic };

    probe = await startProbeProcess(env);
    await waitFor(async () => (await count()).total >= 2000, { timeoutMs: 120_000, intervalMs: 20, description: '2,000 effects' });
    probe.child.kill('SIGKILL');
    expect((await probe.exited).signal).toBe('SIGKILL');
    const atKill = await count();
    expect(atKill.total).toBeLessThan(RECORDS); // it really died mid-stream

    probe = await startProbeProcess(env);
    await waitFor(async () => (await count()).distinct_events === RECORDS, { timeoutMs: 180_000, intervalMs: 250, description: `${RECORDS} distinct effects` });
    // Wait until the group has committed the end of every partition, so no redelivery is still to come.
    const admin = new Kafka({ brokers: endpoints.kafkaBrokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const ends = await admin.fetchTopicOffsets(topic);
      await waitFor(
        async () => {
          const [{ partitions }] = await admin.fetchOffsets({ groupId, topics: [topic] });
          return ends.every((end) => partitions.find((p) => p.partition === end.partition)?.offset === end.high);
        },
        { timeoutMs: 60_000, description: 'offsets committed to the end of every partition' },
      );
    } finally {
      await admin.disconnect();
    }

    expect(await count()).toEqual({ total: RECORDS, distinct_events: RECORDS });
    probe.child.kill('SIGTERM');
    expect((await probe.exited).code).toBe(0);
    probe = undefined;
  });
});
