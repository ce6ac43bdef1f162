import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { INVENTORY_CONFIG, type InventoryConfig } from '../config/inventory.config';

/** Reservation requests per SKU and UTC day: the order rate velocity tiers are derived from. */
@Injectable()
export class SkuDemandRepository {
  private readonly table: string;

  constructor(@Inject(INVENTORY_CONFIG) config: InventoryConfig) {
    this.table = `"${config.INVENTORY_DB_SCHEMA}".sku_daily_demand`;
  }

  /** Counts one order for each SKU (however many lines or units it has of it) on the day of `at`. */
  async countOrder(manager: EntityManager, skus: readonly string[], at: Date): Promise<void> {
    if (skus.length === 0) return;
    await manager.query(
      `INSERT INTO ${this.table} AS demand (sku, day, orders)
       SELECT sku, ($2::timestamptz AT TIME ZONE 'UTC')::date, 1 FROM unnest($1::text[]) AS ordered (sku) ORDER BY sku
       ON CONFLICT (sku, day) DO UPDATE SET orders = demand.orders + 1`,
      [[...new Set(skus)], at],
    );
  }

  /** Orders per SKU counted on the days from that of `since` (inclusive); SKUs without any are left out. */
  async ordersSince(manager: EntityManager, skus: readonly string[], since: Date): Promise<Map<string, number>> {
    if (skus.length === 0) return new Map();
    const rows: { sku: string; orders: string }[] = await manager.query(
      `SELECT sku, sum(orders) AS orders FROM ${this.table}
       WHERE sku = ANY($1::text[]) AND day >= ($2::timestamptz AT TIME ZONE 'UTC')::date
       GROUP BY sku`,
      [[...new Set(skus)], since],
    );
    return new Map(rows.map((row) => [row.sku, Number(row.orders)]));
  }
}
