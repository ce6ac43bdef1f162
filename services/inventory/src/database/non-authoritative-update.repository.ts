import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { InventoryUpdated } from '@concord/contracts';
import type { SellableStockSource } from '@concord/governance';
import { INVENTORY_CONFIG, type InventoryConfig } from '../config/inventory.config';

/** An InventoryUpdated of the system that is not the source of truth, with where it came from. */
export interface NonAuthoritativeUpdate {
  readonly update: InventoryUpdated;
  /** The CloudEvents source and id of the record (its idempotency key). */
  readonly eventSource: string;
  readonly eventId: string;
  readonly sourceOfTruth: SellableStockSource;
  readonly charterVersion: string;
}

/** Stock events that never move sellable stock, kept as they came for reconciliation. */
@Injectable()
export class NonAuthoritativeUpdateRepository {
  private readonly table: string;

  constructor(@Inject(INVENTORY_CONFIG) config: InventoryConfig) {
    this.table = `"${config.INVENTORY_DB_SCHEMA}".non_authoritative_updates`;
  }

  async record(manager: EntityManager, { update, eventSource, eventId, sourceOfTruth, charterVersion }: NonAuthoritativeUpdate): Promise<void> {
    await manager.query(
      `INSERT INTO ${this.table} (event_source, event_id, source_system, source_of_truth, sku, location_id, kind, adjustment_reason, quantity,
         source_sequence, occurred_at, reference, charter_version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (event_source, event_id) DO NOTHING`,
      [
        eventSource,
        eventId,
        update.sourceSystem,
        sourceOfTruth,
        update.sku,
        update.locationId,
        update.kind,
        update.adjustmentReason,
        update.quantity,
        update.sourceSequence,
        update.occurredAt,
        update.reference,
        charterVersion,
      ],
    );
  }

  /** `record` for several updates in one statement. */
  async recordAll(manager: EntityManager, updates: readonly NonAuthoritativeUpdate[]): Promise<void> {
    if (updates.length === 0) return;
    const column = <T>(value: (update: NonAuthoritativeUpdate) => T) => updates.map(value);
    await manager.query(
      `INSERT INTO ${this.table} (event_source, event_id, source_system, source_of_truth, sku, location_id, kind, adjustment_reason, quantity,
         source_sequence, occurred_at, reference, charter_version)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[],
         $10::bigint[], $11::timestamptz[], $12::text[], $13::text[])
       ON CONFLICT (event_source, event_id) DO NOTHING`,
      [
        column((recorded) => recorded.eventSource),
        column((recorded) => recorded.eventId),
        column((recorded) => recorded.update.sourceSystem),
        column((recorded) => recorded.sourceOfTruth),
        column((recorded) => recorded.update.sku),
        column((recorded) => recorded.update.locationId),
        column((recorded) => recorded.update.kind),
        column((recorded) => recorded.update.adjustmentReason),
        column((recorded) => recorded.update.quantity),
        column((recorded) => recorded.update.sourceSequence),
        column((recorded) => recorded.update.occurredAt),
        column((recorded) => recorded.update.reference),
        column((recorded) => recorded.charterVersion),
      ],
    );
  }
}
