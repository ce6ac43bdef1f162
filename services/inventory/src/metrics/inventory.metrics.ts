import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Counter, type Registry } from 'prom-client';
import { DataSource, type EntityManager, type EntitySubscriberInterface, type QueryRunner, type TransactionCommitEvent, type TransactionRollbackEvent } from 'typeorm';
import { METRICS_REGISTRY } from '@concord/observability';

/**
 * Inventory's business counters on the service's `/metrics` registry.
 *
 * Counts made inside a transaction are applied only when it commits: the consumer may roll a chunk
 * back and run it again, and a stale update must not be counted once per attempt.
 */
@Injectable()
export class InventoryMetrics implements OnModuleInit {
  /** InventoryUpdated not newer than what is applied for its SKU and location: counted, never applied. */
  readonly staleUpdates: Counter<'source_system'>;
  /** InventoryUpdated of the system that is not the source of truth: recorded for reconciliation only. */
  readonly nonAuthoritativeUpdates: Counter<'source_system'>;
  /** Adjustments that would have taken on-hand below zero (clamped at 0, snapshot requested). */
  readonly negativeOnHandClamped: Counter<'location_id'>;
  readonly reservations: Counter<'outcome' | 'reason'>;
  readonly releases: Counter<'outcome'>;
  /** Shipped units the order had not reserved (INVENTORY.UNRESERVED_SHIPMENT). */
  readonly unreservedShipments: Counter<string>;
  readonly availabilityPublished: Counter<'status'>;
  readonly snapshotRequests: Counter<'reason'>;
  /** Staleness sweeps completed, and the SKUs they re-evaluated. */
  readonly sweeps: Counter<string>;
  readonly sweptSkus: Counter<string>;

  private readonly pending = new WeakMap<QueryRunner, Array<() => void>>();

  constructor(
    @Inject(METRICS_REGISTRY) registry: Registry,
    private readonly dataSource: DataSource,
  ) {
    const counter = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
      new Counter<L>({ name, help, labelNames, registers: [registry] });
    this.staleUpdates = counter('concord_inventory_stale_updates_total', 'InventoryUpdated events older than the applied ones (ignored)', ['source_system']);
    this.nonAuthoritativeUpdates = counter(
      'concord_inventory_non_authoritative_updates_total',
      'InventoryUpdated events of the system that is not the source of truth (recorded for reconciliation)',
      ['source_system'],
    );
    this.negativeOnHandClamped = counter('concord_inventory_negative_on_hand_clamped_total', 'Adjustments clamped at zero on-hand', ['location_id']);
    this.reservations = counter('concord_inventory_reservations_total', 'Reservation requests answered', ['outcome', 'reason']);
    this.releases = counter('concord_inventory_releases_total', 'Release requests handled', ['outcome']);
    this.unreservedShipments = counter('concord_inventory_unreserved_shipments_total', 'Shipment lines that shipped more than the order had reserved');
    this.availabilityPublished = counter('concord_inventory_availability_published_total', 'InventoryAvailabilityChanged events written to the outbox', ['status']);
    this.snapshotRequests = counter('concord_inventory_snapshot_requests_total', 'InventorySnapshotRequested events written to the outbox', ['reason']);
    this.sweeps = counter('concord_inventory_sweeps_total', 'Staleness sweeps completed');
    this.sweptSkus = counter('concord_inventory_swept_skus_total', 'SKUs the staleness sweep re-evaluated');
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
    const counts = this.pending.get(runner) ?? [];
    counts.push(count);
    this.pending.set(runner, counts);
  }

  private settle(runner: QueryRunner, committed: boolean): void {
    // A savepoint released or rolled back is not the end of the transaction.
    if (runner.isTransactionActive) return;
    const counts = this.pending.get(runner);
    this.pending.delete(runner);
    if (committed) counts?.forEach((count) => count());
  }
}
