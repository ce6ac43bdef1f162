import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { context, propagation, trace } from '@opentelemetry/api';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { Client } from 'pg';
import { loadConfig } from '@concord/config';
import { anInventorySnapshotRequested, avroOptions, type InventorySnapshotRequested, type InventoryUpdated } from '@concord/contracts';
import { loadCharter } from '@concord/governance';
import { AvroCodec, cloudEventHeaders, DecodeError, eventDescriptor } from '@concord/messaging';
import { startTracing } from '@concord/observability';
import { resolveCharterPath } from '@concord/service-runtime';
import { stackEndpoints, uniqueName, uniqueSchemaName, waitFor } from '@concord/testing';
import { AppModule } from '../src/app.module';
import { simulatorConfigSchema } from '../src/config/simulator.config';

// The simulator started in-process against the real broker, registry and database, feeding the real
// ingress topic fast for a few seconds. Its SKUs carry a prefix of this run's own, so the records
// it sends are told apart from everyone else's on the shared topic.
const endpoints = stackEndpoints();
const updated = eventDescriptor('InventoryUpdated');
const requested = eventDescriptor('InventorySnapshotRequested');
const charter = loadCharter(resolveCharterPath(undefined));
const charterLocations = charter.inventoryRouting.locations.map((location) => location.id);
const RATE = 2000;
const BAD_SHARE = 0.1;
const SKU_COUNT = 50;

interface SentRecord {
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}

interface StatusBody {
  inventory: {
    ratePerSecond: number;
    sent: Record<'WMS' | 'ERP', Record<string, number>>;
    erp: { pending: number };
    snapshotRequests: { answered: number; ignored: number };
  };
}

