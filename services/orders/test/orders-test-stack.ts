// Runs the orders service in-process against the real stack, for integration tests: its own
// Postgres schema and consumer group per test file, the other systems played by the test (events
// produced the way their producers produce them: Avro, Confluent framing, CloudEvents headers), and
// what orders publishes read back from the real catalog topics, filtered by the test's own orders.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { Client } from 'pg';
import pino from 'pino';
import { parseDocument, type Document } from 'yaml';
import { loadConfig } from '@concord/config';
import { avroOptions, type EventPayloads } from '@concord/contracts';
import { loadCharter, parseCharter, type Charter } from '@concord/governance';
import { AvroCodec, cloudEventHeaders, deadLetterTopic, eventDescriptor } from '@concord/messaging';
import { createLogger, JsonNestLogger } from '@concord/observability';
import { CharterModule, resolveCharterPath } from '@concord/service-runtime';
import { createTopics, stackEndpoints, uniqueName, uniqueSchemaName, waitFor } from '@concord/testing';
import { AppModule } from '../src/app.module';
import { ordersConfigSchema, type OrdersConfig } from '../src/config/orders.config';

const endpoints = stackEndpoints();
const TEST_LOG_LEVEL = process.env.TEST_LOG_LEVEL;

/** The events orders consumes. */
export const CONSUMED = [
  'OrderPlaced',
  'OrderCancelled',
  'StockReserved',
  'StockReservationRejected',
  'OrderPostedToErp',
  'OrderShipped',
  'OrderReturned',
  'CustomerChanged',
  'ProductChanged',
  'PriceChanged',
] as const;
/** The events orders publishes. */
export const PUBLISHED = [
  'StockReservationRequested',
  'StockReleaseRequested',
  'CustomerCreationRequested',
  'OrderAccepted',
  'OrderRejected',
  'OrderHeld',
  'OrderCancellationRequested',
] as const;

type ConsumedEventName = (typeof CONSUMED)[number];
type PublishedEventName = (typeof PUBLISHED)[number];

/** One published record, decoded. */
export interface PublishedRecord<E extends PublishedEventName> {
  readonly payload: EventPayloads[E];
  readonly key: string | null;
  readonly headers: Record<string, string>;
}

const CHARTER_PATH = resolveCharterPath(undefined);

/** The shipped charter: price mismatches accepted at the governed price, back-orders allowed. */
export const shippedCharter: Charter = loadCharter(CHARTER_PATH);

/** The shipped charter after `edit` changed its YAML document. */
export function charterWith(edit: (document: Document) => void): Charter {
  const document = parseDocument(readFileSync(CHARTER_PATH, 'utf8'));
  edit(document);
  return parseCharter(String(document), 'orders-test-charter.yaml');
}

export interface OrdersTestStack {
  readonly schema: string;
  readonly groupId: string;
  readonly config: OrdersConfig;
  readonly kafka: Kafka;
  /** A database connection for assertions; queries name tables unqualified (search_path is the schema). */
  readonly database: Client;
  readonly published: PublishedLog;
  /** Starts an instance of the service (the first one runs the migrations). */
  startInstance(): Promise<INestApplication>;
  /** Produces events as their producers do, keyed by their aggregate id. */
  send<E extends ConsumedEventName>(eventName: E, payloads: readonly EventPayloads[E][], options?: { source?: string }): Promise<void>;
  /** The URL of the first instance. */
  url(path: string): Promise<string>;
  /** The sum of a counter's samples on the first instance's /metrics whose labels include `labels`. */
  metric(name: string, labels?: Record<string, string>): Promise<number>;
  close(): Promise<void>;
}

export interface OrdersTestOptions {
  /** Environment overrides (e.g. ORDERS_CUSTOMER_WAIT). */
  env?: Record<string, string>;
  charter?: Charter;
}

/**
 * A unique schema and consumer group, the group's offsets at the end of the consumed topics (so an
 * instance reads only what the test sends), and a reader of the published topics from their end.
 */
