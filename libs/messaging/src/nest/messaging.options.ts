import type { ModuleMetadata, Type } from '@nestjs/common';
import type { Logger } from 'pino';
import type { EntitySchema, MixedList } from 'typeorm';
import type { BaseConfig } from '@concord/config';
import type { EventName } from '@concord/contracts';
import type { ConsumerRunnerOptions } from '../consumer/consumer-runner';
import type { EventDescriptor } from '../event-descriptor';
import type { OutboxRelayOptions } from '../outbox/outbox-relay';
import type { EventHandler } from './handles-event.decorator';
import type { KafkaConnectionConfig } from './kafka-client-config';

/** The settings of the validated configuration the backbone reads (pass the service's whole config). */
export type MessagingConfig = KafkaConnectionConfig &
  Pick<BaseConfig, 'KAFKA_NEW_GROUP_STARTS_AT' | 'SCHEMA_REGISTRY_URL' | 'SCHEMA_REGISTRY_USERNAME' | 'SCHEMA_REGISTRY_PASSWORD' | 'DATABASE_URL' | 'DATABASE_SSL'>;

/** What a service tells MessagingModule about itself. */
export interface MessagingModuleOptions {
  /** The service's name: `ce_source` `/concord/<service>` of what it produces, the Kafka client id, the log name. */
  service: string;
  /** The consumer group the service's instances share; also names its dead-letter topics. */
  groupId: string;
  /** The Postgres schema the service owns: its tables, its outbox and its processed-event records. */
  schema: string;
  config: MessagingConfig;
  /** The service's TypeORM migrations, in order; the messaging tables' migration always runs first. */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations?: Function[];
  /** The service's TypeORM entities. */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities?: MixedList<Function | string | EntitySchema>;
  /**
   * The service's subscriptions: one @HandlesEvent class per consumed event. Each must also be a
   * provider of some module (where its repositories and use cases are). No handlers, no consumer.
   */
  handlers?: Type<EventHandler>[];
  /** Every event the service publishes; their schemas are registered at start-up, before anything is produced. */
  produces?: Array<EventName | EventDescriptor>;
  /** Consumer tuning; `onCrash` defaults to exiting the process so the supervisor restarts it. */
  consumer?: Pick<ConsumerRunnerOptions, 'retries' | 'retryBackoffMs' | 'maxOutageBackoffMs' | 'chunkSize' | 'recordChunkSize' | 'partitionsConsumedConcurrently' | 'onCrash'>;
  /** Relay tuning, and how long shutdown waits for the outbox to drain (default 10 s). */
  relay?: OutboxRelayOptions & { drainTimeoutMs?: number };
  /** Database connections in the pool (default 10). */
  databasePoolSize?: number;
  /** How long each readiness check waits for its dependency (default 2 s). */
  readinessTimeoutMs?: number;
  /** The JSON logger; by default one named after the service at the configured LOG_LEVEL. */
  logger?: Logger;
}

/** MessagingModule.forRootAsync: options from a factory that may inject providers (e.g. CHARTER). */
export interface MessagingModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  useFactory: (...args: any[]) => MessagingModuleOptions | Promise<MessagingModuleOptions>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  inject?: any[];
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
/** The service's idempotent kafkajs Producer (`idempotent: true, maxInFlightRequests: 1`). */
export const KAFKA_PRODUCER = Symbol('KAFKA_PRODUCER');
/** The one kafkajs Admin client the broker readiness check reuses. */
export const KAFKA_ADMIN = Symbol('KAFKA_ADMIN');
/** The pino Logger the backbone logs with. */
export const MESSAGING_LOGGER = Symbol('MESSAGING_LOGGER');
