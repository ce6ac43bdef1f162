import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { Kafka, type Admin, type Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { eventDescriptor } from '../catalog-descriptors';
import { AvroCodec } from '../codec/avro-codec';
import { ConsumerRunner } from '../consumer/consumer-runner';
import { DeadLetterPublisher } from '../dead-letter/dead-letter-publisher';
import { MessagingMetrics } from '../messaging-metrics';
import { OutboxRelay } from '../outbox/outbox-relay';
import { OutboxWriter } from '../outbox/outbox-writer';
import { HANDLES_EVENT_METADATA, handlerRegistrations } from './handles-event.decorator';
import { KAFKA_ADMIN, KAFKA_PRODUCER, MESSAGING_LOGGER, MESSAGING_OPTIONS, type MessagingModuleOptions } from './messaging.options';

/**
 * Starts and stops the backbone in the one order that loses nothing.
 *
 * Start (every module initialised, before HTTP listens): register the schemas of the events the
 * service produces, start the outbox relay, then start consuming.
 *
 * Stop: first the consumer (before HTTP closes: no new records are fetched, the batch in hand is
 * finished and committed, the group is left). Then, once HTTP has closed and nothing writes any
 * more, the relay drains the outbox, and only then go the producer and the database.
 */
@Injectable()
export class MessagingLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private consumerRunner?: ConsumerRunner;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingModuleOptions,
    @Inject(MESSAGING_LOGGER) private readonly logger: Logger,
    @Inject(KAFKA_PRODUCER) private readonly producer: Producer,
    @Inject(KAFKA_ADMIN) private readonly admin: Admin,
    private readonly discovery: DiscoveryService,
    private readonly dataSource: DataSource,
    private readonly kafka: Kafka,
    private readonly codec: AvroCodec,
    private readonly outbox: OutboxWriter,
    private readonly relay: OutboxRelay,
    private readonly deadLetters: DeadLetterPublisher,
    private readonly metrics: MessagingMetrics,
  ) {}

  /** The running consumer; undefined before start-up, after shutdown, and in a service without handlers. */
  get consumer(): ConsumerRunner | undefined {
    return this.consumerRunner;
  }

  async onApplicationBootstrap(): Promise<void> {
    const handlers = handlerRegistrations(this.options.handlers ?? [], this.discoverHandlerInstances());
    for (const event of this.options.produces ?? []) {
      await this.codec.registerWriter(typeof event === 'string' ? eventDescriptor(event) : event);
    }
    this.relay.start();
    if (handlers.length > 0) {
      const consumer = new ConsumerRunner({
        kafka: this.kafka,
        groupId: this.options.groupId,
        handlers,
        dataSource: this.dataSource,
        schema: this.options.schema,
        codec: this.codec,
        outbox: this.outbox,
        deadLetters: this.deadLetters,
        metrics: this.metrics,
        logger: this.logger,
        afterCommit: () => this.relay.nudge(),
        newGroupStartsAt: this.options.config.KAFKA_NEW_GROUP_STARTS_AT,
        ...this.options.consumer,
      });
      this.consumerRunner = consumer;
      await consumer.start();
    }
    this.logger.info(
      { groupId: this.options.groupId, consumes: this.consumerRunner?.topics ?? [], produces: (this.options.produces ?? []).length },
      'messaging started',
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    const consumer = this.consumerRunner;
    this.consumerRunner = undefined;
    await consumer?.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop(this.options.relay?.drainTimeoutMs ?? 10_000);
    const pending = await this.relay.pendingCount().catch(() => undefined);
    if (pending) this.logger.warn({ pending }, 'outbox not drained before shutdown; the rows go out after the next start');
    await this.producer.disconnect();
    await this.admin.disconnect();
    await this.dataSource.destroy();
    this.logger.info('messaging stopped');
  }

  private discoverHandlerInstances(): object[] {
    return this.discovery.getProviders({ metadataKey: HANDLES_EVENT_METADATA }).map((wrapper) => {
      if (!wrapper.isDependencyTreeStatic() || !wrapper.instance) {
        throw new Error(`${wrapper.name} must be a singleton provider (not request-scoped or transient) to handle events`);
      }
      return wrapper.instance as object;
    });
  }
}
