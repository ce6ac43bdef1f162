import { Inject, Injectable } from '@nestjs/common';
import { Counter, type Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { METRICS_REGISTRY, TransactionalMetrics } from '@concord/observability';

/**
 * Inventory's business counters on the service's `/metrics` registry.
 *
 * Counts made inside a transaction are applied only when it commits (TransactionalMetrics): the
 * consumer may roll a chunk back and run it again, and a stale update must not be counted once per attempt.
 */
@Injectable()
export class InventoryMetrics extends TransactionalMetrics {
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

  constructor(@Inject(METRICS_REGISTRY) registry: Registry, dataSource: DataSource) {
    super(registry, dataSource);
    this.staleUpdates = this.counter('concord_inventory_stale_updates_total', 'InventoryUpdated events older than the applied ones (ignored)', ['source_system']);
    this.nonAuthoritativeUpdates = this.counter(
      'concord_inventory_non_authoritative_updates_total',
      'InventoryUpdated events of the system that is not the source of truth (recorded for reconciliation)',
      ['source_system'],
    );
    this.negativeOnHandClamped = this.counter('concord_inventory_negative_on_hand_clamped_total', 'Adjustments clamped at zero on-hand', ['location_id']);
    this.reservations = this.counter('concord_inventory_reservations_total', 'Reservation requests answered', ['outcome', 'reason']);
    this.releases = this.counter('concord_inventory_releases_total', 'Release requests handled', ['outcome']);
    this.unreservedShipments = this.counter('concord_inventory_unreserved_shipments_total', 'Shipment lines that shipped more than the order had reserved');
    this.availabilityPublished = this.counter('concord_inventory_availability_published_total', 'InventoryAvailabilityChanged events written to the outbox', ['status']);
    this.snapshotRequests = this.counter('concord_inventory_snapshot_requests_total', 'InventorySnapshotRequested events written to the outbox', ['reason']);
    this.sweeps = this.counter('concord_inventory_sweeps_total', 'Staleness sweeps completed');
    this.sweptSkus = this.counter('concord_inventory_swept_skus_total', 'SKUs the staleness sweep re-evaluated');
  }
}
