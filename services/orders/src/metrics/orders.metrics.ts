import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Counter, Histogram, type Registry } from 'prom-client';
import { DataSource, type EntityManager, type EntitySubscriberInterface, type QueryRunner, type TransactionCommitEvent, type TransactionRollbackEvent } from 'typeorm';
import { METRICS_REGISTRY } from '@concord/observability';

/**
 * Orders' business counters on the service's `/metrics` registry.
 *
 * Counts made inside a transaction are applied only when it commits: the consumer may roll a chunk
 * back and run it again, and an order must not be counted once per attempt.
 */
@Injectable()
export class OrdersMetrics implements OnModuleInit {
  /**
   * Where orders went: accepted, rejected, held, awaiting_customer, stock_requested, cancelled;
   * `reason` is the hold reason, the first rejection code, or what caused it.
   */
  readonly outcomes: Counter<'outcome' | 'reason'>;
  /** Shown vs governed price beyond the tolerance (a data conflict), per line, by what the policy did. */
  readonly priceConflicts: Counter<'handling'>;
  /** OrderPlaced for an order already taken in (same source system and external order id). */
  readonly duplicates: Counter<'source_system'>;
  /** From Concord receiving the OrderPlaced to OrderAccepted. */
  readonly timeToAccept: Histogram<string>;
  /** Cancellations by what they did: cancelled, refused (shipped), ignored, remembered (before the order). */
  readonly cancellations: Counter<'outcome' | 'stage'>;
  /** Read-model events applied, or ignored as not newer than what is stored. */
  readonly readModelUpdates: Counter<'model' | 'outcome'>;
  /** Facts that arrived after the order moved on (a reservation after a cancel, a shipment of a cancelled order). */
  readonly lateEvents: Counter<'event' | 'state'>;

  private readonly pending = new WeakMap<QueryRunner, Array<() => void>>();

  constructor(
    @Inject(METRICS_REGISTRY) registry: Registry,
    private readonly dataSource: DataSource,
  ) {
    const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) => new Counter<L>({ name, help, labelNames, registers: [registry] });
    this.outcomes = counter('concord_orders_outcomes_total', 'Orders by the state a decision moved them to', ['outcome', 'reason']);
    this.priceConflicts = counter('concord_orders_price_conflicts_total', 'Order lines whose shown price differs from the governed price beyond the tolerance', ['handling']);
    this.duplicates = counter('concord_orders_duplicates_total', 'OrderPlaced events for an order already taken in', ['source_system']);
    this.timeToAccept = new Histogram({
      name: 'concord_orders_time_to_accept_seconds',
      help: 'From receiving OrderPlaced to OrderAccepted',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600],
      registers: [registry],
    });
    this.cancellations = counter('concord_orders_cancellations_total', 'OrderCancelled events by outcome and the stage of the order', ['outcome', 'stage']);
    this.readModelUpdates = counter('concord_orders_read_model_updates_total', 'ProductChanged, CustomerChanged and PriceChanged events applied or not newer', ['model', 'outcome']);
    this.lateEvents = counter('concord_orders_late_events_total', 'Facts about an order that arrived after it moved on', ['event', 'state']);
  }

  onModuleInit(): void {
    const subscriber: EntitySubscriberInterface = {
      afterTransactionCommit: ({ queryRunner }: TransactionCommitEvent) => this.settle(queryRunner, true),
      afterTransactionRollback: ({ queryRunner }: TransactionRollbackEvent) => this.settle(queryRunner, false),
    };
    this.dataSource.subscribers.push(subscriber);
  }

  /** Runs `count` once the transaction `manager` belongs to commits (at once outside a transaction). */
  afterCommit(manager: EntityManager, count: () => void): void {
    const runner = manager.queryRunner;
    if (runner === undefined || !runner.isTransactionActive) {
      count();
      return;
    }
    this.pending.set(runner, [...(this.pending.get(runner) ?? []), count]);
  }

  private settle(runner: QueryRunner, committed: boolean): void {
    // A savepoint released or rolled back is not the end of the transaction.
    if (runner.isTransactionActive) return;
    const counts = this.pending.get(runner);
    this.pending.delete(runner);
    if (committed) counts?.forEach((count) => count());
  }
}
