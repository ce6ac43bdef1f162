import { Inject, Injectable } from '@nestjs/common';
import { Counter, Histogram, type Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { METRICS_REGISTRY, TransactionalMetrics } from '@concord/observability';

/**
 * Orders' business counters on the service's `/metrics` registry.
 *
 * Counts made inside a transaction are applied only when it commits (TransactionalMetrics): the
 * consumer may roll a chunk back and run it again, and an order must not be counted once per attempt.
 */
@Injectable()
export class OrdersMetrics extends TransactionalMetrics {
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

  constructor(@Inject(METRICS_REGISTRY) registry: Registry, dataSource: DataSource) {
    super(registry, dataSource);
    this.outcomes = this.counter('concord_orders_outcomes_total', 'Orders by the state a decision moved them to', ['outcome', 'reason']);
    this.priceConflicts = this.counter('concord_orders_price_conflicts_total', 'Order lines whose shown price differs from the governed price beyond the tolerance', ['handling']);
    this.duplicates = this.counter('concord_orders_duplicates_total', 'OrderPlaced events for an order already taken in', ['source_system']);
    this.timeToAccept = new Histogram({
      name: 'concord_orders_time_to_accept_seconds',
      help: 'From receiving OrderPlaced to OrderAccepted',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600],
      registers: [registry],
    });
    this.cancellations = this.counter('concord_orders_cancellations_total', 'OrderCancelled events by outcome and the stage of the order', ['outcome', 'stage']);
    this.readModelUpdates = this.counter('concord_orders_read_model_updates_total', 'ProductChanged, CustomerChanged and PriceChanged events applied or not newer', ['model', 'outcome']);
    this.lateEvents = this.counter('concord_orders_late_events_total', 'Facts about an order that arrived after it moved on', ['event', 'state']);
  }
}
