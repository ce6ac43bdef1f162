// Runs the customers service in-process against the real stack, for integration tests: its own
// Postgres schema and consumer group per test file, ingress events produced as the orders service
// and the CRM/ERP connectors produce them (Avro, Confluent framing, CloudEvents headers), and what
// it publishes read back from the real catalog topics.
import { randomUUID } from 'node:crypto';
import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { Client } from 'pg';
import pino from 'pino';
import { loadConfig } from '@concord/config';
import { avroOptions, type EventPayloads } from '@concord/contracts';
import { loadCharter } from '@concord/governance';
import { AvroCodec, cloudEventHeaders, deadLetterTopic, eventDescriptor } from '@concord/messaging';
import { CharterModule, resolveCharterPath } from '@concord/service-runtime';
import { createTopics, stackEndpoints, uniqueName, uniqueSchemaName, waitFor } from '@concord/testing';
import { AppModule } from '../src/app.module';
import { customersConfigSchema, type CustomersConfig } from '../src/config/customers.config';

const endpoints = stackEndpoints();
const TEST_LOG_LEVEL = process.env.TEST_LOG_LEVEL;

/** The events customers consumes and publishes. */
export const CONSUMED = ['CustomerCreationRequested', 'CustomerUpserted'] as const;
export const PUBLISHED = ['CustomerChanged', 'CustomerSyncRequested'] as const;
type Consumed = (typeof CONSUMED)[number];
type Published = (typeof PUBLISHED)[number];

export interface CustomersTestStack {
  readonly config: CustomersConfig;
  readonly kafka: Kafka;
  /** A database connection for assertions; tables are unqualified (search_path is the schema). */
  readonly database: Client;
  readonly published: PublishedEvents;
  /** Produces ingress events, keyed as the catalog says; resolves with their CloudEvents ids. */
  send<E extends Consumed>(eventName: E, payloads: readonly EventPayloads[E][], options?: { source?: string }): Promise<string[]>;
  /** Resolves once the service has committed the effect of the event with this CloudEvents id. */
  processed(eventId: string): Promise<void>;
  /** How many events of `eventName` keyed by `key` the service has written to its outbox (committed). */
  outboxCount(eventName: Published, key: string): Promise<number>;
  /** Starts another instance in the same schema and consumer group (the stack starts with one). */
  startInstance(): Promise<void>;
  /** The first instance's base URL. */
  url(path: string): Promise<string>;
  /** The sum of a counter's samples on /metrics whose labels include `labels`. */
  metric(name: string, labels?: Record<string, string>): Promise<number>;
  /** The dead-letter topic of a consumed event for this stack's group. */
  deadLetterTopic(eventName: Consumed): string;
  close(): Promise<void>;
}

/**
 * Starts one instance with a unique schema and consumer group whose offsets start at the end of
 * the consumed topics (it reads only what the test sends), and a reader of the published topics
 * from their current end.
 */
export async function startCustomersTestStack(): Promise<CustomersTestStack> {
  const schema = uniqueSchemaName('customers_test');
  const groupId = uniqueName('customers-test');
  const config = loadConfig(customersConfigSchema, {
    ...process.env,
    LOG_LEVEL: (TEST_LOG_LEVEL as string | undefined) ?? 'fatal',
    CUSTOMERS_DB_SCHEMA: schema,
    CUSTOMERS_GROUP_ID: groupId,
  });
  const kafka = new Kafka({ brokers: endpoints.kafkaBrokers, clientId: 'customers-int-spec', logLevel: logLevel.NOTHING, retry: { retries: 5, initialRetryTime: 100 } });
  const consumedTopics = CONSUMED.map((name) => eventDescriptor(name).topic);
  await createTopics(
    endpoints.kafkaBrokers,
    [...CONSUMED, ...PUBLISHED].map((name) => ({ topic: eventDescriptor(name).topic, partitions: 6 })),
  );
  await commitOffsetsAtEnd(kafka, groupId, consumedTopics);

  const codec = new AvroCodec({ registryUrl: endpoints.schemaRegistryUrl, avroOptions });
  const published = await PublishedEvents.start(kafka, codec);
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const database = new Client({ connectionString: endpoints.databaseUrl, options: `-c search_path=${schema}` });
  await database.connect();
  const instances = [await startApp(config)];

  const stack: CustomersTestStack = {
    config,
    kafka,
    database,
    published,
    async send(eventName, payloads, { source = '/test/source-system' } = {}) {
      const descriptor = eventDescriptor(eventName);
      await codec.registerWriter(descriptor);
      const ids = payloads.map(() => randomUUID());
      await producer.send({
        topic: descriptor.topic,
        acks: -1,
        messages: payloads.map((payload, index) => {
          const key = descriptor.keyOf(payload);
          return {
            key,
            value: codec.encode(descriptor, payload),
            headers: cloudEventHeaders({ id: ids[index], source, type: descriptor.ceType, subject: key, time: new Date().toISOString() }),
          };
        }),
      });
      return ids;
    },
    async processed(eventId) {
      await waitFor(async () => (await database.query('SELECT 1 FROM processed_events WHERE event_id = $1', [eventId])).rowCount === 1, {
        description: `event ${eventId} to be processed`,
      });
    },
    async outboxCount(eventName, key) {
      const { rows } = await database.query('SELECT count(*)::int AS count FROM outbox WHERE topic = $1 AND message_key = $2', [eventDescriptor(eventName).topic, key]);
      return rows[0].count as number;
    },
    async startInstance() {
      instances.push(await startApp(config));
    },
    async url(path) {
      return `${await instances[0].getUrl()}${path}`;
    },
    async metric(name, labels = {}) {
      return sumSamples(await (await fetch(await stack.url('/metrics'))).text(), name, labels);
    },
    deadLetterTopic(eventName) {
      return deadLetterTopic(eventDescriptor(eventName).topic, groupId);
    },
    async close() {
      for (const app of instances.reverse()) await app.close().catch(() => undefined);
      await published.stop();
      await producer.disconnect();
      await database.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
      await database.end();
      const admin = kafka.admin();
      await admin.connect();
      // Left to the broker's expiry when it refuses (a member still leaving): no result depends on it.
      await admin.deleteGroups([groupId, published.groupId]).catch(() => undefined);
      const existing = new Set(await admin.listTopics());
      await admin.deleteTopics({ topics: CONSUMED.map((name) => stack.deadLetterTopic(name)).filter((topic) => existing.has(topic)) }).catch(() => undefined);
      await admin.disconnect();
    },
  };
  return stack;
}

