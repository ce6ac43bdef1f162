import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { SourceSystem } from '@concord/contracts';
import { INVENTORY_CONFIG, type InventoryConfig } from '../config/inventory.config';
import { stockKey, type StockLevel } from '../domain/stock-level';

interface StockLevelRow {
  sku: string;
  location_id: string;
  on_hand: number;
  reserved: number;
  last_source_system: SourceSystem | null;
  last_source_sequence: string | null;
  last_occurred_at: Date | null;
}

const COLUMNS = 'sku, location_id, on_hand, reserved, last_source_system, last_source_sequence, last_occurred_at';

/** Sellable stock per SKU and location. Callers hold the SKUs' locks (SkuStateRepository) first. */
@Injectable()
export class StockLevelRepository {
  private readonly table: string;

  constructor(@Inject(INVENTORY_CONFIG) config: InventoryConfig) {
    this.table = `"${config.INVENTORY_DB_SCHEMA}".stock_levels`;
  }

  /** The SKUs' stock rows, locked FOR UPDATE in (sku, location) order. */
  async lockForSkus(manager: EntityManager, skus: readonly string[]): Promise<StockLevel[]> {
    if (skus.length === 0) return [];
    const rows: StockLevelRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM ${this.table} WHERE sku = ANY($1::text[]) ORDER BY sku, location_id FOR UPDATE`,
      [[...new Set(skus)]],
    );
    return rows.map(toStockLevel);
  }

  /** The SKUs' stock rows as committed, without locking (for queries). */
  async findForSkus(manager: EntityManager, skus: readonly string[]): Promise<StockLevel[]> {
    if (skus.length === 0) return [];
    const rows: StockLevelRow[] = await manager.query(`SELECT ${COLUMNS} FROM ${this.table} WHERE sku = ANY($1::text[]) ORDER BY sku, location_id`, [
      [...new Set(skus)],
    ]);
    return rows.map(toStockLevel);
  }

  /** Stores a row the source of truth moved: on-hand and the ordering mark (reserved is kept as given). */
  async save(manager: EntityManager, level: StockLevel, charterVersion: string): Promise<void> {
    await manager.query(
      `INSERT INTO ${this.table} (sku, location_id, on_hand, reserved, last_source_system, last_source_sequence, last_occurred_at, last_charter_version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (sku, location_id) DO UPDATE SET
         on_hand = EXCLUDED.on_hand, reserved = EXCLUDED.reserved, last_source_system = EXCLUDED.last_source_system,
         last_source_sequence = EXCLUDED.last_source_sequence, last_occurred_at = EXCLUDED.last_occurred_at,
         last_charter_version = EXCLUDED.last_charter_version, updated_at = now()`,
      [
        level.sku,
        level.locationId,
        level.onHand,
        level.reserved,
        level.lastApplied?.sourceSystem ?? null,
        level.lastApplied?.sourceSequence ?? null,
        level.lastApplied?.occurredAt ?? null,
        charterVersion,
      ],
    );
  }

  /** `save` for several rows (at most one per SKU and location) in one statement. */
  async saveAll(manager: EntityManager, levels: readonly StockLevel[], charterVersion: string): Promise<void> {
    if (levels.length === 0) return;
    await manager.query(
      `INSERT INTO ${this.table} (sku, location_id, on_hand, reserved, last_source_system, last_source_sequence, last_occurred_at, last_charter_version)
       SELECT level.*, $8::text FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::text[], $6::bigint[], $7::timestamptz[]) AS level
       ON CONFLICT (sku, location_id) DO UPDATE SET
         on_hand = EXCLUDED.on_hand, reserved = EXCLUDED.reserved, last_source_system = EXCLUDED.last_source_system,
         last_source_sequence = EXCLUDED.last_source_sequence, last_occurred_at = EXCLUDED.last_occurred_at,
         last_charter_version = EXCLUDED.last_charter_version, updated_at = now()`,
      [
        levels.map((level) => level.sku),
        levels.map((level) => level.locationId),
        levels.map((level) => level.onHand),
        levels.map((level) => level.reserved),
        levels.map((level) => level.lastApplied?.sourceSystem ?? null),
        levels.map((level) => level.lastApplied?.sourceSequence ?? null),
        levels.map((level) => level.lastApplied?.occurredAt ?? null),
        charterVersion,
      ],
    );
  }

  /** Stores the reserved quantity of every row in `levels` that differs from `before`. */
  async saveReserved(manager: EntityManager, before: readonly StockLevel[], levels: readonly StockLevel[]): Promise<void> {
    const previous = new Map(before.map((level) => [stockKey(level.sku, level.locationId), level.reserved]));
    const changed = levels.filter((level) => previous.get(stockKey(level.sku, level.locationId)) !== level.reserved);
    if (changed.length === 0) return;
    await manager.query(
      `UPDATE ${this.table} AS level SET reserved = changed.reserved, updated_at = now()
       FROM unnest($1::text[], $2::text[], $3::int[]) AS changed (sku, location_id, reserved)
       WHERE level.sku = changed.sku AND level.location_id = changed.location_id`,
      [changed.map((level) => level.sku), changed.map((level) => level.locationId), changed.map((level) => level.reserved)],
    );
  }
}

function toStockLevel(row: StockLevelRow): StockLevel {
  return {
    sku: row.sku,
    locationId: row.location_id,
    onHand: row.on_hand,
    reserved: row.reserved,
    lastApplied:
      row.last_source_system === null || row.last_source_sequence === null || row.last_occurred_at === null
        ? null
        : { sourceSystem: row.last_source_system, sourceSequence: Number(row.last_source_sequence), occurredAt: row.last_occurred_at },
  };
}
