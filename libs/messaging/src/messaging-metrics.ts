import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** The Prometheus series every Concord service exposes for its Kafka traffic. */
export class MessagingMetrics {
  readonly consumed: Counter<'topic' | 'outcome'>;
  readonly produced: Counter<'topic'>;
  readonly processingSeconds: Histogram<'topic'>;
  readonly retries: Counter<'topic'>;
  readonly deadLettered: Counter<'topic' | 'stage' | 'code'>;
  readonly consumerLag: Gauge<'topic' | 'partition'>;
  readonly outboxBacklog: Gauge;
  readonly outboxPublishFailures: Counter;
  readonly infrastructureWaits: Counter<'dependency'>;
  readonly transactionConflicts: Counter<'topic'>;
  readonly derivedEventIds: Counter<'topic'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.consumed = new Counter({
      name: 'concord_messages_consumed_total',
      help: 'Records consumed, by outcome: applied, duplicate (already applied) or dead_lettered',
      labelNames: ['topic', 'outcome'],
      registers,
    });
    this.produced = new Counter({ name: 'concord_messages_produced_total', help: 'Records acknowledged by the broker', labelNames: ['topic'], registers });
    this.processingSeconds = new Histogram({
      name: 'concord_message_processing_seconds',
      help: 'Time from a record reaching the consumer to its effect being committed',
      labelNames: ['topic'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.retries = new Counter({ name: 'concord_message_retries_total', help: 'Handler retries after a failed attempt', labelNames: ['topic'], registers });
    this.deadLettered = new Counter({
      name: 'concord_messages_dead_lettered_total',
      help: 'Records sent to a dead-letter topic, by stage and error code',
      labelNames: ['topic', 'stage', 'code'],
      registers,
    });
    this.consumerLag = new Gauge({ name: 'concord_consumer_lag', help: 'Records behind the partition high watermark', labelNames: ['topic', 'partition'], registers });
    this.outboxBacklog = new Gauge({ name: 'concord_outbox_backlog', help: 'Outbox rows not yet acknowledged by the broker', registers });
    this.outboxPublishFailures = new Counter({
      name: 'concord_outbox_publish_failures_total',
      help: 'Outbox relay rounds that failed (broker or database unavailable); the rows stay pending',
      registers,
    });
    this.infrastructureWaits = new Counter({
      name: 'concord_infrastructure_waits_total',
      help: 'Times consumption paused because a dependency was unavailable',
      labelNames: ['dependency'],
      registers,
    });
    this.transactionConflicts = new Counter({
      name: 'concord_transaction_conflicts_total',
      help: 'Chunks rolled back by a deadlock or serialization failure with a concurrent transaction and applied again',
      labelNames: ['topic'],
      registers,
    });
    this.derivedEventIds = new Counter({
      name: 'concord_events_without_ce_id_total',
      help: 'Ingress records without ce_id whose id Concord derived from topic/partition/offset',
      labelNames: ['topic'],
      registers,
    });
  }
}
