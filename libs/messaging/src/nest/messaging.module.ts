import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Kafka, Partitioners, type Producer } from 'kafkajs';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { avroOptions } from '@concord/contracts';
import { createLogger, METRICS_REGISTRY } from '@concord/observability';
import { openServiceDataSource } from '@concord/persistence';
import { AvroCodec } from '../codec/avro-codec';
import { DeadLetterPublisher } from '../dead-letter/dead-letter-publisher';
import { MessagingMetrics } from '../messaging-metrics';
import { MessagingTables1764201600000 } from '../migrations/1764201600000-messaging-tables';
import { OutboxRelay } from '../outbox/outbox-relay';
import { OutboxWriter } from '../outbox/outbox-writer';
import { kafkaClientConfig } from './kafka-client-config';
import { MessagingLifecycle } from './messaging-lifecycle';
import { MessagingReadiness } from './messaging-readiness';
import {
  KAFKA_ADMIN,
  KAFKA_PRODUCER,
  MESSAGING_LOGGER,
  MESSAGING_OPTIONS,
  type MessagingModuleAsyncOptions,
  type MessagingModuleOptions,
} from './messaging.options';
import { UnitOfWork } from './unit-of-work';

type Options = MessagingModuleOptions;

/** Every piece of the backbone, built from the options; each is injectable by its class or token. */
const backboneProviders: Provider[] = [
  {
    provide: MESSAGING_LOGGER,
    inject: [MESSAGING_OPTIONS],
    useFactory: (options: Options) => options.logger ?? createLogger(options.service, options.config.LOG_LEVEL),
  },
  {
    // Creates the schema and runs the migrations before anything else touches the database.
    provide: DataSource,
    inject: [MESSAGING_OPTIONS],
    useFactory: (options: Options) =>
      openServiceDataSource({
        url: options.config.DATABASE_URL,
        schema: options.schema,
        entities: options.entities ?? [],
        migrations: [MessagingTables1764201600000, ...(options.migrations ?? []).filter((m) => m !== MessagingTables1764201600000)],
        poolSize: options.databasePoolSize,
        applicationName: options.service,
        ssl: options.config.DATABASE_SSL,
      }),
  },
  {
    provide: Kafka,
    inject: [MESSAGING_OPTIONS, MESSAGING_LOGGER],
    useFactory: (options: Options, logger: Logger) => new Kafka(kafkaClientConfig(options.config, options.service, logger)),
  },
  {
    provide: KAFKA_PRODUCER,
    inject: [Kafka],
    useFactory: async (kafka: Kafka) => {
      const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
      await producer.connect();
      return producer;
    },
  },
  {
    provide: KAFKA_ADMIN,
    inject: [Kafka],
    useFactory: (kafka: Kafka) => kafka.admin({ retry: { retries: 0 } }),
  },
  {
    provide: AvroCodec,
    inject: [MESSAGING_OPTIONS],
    useFactory: ({ config }: Options) =>
      new AvroCodec({
        registryUrl: config.SCHEMA_REGISTRY_URL,
        avroOptions,
        auth:
          config.SCHEMA_REGISTRY_USERNAME !== undefined && config.SCHEMA_REGISTRY_PASSWORD !== undefined
            ? { username: config.SCHEMA_REGISTRY_USERNAME, password: config.SCHEMA_REGISTRY_PASSWORD }
            : undefined,
      }),
  },
  {
    provide: MessagingMetrics,
    inject: [METRICS_REGISTRY],
    useFactory: (registry: Registry) => new MessagingMetrics(registry),
  },
  {
    provide: OutboxRelay,
    inject: [DataSource, MESSAGING_OPTIONS, KAFKA_PRODUCER, MessagingMetrics, MESSAGING_LOGGER],
    useFactory: (dataSource: DataSource, options: Options, producer: Producer, metrics: MessagingMetrics, logger: Logger) =>
      new OutboxRelay(dataSource, options.schema, producer, metrics, logger, options.relay),
  },
  {
    provide: OutboxWriter,
    inject: [MESSAGING_OPTIONS, AvroCodec, OutboxRelay],
    useFactory: (options: Options, codec: AvroCodec, relay: OutboxRelay) =>
      new OutboxWriter(options.schema, codec, `/concord/${options.service}`, () => relay.nudge()),
  },
  {
    provide: DeadLetterPublisher,
    inject: [KAFKA_PRODUCER, MESSAGING_OPTIONS, MessagingMetrics],
    useFactory: (producer: Producer, options: Options, metrics: MessagingMetrics) => new DeadLetterPublisher(producer, options.groupId, metrics),
  },
  UnitOfWork,
  MessagingReadiness,
  MessagingLifecycle,
];

/**
 * The Kafka backbone of a Concord service, as one global module: its own Postgres schema (migrated at
 * start-up), the idempotent producer, the Avro codec, the transactional outbox and its relay, the
 * dead-letter publisher, the consumer for the @HandlesEvent handlers it lists, metrics on the
 * service's registry, and database/broker/registry checks in `/health/ready`. Needs HealthModule.
 *
 *   MessagingModule.forRoot({
 *     service: 'inventory', groupId: 'inventory', schema: 'inventory', config,
 *     migrations: [StockTables1764300000000], entities: [StockLevel],
 *     handlers: [InventoryUpdatedHandler], produces: ['InventoryAvailabilityChanged'],
 *   })
 *
 * Use cases inject UnitOfWork (or DataSource, OutboxWriter); start and graceful stop are
 * MessagingLifecycle's.
 */
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingModuleOptions): DynamicModule {
    return MessagingModule.forRootAsync({ useFactory: () => options });
  }

  static forRootAsync(options: MessagingModuleAsyncOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      imports: [DiscoveryModule, ...(options.imports ?? [])],
      providers: [{ provide: MESSAGING_OPTIONS, inject: options.inject ?? [], useFactory: options.useFactory }, ...backboneProviders],
      exports: [
        DataSource,
        Kafka,
        KAFKA_PRODUCER,
        AvroCodec,
        MessagingMetrics,
        OutboxWriter,
        OutboxRelay,
        DeadLetterPublisher,
        UnitOfWork,
        MessagingLifecycle,
        MessagingReadiness,
      ],
    };
  }
}
