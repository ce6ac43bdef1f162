// Runs a Concord service in-process against the real stack, for its integration tests: its own
// Postgres schema and consumer group per test file, events produced the way their producers
// produce them (Avro, Confluent framing, CloudEvents headers), and what the service publishes read
// back from the real catalog topics. Each service's test/<name>-test-stack.ts is a typed wrapper.
import { randomUUID } from 'node:crypto';
import { Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { Client } from 'pg';
import pino from 'pino';
import type { z } from 'zod';
import { loadConfig } from '@concord/config';
import { avroOptions, type EventName, type EventPayloads } from '@concord/contracts';
import { loadCharter, type Charter } from '@concord/governance';
import { AvroCodec, cloudEventHeaders, deadLetterTopic, eventDescriptor, type MessagingModuleOptions } from '@concord/messaging';
import { createLogger, JsonNestLogger } from '@concord/observability';
import {
  createTopics,
  deleteGroups,
  deleteTopics,
  stackEndpoints,
  startGroupAtEnd,
  sumSamples,
  uniqueName,
  uniqueSchemaName,
  waitFor,
  whenGroupJoined,
} from '@concord/testing';
import { resolveCharterPath } from '../charter-location';
import { CharterModule } from '../charter.module';

const TEST_LOG_LEVEL = process.env.TEST_LOG_LEVEL;

/** The messaging settings a service's `AppModule.register` takes besides its configuration. */
export type ServiceTuning = Pick<MessagingModuleOptions, 'consumer' | 'relay' | 'logger'>;

/** What a service's test stack needs to know of the service. */
export interface ServiceUnderTest<Config, Consumed extends EventName, Published extends EventName> {
  /** The service's name ('inventory'): prefixes the test's schema, consumer groups, Kafka client id and logger. */
  readonly name: string;
  /** The service's root module: its `AppModule.register`. */
  readonly register: (config: Config, tuning: ServiceTuning) => DynamicModule;
  readonly configSchema: z.ZodType<Config>;
  /** The configuration fields that name the service's Postgres schema and consumer group (e.g. INVENTORY_DB_SCHEMA, INVENTORY_GROUP_ID). */
  readonly schemaField: keyof Config & string;
  readonly groupField: keyof Config & string;
  /** The events the service consumes: their topics are created and its group starts at their ends. */
  readonly consumed: readonly Consumed[];
  /** The events the service publishes: read back into `published` from the topics' ends at start. */
  readonly published: readonly Published[];
  /** Environment the tests run with unless a test overrides it (e.g. a short sweep interval). */
  readonly env?: Readonly<Record<string, string>>;
}

export interface ServiceTestOptions {
  /** Environment overrides (configuration variables of the service). */
  env?: Record<string, string>;
  /** The charter the instances run with; the shipped charter unless given. */
  charter?: Charter;
}

/** One published record, decoded. */
export interface PublishedRecord<E extends EventName> {
  readonly payload: EventPayloads[E];
  readonly key: string | null;
  readonly headers: Record<string, string>;
  readonly partition: number;
  readonly offset: string;
}

export interface ServiceTestStack<Config, Consumed extends EventName, Published extends EventName> {
  readonly schema: string;
  readonly groupId: string;
  readonly config: Config;
  readonly kafka: Kafka;
  /** A database connection for assertions; queries name tables unqualified (search_path is the schema). */
  readonly database: Client;
  readonly published: PublishedLog<Published>;
  /** Starts an instance of the service (several share the schema and the group); the first one runs the migrations. */
  startInstance(): Promise<INestApplication>;
  /** Produces events as their producers do, keyed by their aggregate id; resolves with their CloudEvents ids. */
  send<E extends Consumed>(eventName: E, payloads: readonly EventPayloads[E][], options?: { source?: string }): Promise<string[]>;
  /** Resolves once the service has committed the effect of the event with this CloudEvents id. */
  processed(eventId: string): Promise<void>;
  /** How many events of `eventName` keyed by `key` the service has written to its outbox (committed). */
  outboxCount(eventName: Published, key: string): Promise<number>;
  /** The URL of `path` on the first instance. */
  url(path: string): Promise<string>;
  /** The sum of a metric's samples on the first instance's /metrics whose labels include `labels`. */
  metric(name: string, labels?: Record<string, string>): Promise<number>;
  /** The dead-letter topic of a consumed event for this stack's group. */
  deadLetterTopic(eventName: Consumed): string;
  /** Stops the instances and the reader, drops the schema, deletes the groups and the group's dead-letter topics. */
  close(): Promise<void>;
}

/** The charter the repository ships (charter/charter.yaml), as a service loads it. */
export function loadShippedCharter(): Charter {
  return loadCharter(resolveCharterPath(undefined));
}

/**
 * Prepares a stack for `service` with no instance running yet: a unique schema and consumer group,
 * the consumed and published topics created (with the broker's default of 6 partitions, as their
 * first producer would), the group's offsets at the end of the consumed topics (so an instance
 * reads only what the test sends, not every earlier run's traffic), and a reader of the published
 * topics from their current end.
 */
export async function startServiceTestStack<Config, Consumed extends EventName, Published extends EventName>(
  service: ServiceUnderTest<Config, Consumed, Published>,
  options: ServiceTestOptions = {},
): Promise<ServiceTestStack<Config, Consumed, Published>> {
  const endpoints = stackEndpoints();
  const schema = uniqueSchemaName(`${service.name}_test`);
  const groupId = uniqueName(`${service.name}-test`);
  const config = loadConfig(service.configSchema, {
    ...process.env,
    LOG_LEVEL: TEST_LOG_LEVEL ?? 'fatal',
    [service.schemaField]: schema,
    [service.groupField]: groupId,
    ...service.env,
    ...options.env,
  });
  const charter = options.charter ?? loadShippedCharter();
  const kafka = new Kafka({ brokers: endpoints.kafkaBrokers, clientId: `${service.name}-int-spec`, logLevel: logLevel.NOTHING, retry: { retries: 5, initialRetryTime: 100 } });
  const topicOf = (name: EventName) => eventDescriptor(name).topic;
  await createTopics(endpoints.kafkaBrokers, [...service.consumed, ...service.published].map((name) => ({ topic: topicOf(name), partitions: 6 })));
  await startGroupAtEnd(kafka, groupId, service.consumed.map(topicOf));

  const codec = new AvroCodec({ registryUrl: endpoints.schemaRegistryUrl, avroOptions });
  const published = await PublishedLog.start(kafka, codec, service.published, uniqueName(`${service.name}-test-reader`));
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const database = new Client({ connectionString: endpoints.databaseUrl, options: `-c search_path=${schema}` });
  await database.connect();

  const instances: INestApplication[] = [];
  const stack: ServiceTestStack<Config, Consumed, Published> = {
    schema,
    groupId,
    config,
    kafka,
    database,
    published,
    async startInstance() {
      const app = await startApp(service, config, charter);
      instances.push(app);
      return app;
    },
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
      const { rows } = await database.query('SELECT count(*)::int AS count FROM outbox WHERE topic = $1 AND message_key = $2', [topicOf(eventName), key]);
      return rows[0].count as number;
    },
    async url(path) {
      if (instances.length === 0) throw new Error('no instance started');
      return `${await instances[0].getUrl()}${path}`;
    },
    async metric(name, labels = {}) {
      const text = await (await fetch(await stack.url('/metrics'))).text();
      return sumSamples(text, name, labels);
    },
    deadLetterTopic(eventName) {
      return deadLetterTopic(topicOf(eventName), groupId);
    },
    async close() {
      for (const app of instances.reverse()) await app.close().catch(() => undefined);
      await published.stop();
      await producer.disconnect();
      await database.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
      await database.end();
      await deleteGroups(kafka, [groupId, published.groupId]);
      await deleteTopics(kafka, service.consumed.map((name) => stack.deadLetterTopic(name)));
    },
  };
  return stack;
}

