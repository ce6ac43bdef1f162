import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { SourceSystem } from '@concord/contracts';
import { CUSTOMERS_CONFIG, type CustomersConfig } from '../config/customers.config';
import { inLockOrder, lockName, type CrossReferenceKey } from '../domain/cross-reference';

/** How a cross-reference came to be. */
export type LinkedBy = 'CREATION_REQUEST' | 'UPSERT' | 'SYNC_ANSWER';

/**
 * Which canonical customer each source system id belongs to.
 *
 * Resolving an id and creating the customer when there is none must not race (two creation
 * requests for one storefront customer on two instances would make two customers), so resolvers
 * first lock the ids they look up, with transaction-scoped advisory locks taken in one total order.
 */
@Injectable()
export class CrossReferenceRepository {
  private readonly table: string;
  private readonly lockNamespace: string;

  constructor(@Inject(CUSTOMERS_CONFIG) config: CustomersConfig) {
    this.table = `"${config.CUSTOMERS_DB_SCHEMA}".customer_cross_references`;
    this.lockNamespace = `${config.CUSTOMERS_DB_SCHEMA}.cross-reference:`;
  }

  /** Locks the ids until the transaction ends, in lock order (a hash collision only serialises more). */
  async lockKeys(manager: EntityManager, keys: readonly CrossReferenceKey[]): Promise<void> {
    for (const key of inLockOrder(keys)) {
      await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [this.lockNamespace + lockName(key)]);
    }
  }

  /** The customer each of `keys` is linked to, by lockName(key); unlinked keys are absent. */
  async customerIdsOf(manager: EntityManager, keys: readonly CrossReferenceKey[]): Promise<Map<string, string>> {
    if (keys.length === 0) return new Map();
    const rows: { source_system: SourceSystem; external_id: string; customer_id: string }[] = await manager.query(
      `SELECT reference.source_system, reference.external_id, reference.customer_id
       FROM ${this.table} reference JOIN unnest($1::text[], $2::text[]) AS wanted (source_system, external_id) USING (source_system, external_id)`,
      [keys.map((key) => key.sourceSystem), keys.map((key) => key.externalId)],
    );
    return new Map(rows.map((row) => [lockName({ sourceSystem: row.source_system, externalId: row.external_id }), row.customer_id]));
  }

  /** The customer `key` is linked to, if any. */
  async customerIdOf(manager: EntityManager, key: CrossReferenceKey): Promise<string | undefined> {
    return (await this.customerIdsOf(manager, [key])).get(lockName(key));
  }

  async link(manager: EntityManager, key: CrossReferenceKey, customerId: string, linkedBy: LinkedBy): Promise<void> {
    await manager.query(`INSERT INTO ${this.table} (source_system, external_id, customer_id, linked_by) VALUES ($1, $2, $3, $4)`, [
      key.sourceSystem,
      key.externalId,
      customerId,
      linkedBy,
    ]);
  }
}