export async function startOrdersTestStack(options: OrdersTestOptions = {}): Promise<OrdersTestStack> {
  const schema = uniqueSchemaName('orders_test');
  const groupId = uniqueName('orders-test');
  const config = loadConfig(ordersConfigSchema, {
    ...process.env,
    LOG_LEVEL: TEST_LOG_LEVEL ?? 'fatal',
    ORDERS_DB_SCHEMA: schema,
    ORDERS_GROUP_ID: groupId,
    ORDERS_CUSTOMER_WAIT_SWEEP_INTERVAL_MS: '250',
    ...options.env,
  });
  const charter = options.charter ?? shippedCharter;
  const kafka = new Kafka({ brokers: endpoints.kafkaBrokers, clientId: 'orders-int-spec', logLevel: logLevel.NOTHING, retry: { retries: 5, initialRetryTime: 100 } });
  const topics = [...CONSUMED, ...PUBLISHED].map((name) => eventDescriptor(name).topic);
  // Catalog topics are normally created by their first producer with the broker's default of 6 partitions.
  await createTopics(endpoints.kafkaBrokers, topics.map((topic) => ({ topic, partitions: 6 })));
  await startGroupAtEnd(kafka, groupId, CONSUMED.map((name) => eventDescriptor(name).topic));

  const codec = new AvroCodec({ registryUrl: endpoints.schemaRegistryUrl, avroOptions });
  const published = await PublishedLog.start(kafka, codec);
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const database = new Client({ connectionString: endpoints.databaseUrl, options: `-c search_path=${schema}` });
  await database.connect();

  const instances: INestApplication[] = [];
  const stack: OrdersTestStack = {
    schema,
    groupId,
    config,
    kafka,
    database,
    published,
    async startInstance() {
      const app = await startApp(config, charter);
      instances.push(app);
      return app;
    },
    async send(eventName, payloads, { source = '/test/source-system' } = {}) {
      const descriptor = eventDescriptor(eventName);
      await codec.registerWriter(descriptor);
      await producer.send({
        topic: descriptor.topic,
        acks: -1,
        messages: payloads.map((payload) => {
          const key = descriptor.keyOf(payload);
          return {
            key,
            value: codec.encode(descriptor, payload),
            headers: cloudEventHeaders({ id: randomUUID(), source, type: descriptor.ceType, subject: key, time: new Date().toISOString() }),
          };
        }),
      });
    },
    async url(path) {
      if (instances.length === 0) throw new Error('no instance started');
      return `${await instances[0].getUrl()}${path}`;
    },
    async metric(name, labels = {}) {
      const text = await (await fetch(await stack.url('/metrics'))).text();
      return sumSamples(text, name, labels);
    },
    async close() {
      for (const app of instances.reverse()) await app.close().catch(() => undefined);
      await published.stop();
      await producer.disconnect();
      await database.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
      await database.end();
      await deleteGroups(kafka, [groupId, published.groupId]);
      await deleteTopics(kafka, CONSUMED.map((name) => deadLetterTopic(eventDescriptor(name).topic, groupId)));
    },
  };
  return stack;
}

async function startApp(config: OrdersConfig, charter: Charter): Promise<INestApplication> {
  @Module({})
  class OrdersUnderTest {}
  const root: DynamicModule = {
    module: OrdersUnderTest,
    imports: [
      AppModule.register(config, {
        consumer: {
          retryBackoffMs: 50,
          onCrash: (error) => {
            throw error;
          },
        },
        relay: { maxBackoffMs: 500 },
        logger: pino({ level: TEST_LOG_LEVEL ?? 'silent' }, pino.destination(2)),
      }),
      CharterModule.forRoot(charter),
    ],
  };
  const app = await NestFactory.create(root, {
    logger: TEST_LOG_LEVEL === undefined ? false : new JsonNestLogger(createLogger('orders-under-test', TEST_LOG_LEVEL)),
  });
  await app.listen(0, '127.0.0.1');
  return app;
}

/**
 * Commits the group's offsets at the topics' current ends, before its real members join: a member
 * of the group that only seeks (admin.setOffsets does the same, but waits out a 5 s fetch per topic).
 */