/** The service's root module with short retry timings, crashes thrown, and the charter; listening on a free local port. */
async function startApp<Config>(service: ServiceUnderTest<Config, EventName, EventName>, config: Config, charter: Charter): Promise<INestApplication> {
  @Module({})
  class ServiceUnderTestModule {}
  const root: DynamicModule = {
    module: ServiceUnderTestModule,
    imports: [
      service.register(config, {
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
    logger: TEST_LOG_LEVEL === undefined ? false : new JsonNestLogger(createLogger(`${service.name}-under-test`, TEST_LOG_LEVEL)),
  });
  await app.listen(0, '127.0.0.1');
  return app;
}

/** Everything a service publishes on `events` from the moment the log started, decoded, kept in arrival order. */
export class PublishedLog<P extends EventName> {
  private readonly records: Map<P, PublishedRecord<P>[]>;
  private failure?: Error;

  private constructor(
    private readonly consumer: Consumer,
    readonly groupId: string,
    events: readonly P[],
  ) {
    this.records = new Map(events.map((name) => [name, []]));
  }

  /** Starts reading `events`' topics from their current ends in consumer group `groupId`; resolves once it has joined. */
  static async start<P extends EventName>(kafka: Kafka, codec: AvroCodec, events: readonly P[], groupId: string): Promise<PublishedLog<P>> {
    const byTopic = new Map(events.map((name) => [eventDescriptor(name).topic, name]));
    await startGroupAtEnd(kafka, groupId, [...byTopic.keys()]);
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
    const log = new PublishedLog(consumer, groupId, events);
    await consumer.connect();
    await consumer.subscribe({ topics: [...byTopic.keys()] });
    const joined = whenGroupJoined(consumer, groupId);
    void consumer
      .run({
        eachMessage: async ({ topic, partition, message }) => {
          const name = byTopic.get(topic)!;
          try {
            const { payload } = await codec.decode(message.value, eventDescriptor(name));
            const headers: Record<string, string> = {};
            for (const [header, value] of Object.entries(message.headers ?? {})) if (value !== undefined) headers[header] = String(value);
            log.records.get(name)!.push({ payload, key: message.key?.toString() ?? null, headers, partition, offset: message.offset });
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

  /** The records of one event so far that match `filter`; throws what the reader failed with, if it failed. */
  of<E extends P>(eventName: E, filter: (payload: EventPayloads[E]) => boolean = () => true): PublishedRecord<E>[] {
    if (this.failure) throw this.failure;
    return (this.records.get(eventName) as PublishedRecord<E>[]).filter((record) => filter(record.payload));
  }

  /** Waits until `until` holds for the matching records (by default: there is one); resolves with them. */
  async waitFor<E extends P>(
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
