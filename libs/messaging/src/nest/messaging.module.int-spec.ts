import { randomUUID } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { Injectable, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { Client } from 'pg';
import pino from 'pino';
import type { EntityManager } from 'typeorm';
import { baseConfigSchema, loadConfig } from '@concord/config';
import { avroOptions } from '@concord/contracts';
import { createMetricsRegistry, HealthModule } from '@concord/observability';
import { createTopics, readTopicUntil, stackEndpoints, uniqueName, uniqueSchemaName, waitFor } from '@concord/testing';
import { EffectsTable1764201600001 } from '../../test/fixtures/effects-table.migration';
import { probeDescriptor, type ProbeEvent } from '../../test/fixtures/probe-event';
import { cloudEventHeaders } from '../cloud-events';
import { AvroCodec } from '../codec/avro-codec';
import type { ConsumedEvent, EventHandlerContext } from '../consumer/consumer-runner';
import type { EventDescriptor } from '../event-descriptor';
import { HandlesEvent, type EventHandler } from './handles-event.decorator';
import { MessagingModule } from './messaging.module';
import type { MessagingModuleOptions } from './messaging.options';
import { UnitOfWork } from './unit-of-work';

const endpoints = stackEndpoints();
const silent = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

describe('MessagingModule in a Nest application on the real broker, registry and database', () => {
  let kafka: Kafka;
  let admin: Admin;
  let database: Client;
  let schema: string;
  let groupId: string;
  let app: INestApplication | undefined;

  beforeAll(async () => {
    kafka = new Kafka({ brokers: endpoints.kafkaBrokers, clientId: 'nest-int-spec', logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
    database = new Client({ connectionString: endpoints.databaseUrl });
    await database.connect();
  });

  afterAll(async () => {
    await admin.disconnect();
    await database.end();
  });

  beforeEach(() => {
    schema = uniqueSchemaName('nest_probe');
    groupId = uniqueName('nest-probe-group');
  });

  afterEach(async () => {
    await app?.close().catch(() => undefined);
    app = undefined;
    await database.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  });

  /** Starts a Nest app around MessagingModule, listening on a free port. */
  async function startApp(options: Partial<MessagingModuleOptions>, providers: (new (...args: never[]) => unknown)[] = []): Promise<INestApplication> {
    @Module({
      imports: [
        HealthModule.forRoot({ registry: createMetricsRegistry('nest-probe') }),
        MessagingModule.forRoot({
          service: 'nest-probe',
          groupId,
          schema,
          config: loadConfig(baseConfigSchema, process.env),
          migrations: [EffectsTable1764201600001],
          logger: silent,
          consumer: {
            retryBackoffMs: 50,
            onCrash: (error) => {
              throw error;
            },
          },
          relay: { maxBackoffMs: 500 },
          ...options,
        }),
      ],
      providers,
    })
    class ProbeServiceModule {}
    const started = await NestFactory.create(ProbeServiceModule, { logger: false });
    await started.listen(0, '127.0.0.1');
    app = started;
    return started;
  }

  const pendingOutboxRows = async () =>
    Number((await database.query(`SELECT count(*) AS n FROM "${schema}".outbox WHERE sent_at IS NULL`)).rows[0].n);
  const effects = async (): Promise<number[]> =>
    (await database.query(`SELECT n FROM "${schema}".effects ORDER BY n`)).rows.map((row: { n: number }) => row.n);

  describe('when a handler class is listed and provided', () => {
    it('consumes its event, commits the effect with a follow-up event, reports ready, and drains everything on close', async () => {
      const inbound = probeDescriptor(uniqueName('test.nest-probe-in.v1'));
      const outbound = probeDescriptor(uniqueName('test.nest-probe-out.v1'));
      await createTopics(endpoints.kafkaBrokers, [{ topic: inbound.topic }, { topic: outbound.topic }]);
      await sendProbes(inbound, 50);

      /** A dependency the handler gets by injection, as a repository or use case would be. */
      @Injectable()
      class EffectLog {
        async record(manager: EntityManager, event: ConsumedEvent<ProbeEvent>) {
          await manager.query(`INSERT INTO "${schema}".effects (event_id, event_key, n, source_offset) VALUES ($1, $2, $3, $4)`, [
            event.id,
            event.payload.key,
            event.payload.n,
            event.offset,
          ]);
        }
      }

      @HandlesEvent(inbound)
      class ProbeRecordedHandler implements EventHandler<ProbeEvent> {
        constructor(private readonly effectLog: EffectLog) {}

        async handle(event: ConsumedEvent<ProbeEvent>, { manager, publish }: EventHandlerContext) {
          await this.effectLog.record(manager, event);
          await publish(outbound, { key: event.payload.key, n: event.payload.n * 10 });
        }
      }

      const started = await startApp({ handlers: [ProbeRecordedHandler], produces: [outbound] }, [EffectLog, ProbeRecordedHandler]);
      await waitFor(async () => (await effects()).length > 0, { description: 'the first effect' });

      const ready = await fetch(`${await started.getUrl()}/health/ready`);
      expect(ready.status).toBe(200);
      expect(((await ready.json()) as { checks: unknown[] }).checks).toEqual([
        { name: 'database', status: 'up' },
        { name: 'broker', status: 'up' },
        { name: 'schema-registry', status: 'up' },
      ]);

      await started.close();
      app = undefined;

      expect(await pendingOutboxRows()).toBe(0);
      const applied = await effects();
      const published = await readTopicUntil(kafka, outbound.topic, applied.length);
      expect(new Set(published.map((record) => outbound.type.fromBuffer(record.value!.subarray(5)).n))).toEqual(new Set(applied.map((n) => n * 10)));
      expect(published[0].headers).toMatchObject({ ce_source: '/concord/nest-probe', ce_type: outbound.ceType, 'content-type': 'application/avro' });
      const [group] = (await admin.describeGroups([groupId])).groups;
      expect(group.members).toEqual([]);
    });
  });

  describe('when a use case publishes through the UnitOfWork', () => {
    it('publishes what committed and nothing of what rolled back', async () => {
      const outbound = probeDescriptor(uniqueName('test.nest-probe-uow.v1'));
      await createTopics(endpoints.kafkaBrokers, [{ topic: outbound.topic }]);
      const started = await startApp({ produces: [outbound] });
      const unitOfWork = started.get(UnitOfWork);

      await expect(
        unitOfWork.run(async ({ manager, publish }) => {
          await manager.query(`INSERT INTO "${schema}".effects (event_id, event_key, n, source_offset) VALUES ('rolled-back', 'k', 1, 0)`);
          await publish(outbound, { key: 'k', n: 1 });
          throw new Error('the use case changed its mind');
        }),
      ).rejects.toThrow('the use case changed its mind');
      const id = await unitOfWork.run(async ({ manager, publish }) => {
        await manager.query(`INSERT INTO "${schema}".effects (event_id, event_key, n, source_offset) VALUES ('committed', 'k', 2, 0)`);
        return publish(outbound, { key: 'k', n: 2 });
      });

      const [record] = await readTopicUntil(kafka, outbound.topic, 1);
      expect(record.headers.ce_id).toBe(id);
      expect(outbound.type.fromBuffer(record.value!.subarray(5))).toEqual({ key: 'k', n: 2 });
      expect(await effects()).toEqual([2]);
      await waitFor(async () => (await pendingOutboxRows()) === 0, { description: 'the outbox to drain' });
    });
  });

  describe('when the schema registry does not answer', () => {
    it('reports not ready, naming the registry, while the database and broker are up', async () => {
      const config = loadConfig(baseConfigSchema, { ...process.env, SCHEMA_REGISTRY_URL: `http://127.0.0.1:${await closedPort()}/apis/ccompat/v7` });
      const started = await startApp({ config, readinessTimeoutMs: 1000 });

      const ready = await fetch(`${await started.getUrl()}/health/ready`);

      expect(ready.status).toBe(503);
      expect(((await ready.json()) as { checks: unknown[] }).checks).toEqual([
        { name: 'database', status: 'up' },
        { name: 'broker', status: 'up' },
        { name: 'schema-registry', status: 'down', reason: expect.stringContaining('ECONNREFUSED') },
      ]);
    });
  });
});

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Sends `count` probe events (keys k0..k4) with CloudEvents headers, framed with a registered schema. */
async function sendProbes(descriptor: EventDescriptor<ProbeEvent>, count: number): Promise<void> {
  const codec = new AvroCodec({ registryUrl: endpoints.schemaRegistryUrl, avroOptions });
  const kafka = new Kafka({ brokers: endpoints.kafkaBrokers, clientId: 'nest-int-spec-source', logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await codec.registerWriter(descriptor);
  await producer.connect();
  try {
    const messages = [];
    for (let n = 1; n <= count; n++) {
      const payload = { key: `k${n % 5}`, n };
      messages.push({
        key: payload.key,
        value: codec.encode(descriptor, payload),
        headers: cloudEventHeaders({ id: randomUUID(), source: '/test/source', type: descriptor.ceType, subject: payload.key, time: new Date().toISOString() }),
      });
    }
    await producer.send({ topic: descriptor.topic, acks: -1, messages });
  } finally {
    await producer.disconnect();
  }
}
