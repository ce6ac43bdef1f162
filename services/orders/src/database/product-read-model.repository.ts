import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ProductChanged, ProductStatus } from '@concord/contracts';
import { ORDERS_CONFIG, type OrdersConfig } from '../config/orders.config';
import type { ProductFacts } from '../domain/order-quality';

/** The products orders validates lines against, from ProductChanged (newer version wins). */
@Injectable()
export class ProductReadModelRepository {
  private readonly table: string;

  constructor(@Inject(ORDERS_CONFIG) config: OrdersConfig) {
    this.table = `"${config.ORDERS_DB_SCHEMA}".products`;
  }

  /** Stores the product unless a version at least as new is stored; resolves with whether it was applied. */
  async apply(manager: EntityManager, product: ProductChanged): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO ${this.table} (sku, status, name, version, changed_at, charter_version)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (sku) DO UPDATE
       SET status = EXCLUDED.status, name = EXCLUDED.name, version = EXCLUDED.version, changed_at = EXCLUDED.changed_at,
           charter_version = EXCLUDED.charter_version, updated_at = now()
       WHERE ${this.table}.version < EXCLUDED.version
       RETURNING sku`,
      [product.sku, product.status, product.name, product.version, product.changedAt, product.charterVersion],
    );
    return rows.length > 0;
  }

  async findForSkus(manager: EntityManager, skus: readonly string[]): Promise<Map<string, ProductFacts>> {
    const rows: Array<{ sku: string; status: ProductStatus }> = await manager.query(`SELECT sku, status FROM ${this.table} WHERE sku = ANY($1::text[])`, [[...new Set(skus)]]);
    return new Map(rows.map((row) => [row.sku, { sku: row.sku, status: row.status }]));
  }
}