describe('the simulated WMS and ERP on the real stack', () => {
  const tracing = startTracing({ serviceName: uniqueName('simulator-int-spec'), otlpEndpoint: endpoints.otlpEndpoint });
  const prefix = `SIMTEST-${randomUUID().slice(0, 8)}-`;
  const schema = uniqueSchemaName('simulator_int');
  const groupId = uniqueName('simulator-int');
  const kafka = new Kafka({ brokers: endpoints.kafkaBrokers, clientId: 'simulator-int-spec', logLevel: logLevel.NOTHING });
  const codec = new AvroCodec({ registryUrl: endpoints.schemaRegistryUrl, avroOptions });
  const received: SentRecord[] = [];
  let admin: Admin;
  let database: Client;
  let stopTail: () => Promise<void>;
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
    database = new Client({ connectionString: endpoints.databaseUrl });
    await database.connect();
    // The simulator also consumes what the order flow sends its ERP and WMS: its fresh group starts at
    // the end of those topics too, or it would first work through their whole history.
    const consumed = [requested.topic, ...(['OrderAccepted', 'CustomerSyncRequested', 'OrderCancellationRequested'] as const).map((event) => eventDescriptor(event).topic)];
    await admin.createTopics({ topics: [updated.topic, ...consumed].map((topic) => ({ topic })), waitForLeaders: true });
    // Only what is sent from now on: the reader and the simulator's own group start at the end.
    stopTail = await tailTopic(admin, updated.topic, (key) => key.startsWith(prefix), received);
    for (const topic of consumed) await moveGroupToEnd(admin, groupId, topic);

    const config = loadConfig(simulatorConfigSchema, {
      ...process.env,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
      SIMULATOR_INVENTORY_RATE: String(RATE),
      SIMULATOR_BAD_RECORD_SHARE: String(BAD_SHARE),
      SIMULATOR_SEED: String(Math.floor(Math.random() * 2 ** 31)),
      SIMULATOR_SKU_COUNT: String(SKU_COUNT),
      SIMULATOR_SKU_PREFIX: prefix,
      SIMULATOR_ERP_POSTING_INTERVAL_MS: '300',
      // The order flow has its own test (order-flow.int-spec.ts): no orders here.
      SIMULATOR_ORDER_RATE: '0',
      SIMULATOR_REFERENCE_REFRESH_MS: '0',
      SIMULATOR_DB_SCHEMA: schema,
      SIMULATOR_GROUP_ID: groupId,
    });
    app = await NestFactory.create(AppModule.register(config, charter), { logger: false });
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });

  afterAll(async () => {
    await app?.close();
    await stopTail?.();
    await database?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await database?.end();
    await admin?.deleteGroups([groupId]).catch(() => undefined);
    await admin?.disconnect();
    await tracing.shutdown();
  });

  const status = async (): Promise<StatusBody> => (await (await fetch(`${url}/simulator/status`)).json()) as StatusBody;
  const fromSystem = (system: 'wms' | 'erp') => received.filter((record) => record.headers.ce_source === `/${system}/simulator`);
  const setRate = (body: unknown) => fetch(`${url}/simulator/inventory/rate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  describe('when feeding at a high rate', () => {
    let wms: SentRecord[];
    let erp: SentRecord[];

    beforeAll(async () => {
      await waitFor(() => fromSystem('wms').length >= 3000, { timeoutMs: 60_000, description: '3,000 WMS records' });
      const paused = await setRate({ eventsPerSecond: 0 });
      expect(paused.status).toBe(200);
      expect(((await paused.json()) as StatusBody).inventory.ratePerSecond).toBe(0);
      // Everything the simulator says it sent arrives, once: nothing lost, nothing doubled.
      const sent = await waitFor(
        async () => {
          const { inventory } = await status();
          return inventory.erp.pending === 0 && fromSystem('wms').length === inventory.sent.WMS.total && fromSystem('erp').length === inventory.sent.ERP.total && inventory.sent;
        },
        { timeoutMs: 30_000, description: 'every sent record to be read back' },
      );
      wms = fromSystem('wms');
      erp = fromSystem('erp');
      expect(sent.WMS.total).toBe(wms.length);
    });

    it('stamps every record with complete CloudEvents headers and a traceparent, keyed by SKU', () => {
      const ids = new Set<string>();
      for (const { key, headers } of received) {
        expect(headers).toMatchObject({ ce_specversion: '1.0', ce_type: updated.ceType, ce_subject: key });
        expect(headers.ce_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(new Date(headers.ce_time).toISOString()).toBe(headers.ce_time);
        expect(headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
        expect(['application/avro', 'application/json']).toContain(headers['content-type']);
        ids.add(headers.ce_id);
      }
      expect(ids.size).toBe(received.length);
    });

    it('frames events as Avro the registry decodes, sent by the system they name, at charter locations', async () => {
      for (const [system, records] of [['WMS', wms], ['ERP', erp]] as const) {
        for (const record of records.filter((r) => r.headers['content-type'] === 'application/avro')) {
          const { payload } = await codec.decode(record.value, updated);
          expect(payload.sku).toBe(record.key);
          expect(payload.sourceSystem).toBe(system);
          if (payload.locationId.trim() !== '') expect(charterLocations).toContain(payload.locationId);
        }
      }
    });

    it('sends about the configured share of bad WMS records, of every kind, each failing as it should downstream', async () => {
      const kinds = new Map<string, number>();
      for (const record of wms) {
        const kind = await badKindOf(record);
        if (kind) kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      }
      const bad = [...kinds.values()].reduce((a, b) => a + b, 0);
      expect(bad / wms.length).toBeGreaterThan(BAD_SHARE * 0.7);
      expect(bad / wms.length).toBeLessThan(BAD_SHARE * 1.3);
      expect([...kinds.keys()].sort()).toEqual(['blank-location', 'garbage-text', 'negative-snapshot']);
      const { inventory } = await status();
      expect(Object.fromEntries(kinds)).toEqual({
        'garbage-text': inventory.sent.WMS['garbage-text'],
        'negative-snapshot': inventory.sent.WMS['negative-snapshot'],
        'blank-location': inventory.sent.WMS['blank-location'],
      });
    });

    it('has the ERP book every valid WMS record, later, in posting runs', async () => {
      const { sent } = (await status()).inventory;
      // Counts the WMS sent in answer to a snapshot request are not movements; the ERP books none of them.
      const movementsAndCounts = wms.length - (await Promise.all(wms.map(badKindOf))).filter(Boolean).length - sent.WMS['snapshot-answer'];
      expect(movementsAndCounts).toBe(sent.WMS.snapshot + sent.WMS.adjustment);
      expect(erp).toHaveLength(movementsAndCounts);
      for (const record of erp) expect(record.headers['content-type']).toBe('application/avro');
    });
  });

  describe('when inventory asks for a snapshot', () => {
    it('answers with fresh SNAPSHOT counts from the system asked, in the request trace, and ignores SKUs it does not stock', async () => {
      const sku = `${prefix}00007`;
      const toWms = anInventorySnapshotRequested({ sku, locationId: null, targetSystem: 'WMS', requestedAt: new Date() });
      const toErp = anInventorySnapshotRequested({ sku, locationId: 'DC-EU', targetSystem: 'ERP', requestedAt: new Date() });
      const unknown = anInventorySnapshotRequested({ sku: `${prefix}99999`, targetSystem: 'WMS', requestedAt: new Date() });
      const before = (await status()).inventory.snapshotRequests;
      const traceId = await sendSnapshotRequests([toWms, toErp, unknown]);

      const answers = (request: InventorySnapshotRequested) =>
        received.filter((record) => record.key === sku && record.value.includes(Buffer.from(`COUNT-FOR-${request.requestId}`)));
      await waitFor(() => answers(toWms).length === charterLocations.length && answers(toErp).length === 1, { description: 'the snapshot answers' });

      const wmsCounts = await Promise.all(answers(toWms).map(async (record) => ({ record, event: (await codec.decode(record.value, updated)).payload })));
      expect(wmsCounts.map(({ event }) => event.locationId).sort()).toEqual([...charterLocations].sort());
      for (const { record, event } of wmsCounts) {
        expect(event).toMatchObject({ sourceSystem: 'WMS', kind: 'SNAPSHOT', adjustmentReason: null, reference: `WMS-COUNT-FOR-${toWms.requestId}` });
        expect(event.quantity).toBeGreaterThanOrEqual(0);
        expect(record.headers.ce_source).toBe('/wms/simulator');
        expect(record.headers.traceparent.split('-')[1]).toBe(traceId);
      }
      const [erpCount] = answers(toErp);
      expect((await codec.decode(erpCount.value, updated)).payload).toMatchObject({ sourceSystem: 'ERP', kind: 'SNAPSHOT', locationId: 'DC-EU' });
      expect(erpCount.headers.ce_source).toBe('/erp/simulator');

      // At least: an inventory service running on the same stack may ask about this test's SKUs too.
      await waitFor(
        async () => {
          const { snapshotRequests } = (await status()).inventory;
          return snapshotRequests.answered >= before.answered + 2 && snapshotRequests.ignored >= before.ignored + 1;
        },
        { description: 'all three requests processed' },
      );
      expect(received.filter((record) => record.key === unknown.sku)).toEqual([]);
    });
  });

  describe('when the rate is changed over HTTP', () => {
    it('takes a new rate and answers a bad one with a 400 naming the field', async () => {
      const changed = await setRate({ eventsPerSecond: 5 });
      expect(changed.status).toBe(200);
      expect(((await status()).inventory.ratePerSecond)).toBe(5);

      const rejected = await setRate({ eventsPerSecond: 'fast' });
      expect(rejected.status).toBe(400);
      expect(((await rejected.json()) as { message: string }).message).toBe('eventsPerSecond: expected a number (got "fast")');
      expect((await status()).inventory.ratePerSecond).toBe(5);
      await setRate({ eventsPerSecond: 0 });
    });
  });

  /** The kind of bad record a WMS record is, or undefined for a good one. */
  async function badKindOf(record: SentRecord): Promise<string | undefined> {
    if (record.headers['content-type'] === 'application/json') {
      await expect(codec.decode(record.value, updated)).rejects.toMatchObject({ code: 'DECODE.UNFRAMED_TEXT' });
      await expect(codec.decode(record.value, updated)).rejects.toBeInstanceOf(DecodeError);
      return 'garbage-text';
    }
    const event: InventoryUpdated = (await codec.decode(record.value, updated)).payload;
    if (event.locationId.trim() === '') return 'blank-location';
    if (event.kind === 'SNAPSHOT' && event.quantity < 0) return 'negative-snapshot';
    return undefined;
  }

  /** Sends the requests as inventory would, under one traced span; resolves with its trace id. */
  async function sendSnapshotRequests(requests: InventorySnapshotRequested[]): Promise<string> {
    await codec.registerWriter(requested);
    const producer = kafka.producer();
    await producer.connect();
    const span = trace.getTracer('simulator-int-spec').startSpan('request snapshots');
    try {
      const carrier: Record<string, string> = {};
      propagation.inject(trace.setSpan(context.active(), span), carrier);
      await producer.send({
        topic: requested.topic,
        acks: -1,
        messages: requests.map((request) => ({
          key: request.sku,
          value: codec.encode(requested, request),
          headers: cloudEventHeaders(
            { id: randomUUID(), source: '/concord/inventory-test', type: requested.ceType, subject: request.sku, time: new Date().toISOString() },
            carrier.traceparent,
          ),
        })),
      });
    } finally {
      span.end();
      await producer.disconnect();
    }
    return span.spanContext().traceId;
  }

  /** Reads `topic` from its current end into `into`, keeping records whose key passes; resolves with a stop function. */
  async function tailTopic(admin: Admin, topic: string, keep: (key: string) => boolean, into: SentRecord[]): Promise<() => Promise<void>> {
    const readerGroup = uniqueName('simulator-int-reader');
    await moveGroupToEnd(admin, readerGroup, topic);
    const consumer = kafka.consumer({ groupId: readerGroup, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic] });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const key = message.key?.toString('utf8') ?? '';
        if (!keep(key) || !message.value) return;
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(message.headers ?? {})) if (value !== undefined) headers[name] = value.toString();
        into.push({ key, value: message.value, headers });
      },
    });
    return async () => {
      await consumer.disconnect();
      await admin.deleteGroups([readerGroup]).catch(() => undefined);
    };
  }
});

/** Commits a new group's offsets at the topic's current end, so it reads only what comes next. */
async function moveGroupToEnd(admin: Admin, groupId: string, topic: string): Promise<void> {
  // A topic created a moment ago may still answer "not the leader" until the metadata settles.
  const ends = await waitFor(() => admin.fetchTopicOffsets(topic), { description: `the end offsets of ${topic}` });
  await admin.setOffsets({ groupId, topic, partitions: ends.map(({ partition, offset }) => ({ partition, offset })) });
}