async function startApp(config: CustomersConfig): Promise<INestApplication> {
  @Module({
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
      CharterModule.forRoot(loadCharter(resolveCharterPath(undefined))),
    ],
  })
  class CustomersUnderTest {}
  const app = await NestFactory.create(CustomersUnderTest, { logger: TEST_LOG_LEVEL === undefined ? false : undefined });
  await app.listen(0, '127.0.0.1');
  return app;
}

/**
 * Commits the group's offsets at the topics' current ends before its real members join, so they
 * start there: a member that joins, seeks to the ends and lets the commit happen.
 */
async function commitOffsetsAtEnd(kafka: Kafka, groupId: string, topics: readonly string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
  try {
    // A topic created a moment ago may not have its partition leaders yet.
    const ends = await waitFor(() => Promise.all(topics.map(async (topic) => ({ topic, partitions: await admin.fetchTopicOffsets(topic) }))), {
      description: `the end offsets of ${topics.join(', ')}`,
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    const joined = groupJoin(consumer, groupId);
    await consumer.run({ eachBatchAutoResolve: false, eachBatch: async () => undefined });
    consumer.pause(topics.map((topic) => ({ topic })));
    await joined;
    for (const { topic, partitions } of ends) for (const { partition, high } of partitions) consumer.seek({ topic, partition, offset: high });
    const atEnd = async () => {
      const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
      return ends.every(({ topic, partitions }) =>
        partitions.every(({ partition, high }) => committed.find((entry) => entry.topic === topic)?.partitions.find((p) => p.partition === partition)?.offset === high),
      );
    };
    await waitFor(atEnd, { intervalMs: 50, description: `the offsets of ${groupId} at the topics' ends` });
  } finally {
    await consumer.disconnect();
    await admin.disconnect();
  }
}

function groupJoin(consumer: Consumer, groupId: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${groupId}: no group join within 60 s`)), 60_000);
    consumer.on(consumer.events.GROUP_JOIN, () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Every CustomerChanged and CustomerSyncRequested published from the moment the reader started, decoded, in arrival order. */
export class PublishedEvents {
  private readonly records = new Map<Published, { payload: unknown; key: string | null }[]>(PUBLISHED.map((name) => [name, []]));
  private failure?: Error;

  private constructor(
    private readonly consumer: Consumer,
    readonly groupId: string,
  ) {}

  static async start(kafka: Kafka, codec: AvroCodec): Promise<PublishedEvents> {
    const groupId = uniqueName('customers-test-reader');
    const byTopic = new Map(PUBLISHED.map((name) => [eventDescriptor(name).topic, name]));
    await commitOffsetsAtEnd(kafka, groupId, [...byTopic.keys()]);
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
    const reader = new PublishedEvents(consumer, groupId);
    await consumer.connect();
    await consumer.subscribe({ topics: [...byTopic.keys()] });
    const joined = groupJoin(consumer, groupId);
    void consumer
      .run({
        eachMessage: async ({ topic, message }) => {
          const name = byTopic.get(topic)!;
          try {
            const { payload } = await codec.decode(message.value, eventDescriptor(name));
            reader.records.get(name)!.push({ payload, key: message.key?.toString() ?? null });
          } catch (error) {
            reader.failure = error as Error;
          }
        },
      })
      .catch((error: Error) => {
        reader.failure = error;
      });
    await joined;
    return reader;
  }

  /** The payloads of one event so far that match `filter`, with their keys. */
  of<E extends Published>(eventName: E, filter: (payload: EventPayloads[E]) => boolean = () => true): { payload: EventPayloads[E]; key: string | null }[] {
    if (this.failure) throw this.failure;
    return (this.records.get(eventName) as { payload: EventPayloads[E]; key: string | null }[]).filter((record) => filter(record.payload));
  }

  /** Waits until one record matches `filter` (or `count` do); resolves with the matching payloads. */
  async waitFor<E extends Published>(eventName: E, filter: (payload: EventPayloads[E]) => boolean, count = 1): Promise<EventPayloads[E][]> {
    return waitFor(
      () => {
        const records = this.of(eventName, filter);
        return records.length >= count && records.map((record) => record.payload);
      },
      { description: `${count} ${eventName}` },
    );
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}

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
