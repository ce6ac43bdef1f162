import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AccountStatus, CustomerChanged } from '@concord/contracts';
import { ORDERS_CONFIG, type OrdersConfig } from '../config/orders.config';
import type { CustomerFacts, CustomerKey } from '../domain/customer-resolution';

interface CustomerRow {
  customer_id: string;
  name: string;
  account_status: AccountStatus;
  cross_references: CustomerKey[];
  version: string;
  changed_at: Date;
}

/**
 * The golden customer records orders maps customer ids with, from CustomerChanged (newer version
 * wins), and their cross-references by (system, id).
 *
 * An order that finds no customer and decides to wait for one, and a CustomerChanged that looks for
 * the orders waiting on it, must not miss each other: each takes a transaction-scoped advisory lock
 * per customer key first (the order shared, CustomerChanged exclusive), so one of them sees what
 * the other committed.
 */
@Injectable()
export class CustomerReadModelRepository {
  private readonly customers: string;
  private readonly crossReferences: string;
  private readonly lockSpace: string;

  constructor(@Inject(ORDERS_CONFIG) config: OrdersConfig) {
    const schema = `"${config.ORDERS_DB_SCHEMA}"`;
    this.customers = `${schema}.customers`;
    this.crossReferences = `${schema}.customer_cross_references`;
    this.lockSpace = `${config.ORDERS_DB_SCHEMA}.customer-key`;
  }

  /** Locks the keys until the transaction ends, in one global order (no deadlock between two lockers of several keys). */
  async lockKeys(manager: EntityManager, keys: readonly CustomerKey[], mode: 'shared' | 'exclusive'): Promise<void> {
    const texts = [...new Set(keys.map((key) => `${key.sourceSystem}:${key.externalId}`))].sort();
    const lock = mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock';
    for (const text of texts) await manager.query(`SELECT ${lock}(hashtext($1), hashtext($2))`, [this.lockSpace, text]);
  }

  /** Stores the golden record and its cross-references unless a version at least as new is stored. */
  async apply(manager: EntityManager, customer: CustomerChanged): Promise<boolean> {
    const references = uniqueReferences(customer.crossReferences);
    const rows: unknown[] = await manager.query(
      `INSERT INTO ${this.customers} (customer_id, name, account_status, cross_references, version, changed_at, charter_version)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (customer_id) DO UPDATE
       SET name = EXCLUDED.name, account_status = EXCLUDED.account_status, cross_references = EXCLUDED.cross_references,
           version = EXCLUDED.version, changed_at = EXCLUDED.changed_at, charter_version = EXCLUDED.charter_version, updated_at = now()
       WHERE ${this.customers}.version < EXCLUDED.version
       RETURNING customer_id`,
      [customer.customerId, customer.name, customer.accountStatus, JSON.stringify(references), customer.version, customer.changedAt, customer.charterVersion],
    );
    if (rows.length === 0) return false;
    await manager.query(`DELETE FROM ${this.crossReferences} WHERE customer_id = $1`, [customer.customerId]);
    await manager.query(
      `INSERT INTO ${this.crossReferences} (source_system, external_id, customer_id) SELECT system, id, $1 FROM unnest($2::text[], $3::text[]) AS reference (system, id)`,
      [customer.customerId, references.map((reference) => reference.sourceSystem), references.map((reference) => reference.externalId)],
    );
    return true;
  }

  /** The golden records holding any of `keys`. */
  async findByKeys(manager: EntityManager, keys: readonly CustomerKey[]): Promise<CustomerFacts[]> {
    if (keys.length === 0) return [];
    const rows: CustomerRow[] = await manager.query(
      `SELECT c.customer_id, c.name, c.account_status, c.cross_references, c.version, c.changed_at
       FROM ${this.customers} c
       WHERE c.customer_id IN (
         SELECT x.customer_id FROM ${this.crossReferences} x
         JOIN unnest($1::text[], $2::text[]) AS key (system, id) ON x.source_system = key.system AND x.external_id = key.id)`,
      [keys.map((key) => key.sourceSystem), keys.map((key) => key.externalId)],
    );
    return rows.map((row) => ({
      customerId: row.customer_id,
      name: row.name,
      accountStatus: row.account_status,
      crossReferences: row.cross_references,
      version: Number(row.version),
      changedAt: row.changed_at,
    }));
  }
}

function uniqueReferences(references: readonly CustomerKey[]): CustomerKey[] {
  const seen = new Set<string>();
  return references
    .map(({ sourceSystem, externalId }) => ({ sourceSystem, externalId }))
    .filter((reference) => {
      const key = `${reference.sourceSystem}\u0000${reference.externalId}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}
