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

  /** Adds `orders` (per SKU: how many orders had it, however many lines or units) to the SKUs' counts on the day of `at`. */
  async countOrders(manager: EntityManager, orders: ReadonlyMap<string, number>, at: Date): Promise<void> {
    if (orders.size === 0) return;
    // Inserted in SKU order, so concurrent chunks take the rows' locks in the same order.
    await manager.query(
      `INSERT INTO ${this.table} AS demand (sku, day, orders)
       SELECT sku, ($3::timestamptz AT TIME ZONE 'UTC')::date, orders FROM unnest($1::text[], $2::int[]) AS ordered (sku, orders) ORDER BY sku
       ON CONFLICT (sku, day) DO UPDATE SET orders = demand.orders + EXCLUDED.orders`,
      [[...orders.keys()], [...orders.values()], at],
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
