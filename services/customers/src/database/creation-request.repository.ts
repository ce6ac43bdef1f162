import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CustomerCreationRequested } from '@concord/contracts';
import { CUSTOMERS_CONFIG, type CustomersConfig } from '../config/customers.config';

/**
 * What became of a creation request: a new customer (CREATED), an ERP customer found by the
 * charter's id rule (LINKED_BY_ID_RULE), one the ERP already knows (ALREADY_IN_ERP), one whose ERP
 * sync is still pending (SYNC_PENDING), or one known without an ERP id and now sent (SYNC_REQUESTED).
 */
export type CreationOutcome = 'CREATED' | 'LINKED_BY_ID_RULE' | 'ALREADY_IN_ERP' | 'SYNC_PENDING' | 'SYNC_REQUESTED';

/** Every CustomerCreationRequested the orders service sent, with its outcome, for audit. */
@Injectable()
export class CreationRequestRepository {
  private readonly table: string;

  constructor(@Inject(CUSTOMERS_CONFIG) config: CustomersConfig) {
    this.table = `"${config.CUSTOMERS_DB_SCHEMA}".customer_creation_requests`;
  }

  async record(manager: EntityManager, request: CustomerCreationRequested, customerId: string, outcome: CreationOutcome): Promise<void> {
    await manager.query(
      `INSERT INTO ${this.table} (order_id, source_system, external_customer_id, customer_id, outcome, requested_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [request.orderId, request.sourceSystem, request.externalCustomerId, customerId, outcome, request.requestedAt],
    );
  }
}
