import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CustomerSyncReason, CustomerSyncRequested, SourceSystem } from '@concord/contracts';
import { CUSTOMERS_CONFIG, type CustomersConfig } from '../config/customers.config';

/** A CustomerSyncRequested as sent, and whether the target answered it. */
export interface StoredSyncRequest {
  readonly syncRequestId: string;
  readonly customerId: string;
  readonly targetSystem: SourceSystem;
  readonly reason: CustomerSyncReason;
  readonly originSystem: SourceSystem;
  readonly originExternalId: string;
  readonly orderId: string | null;
  readonly status: 'PENDING' | 'ANSWERED';
  readonly requestedAt: Date;
  readonly answeredAt: Date | null;
  /** The id the target gave the customer. */
  readonly answeredExternalId: string | null;
}

interface SyncRequestRow {
  sync_request_id: string;
  customer_id: string;
  target_system: SourceSystem;
  reason: CustomerSyncReason;
  origin_system: SourceSystem;
  origin_external_id: string;
  order_id: string | null;
  status: 'PENDING' | 'ANSWERED';
  requested_at: Date;
  answered_at: Date | null;
  answered_external_id: string | null;
}

const COLUMNS = `sync_request_id, customer_id, target_system, reason, origin_system, origin_external_id, order_id, status, requested_at,
  answered_at, answered_external_id`;

/** The sync requests sent to the ERP; at most one is pending per customer and target. */
@Injectable()
export class SyncRequestRepository {
  private readonly table: string;

  constructor(@Inject(CUSTOMERS_CONFIG) config: CustomersConfig) {
    this.table = `"${config.CUSTOMERS_DB_SCHEMA}".customer_sync_requests`;
  }

  async insertPending(manager: EntityManager, request: CustomerSyncRequested): Promise<void> {
    await manager.query(
      `INSERT INTO ${this.table} (sync_request_id, customer_id, target_system, reason, origin_system, origin_external_id, order_id, status, requested_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'PENDING', $8)`,
      [
        request.syncRequestId,
        request.customerId,
        request.targetSystem,
        request.reason,
        request.originSystem,
        request.originExternalId,
        request.orderId,
        request.requestedAt,
      ],
    );
  }

  async find(manager: EntityManager, syncRequestId: string): Promise<StoredSyncRequest | undefined> {
    const [row]: SyncRequestRow[] = await manager.query(`SELECT ${COLUMNS} FROM ${this.table} WHERE sync_request_id = $1`, [syncRequestId]);
    return row === undefined ? undefined : toSyncRequest(row);
  }

  /** The customer's pending request to `targetSystem`, if any. */
  async pendingFor(manager: EntityManager, customerId: string, targetSystem: SourceSystem): Promise<StoredSyncRequest | undefined> {
    const [row]: SyncRequestRow[] = await manager.query(`SELECT ${COLUMNS} FROM ${this.table} WHERE customer_id = $1 AND target_system = $2 AND status = 'PENDING'`, [
      customerId,
      targetSystem,
    ]);
    return row === undefined ? undefined : toSyncRequest(row);
  }

  /** The customer's latest request to `targetSystem`, answered or not. */
  async latestFor(manager: EntityManager, customerId: string, targetSystem: SourceSystem): Promise<StoredSyncRequest | undefined> {
    const [row]: SyncRequestRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM ${this.table} WHERE customer_id = $1 AND target_system = $2 ORDER BY requested_at DESC, sync_request_id LIMIT 1`,
      [customerId, targetSystem],
    );
    return row === undefined ? undefined : toSyncRequest(row);
  }

  async markAnswered(manager: EntityManager, syncRequestId: string, answer: { readonly externalId: string; readonly at: Date }): Promise<void> {
    await manager.query(`UPDATE ${this.table} SET status = 'ANSWERED', answered_at = $2, answered_external_id = $3 WHERE sync_request_id = $1 AND status = 'PENDING'`, [
      syncRequestId,
      answer.at,
      answer.externalId,
    ]);
  }
}

function toSyncRequest(row: SyncRequestRow): StoredSyncRequest {
  return {
    syncRequestId: row.sync_request_id,
    customerId: row.customer_id,
    targetSystem: row.target_system,
    reason: row.reason,
    originSystem: row.origin_system,
    originExternalId: row.origin_external_id,
    orderId: row.order_id,
    status: row.status,
    requestedAt: row.requested_at,
    answeredAt: row.answered_at,
    answeredExternalId: row.answered_external_id,
  };
}