async function startGroupAtEnd(kafka: Kafka, groupId: string, topics: readonly string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
  try {
    const ends = await Promise.all(topics.map(async (topic) => ({ topic, partitions: await admin.fetchTopicOffsets(topic) })));
    await consumer.connect();
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    const joined = joinOf(consumer, groupId);
    await consumer.run({ eachBatchAutoResolve: false, eachBatch: async () => undefined });
    consumer.pause(topics.map((topic) => ({ topic })));
    await joined;
    for (const { topic, partitions } of ends) for (const { partition, high } of partitions) consumer.seek({ topic, partition, offset: high });
    await waitFor(
      async () => {
        const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
        return ends.every(({ topic, partitions }) =>
          partitions.every(({ partition, high }) => committed.find((entry) => entry.topic === topic)?.partitions.find((p) => p.partition === partition)?.offset === high),
        );
      },
      { intervalMs: 50, description: `the offsets of ${groupId} at the topics' ends` },
    );
  } finally {
    await consumer.disconnect();
    await admin.disconnect();
  }
}

/** Resolves when the consumer has joined its group; rejects after 60 s. */
function joinOf(consumer: Consumer, groupId: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${groupId}: no group join within 60 s`)), 60_000);
    consumer.on(consumer.events.GROUP_JOIN, () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function deleteGroups(kafka: Kafka, groupIds: string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.deleteGroups(groupIds);
  } catch {
    // A group that still has a member or was never created: the broker expires it.
  } finally {
    await admin.disconnect();
  }
}

/** Removes the test group's dead-letter topics (the consumer creates them at start-up). */
async function deleteTopics(kafka: Kafka, topics: string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    await admin.deleteTopics({ topics: topics.filter((topic) => existing.has(topic)) });
  } catch {
    // Left for an operator: a test result does not depend on it.
  } finally {
    await admin.disconnect();
  }
}

/** Everything orders publishes from the moment the log started, decoded, kept in arrival order. */
export class PublishedLog {
  private readonly records = new Map<PublishedEventName, PublishedRecord<PublishedEventName>[]>(PUBLISHED.map((name) => [name, []]));
  private failure?: Error;

  private constructor(
    private readonly consumer: Consumer,
    readonly groupId: string,
  ) {}

  static async start(kafka: Kafka, codec: AvroCodec): Promise<PublishedLog> {
    const groupId = uniqueName('orders-test-reader');
    const byTopic = new Map(PUBLISHED.map((name) => [eventDescriptor(name).topic, name]));
    await startGroupAtEnd(kafka, groupId, [...byTopic.keys()]);
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
    const log = new PublishedLog(consumer, groupId);
    await consumer.connect();
    await consumer.subscribe({ topics: [...byTopic.keys()] });
    const joined = joinOf(consumer, groupId);
    void consumer
      .run({
        eachMessage: async ({ topic, message }) => {
          const name = byTopic.get(topic)!;
          try {
            const { payload } = await codec.decode(message.value, eventDescriptor(name));
            const headers: Record<string, string> = {};
            for (const [header, value] of Object.entries(message.headers ?? {})) if (value !== undefined) headers[header] = String(value);
            log.records.get(name)!.push({ payload, key: message.key?.toString() ?? null, headers });
          } catch (error) {
            log.failure = error as Error;
          }
        },
      })
      .catch((error: Error) => {
        log.failure = error;
      });
    await joined;
    return log;
  }

  /** The records of one event so far that match `filter`. */
  of<E extends PublishedEventName>(eventName: E, filter: (payload: EventPayloads[E]) => boolean = () => true): PublishedRecord<E>[] {
    if (this.failure) throw this.failure;
    return (this.records.get(eventName) as PublishedRecord<E>[]).filter((record) => filter(record.payload));
  }

  /** Waits until `until` holds for the matching records (by default: there is one); resolves with them. */
  async waitFor<E extends PublishedEventName>(
    eventName: E,
    filter: (payload: EventPayloads[E]) => boolean,
    { until = (records: PublishedRecord<E>[]) => records.length > 0, timeoutMs = 30_000, description = eventName as string } = {},
  ): Promise<PublishedRecord<E>[]> {
    return waitFor(
      () => {
        const records = this.of(eventName, filter);
        return until(records) && records;
      },
      { timeoutMs, description },
    );
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}

/** Sums the samples of a Prometheus metric whose labels include `labels`. */
function sumSamples(text: string, name: string, labels: Record<string, string>): number {
  let total = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const sample = Object.fromEntries([...(match[3] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, key, value]) => [key, value]));
    if (Object.entries(labels).every(([key, value]) => sample[key] === value)) total += Number(match[4]);
  }
  return total;
}
