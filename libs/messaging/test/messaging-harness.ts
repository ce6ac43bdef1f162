import { Kafka, logLevel, type Producer } from 'kafkajs';
import pino from 'pino';
import { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { avroOptions } from '@concord/contracts';
import { openServiceDataSource } from '@concord/persistence';
import { createTopics, stackEndpoints, uniqueName } from '@concord/testing';
import {
  AvroCodec,
  ConsumerRunner,
  DeadLetterPublisher,
  MessagingMetrics,
  MessagingTables1764201600000,
  OutboxRelay,
  OutboxWriter,
  type ConsumerRunnerOptions,
  type EventDescriptor,
} from '../src';
import { EffectsTable1764201600001 } from './fixtures/effects-table.migration';

const endpoints = stackEndpoints();

/** One in-process "service" on its own Postgres schema, consumer group and Kafka clients. */
export interface MessagingHarness {
  schema: string;
  groupId: string;
  kafka: Kafka;
  dataSource: DataSource;
  codec: AvroCodec;
  producer: Producer;
  metrics: MessagingMetrics;
  outbox: OutboxWriter;
  relay: OutboxRelay;
  deadLetters: DeadLetterPublisher;
  startConsumer(options: Pick<ConsumerRunnerOptions, 'handlers'> & Partial<ConsumerRunnerOptions>): Promise<ConsumerRunner>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Used in client ids and ce_source. */
  name?: string;
  /** Postgres schema; a fresh unique one by default (and then dropped on close). */
  schema?: string;
  groupId?: string;
}

export async function startHarness(options: HarnessOptions | string = {}): Promise<MessagingHarness> {
  const { name = 'harness', ...rest } = typeof options === 'string' ? { name: options } : options;
  const ownSchema = rest.schema === undefined;
  const schema = rest.schema ?? uniqueName(name).replace(/-/g, '_').toLowerCase();
  const groupId = rest.groupId ?? uniqueName(`${name}-group`);
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }, pino.destination(2));
  const kafka = new Kafka({ brokers: endpoints.kafkaBrokers, clientId: name, logLevel: logLevel.NOTHING, retry: { retries: 3, initialRetryTime: 100 } });
  const dataSource = await openServiceDataSource({
    url: endpoints.databaseUrl,
    schema,
    entities: [],
    migrations: [MessagingTables1764201600000, EffectsTable1764201600001],
    poolSize: 4,
  });
  const codec = new AvroCodec({ registryUrl: endpoints.schemaRegistryUrl, avroOptions });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const metrics = new MessagingMetrics(new Registry());
  const relay = new OutboxRelay(dataSource, schema, producer, metrics, logger, { maxBackoffMs: 1000 });
  const outbox = new OutboxWriter(schema, codec, `/concord/test/${name}`, () => relay.nudge());
  const deadLetters = new DeadLetterPublisher(producer, groupId, metrics);
  const runners: ConsumerRunner[] = [];
  return {
    schema,
    groupId,
    kafka,
    dataSource,
    codec,
    producer,
    metrics,
    outbox,
    relay,
    deadLetters,
    async startConsumer(options) {
      const runner = new ConsumerRunner({
        kafka,
        groupId,
        dataSource,
        schema,
        codec,
        outbox,
        deadLetters,
        metrics,
        logger,
        retryBackoffMs: 50,
        maxOutageBackoffMs: 500,
        afterCommit: () => relay.nudge(),
        onCrash: (error) => {
          throw error;
        },
        ...options,
      });
      await runner.start();
      runners.push(runner);
      return runner;
    },
    async close() {
      for (const runner of runners) await runner.stop().catch(() => undefined);
      await relay.stop(2000).catch(() => undefined);
      await producer.disconnect().catch(() => undefined);
      if (ownSchema) await dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
      await dataSource.destroy().catch(() => undefined);
    },
  };
}

/** Registers the descriptor's schema (once) and returns the Confluent-framed bytes of `payload`. */
export async function encodeFor<T>(codec: AvroCodec, descriptor: EventDescriptor<T>, payload: T): Promise<Buffer> {
  await codec.registerWriter(descriptor);
  return codec.encode(descriptor, payload);
}

/** Creates a topic with the given partitions on the test stack's broker. */
export function createTopic(topic: string, partitions = 1): Promise<void> {
  return createTopics(endpoints.kafkaBrokers, [{ topic, partitions }]);
}
