import { Inject, Injectable } from '@nestjs/common';
import Decimal from 'decimal.js';
import type { EntityManager } from 'typeorm';
import type { PriceChanged, PriceType } from '@concord/contracts';
import { ORDERS_CONFIG, type OrdersConfig } from '../config/orders.config';
import type { PricePoint } from '../domain/price-resolution';

interface PricePointRow {
  price_change_id: string;
  sku: string;
  price_type: PriceType;
  amount: string;
  currency: string;
  channel: string | null;
  region: string | null;
  customer_id: string | null;
  min_quantity: number | null;
  valid_from: Date | null;
  valid_to: Date | null;
  changed_at: Date;
}

/**
 * The governed prices orders prices lines at, from PriceChanged. A price point is one SKU, price
 * type, currency, scope and start of validity; a later change of the same point replaces it (by
 * changedAt), a point with another start stands beside it and the resolver picks.
 */
@Injectable()
export class PriceReadModelRepository {
  private readonly table: string;

  constructor(@Inject(ORDERS_CONFIG) config: OrdersConfig) {
    this.table = `"${config.ORDERS_DB_SCHEMA}".price_points`;
  }

  /** Stores the price point unless a change at least as new of the same point is stored. */
  async apply(manager: EntityManager, price: PriceChanged): Promise<boolean> {
    const { scope } = price;
    const rows: unknown[] = await manager.query(
      `INSERT INTO ${this.table}
         (sku, price_type, currency, channel, region, customer_id, min_quantity, valid_from, valid_to, amount, price_change_id, source_system, changed_at, charter_version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT ON CONSTRAINT price_points_identity DO UPDATE
       SET valid_to = EXCLUDED.valid_to, amount = EXCLUDED.amount, price_change_id = EXCLUDED.price_change_id, source_system = EXCLUDED.source_system,
           changed_at = EXCLUDED.changed_at, charter_version = EXCLUDED.charter_version, updated_at = now()
       WHERE ${this.table}.changed_at < EXCLUDED.changed_at
       RETURNING id`,
      [
        price.sku,
        price.priceType,
        price.currency,
        scope.channel,
        scope.region,
        scope.customerId,
        scope.minQuantity,
        price.validFrom,
        price.validTo,
        price.amount.toFixed(),
        price.priceChangeId,
        price.sourceSystem,
        price.changedAt,
        price.charterVersion,
      ],
    );
    return rows.length > 0;
  }

  /** Every price point of these SKUs in `currency`. */
  async findForSkus(manager: EntityManager, skus: readonly string[], currency: string): Promise<PricePoint[]> {
    const rows: PricePointRow[] = await manager.query(
      `SELECT price_change_id, sku, price_type, amount, currency, channel, region, customer_id, min_quantity, valid_from, valid_to, changed_at
       FROM ${this.table} WHERE sku = ANY($1::text[]) AND currency = $2`,
      [[...new Set(skus)], currency],
    );
    return rows.map((row) => ({
      priceChangeId: row.price_change_id,
      sku: row.sku,
      priceType: row.price_type,
      amount: new Decimal(row.amount),
      currency: row.currency,
      scope: { channel: row.channel, region: row.region, customerId: row.customer_id, minQuantity: row.min_quantity },
      validFrom: row.valid_from,
      validTo: row.valid_to,
      changedAt: row.changed_at,
    }));
  }
}
