import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { InventoryAvailabilityChanged } from '@concord/contracts';
import { INVENTORY_CONFIG, type InventoryConfig } from '../config/inventory.config';
import type { KnownVelocityTier } from '../domain/velocity-tier';

/** What inventory keeps per SKU besides its stock rows. */
export interface SkuState {
  readonly sku: string;
  /** Set per SKU by an operator; null: the tier follows the order rate. */
  readonly velocityOverride: KnownVelocityTier | null;
  /** Since when inventory has known (and counted orders of) the SKU. */
  readonly createdAt: Date;
  /** The last InventoryAvailabilityChanged written to the outbox; null before the first. */
  readonly lastPublished: InventoryAvailabilityChanged | null;
  readonly lastSnapshotRequestedAt: Date | null;
  /** The last evaluation, as stored for queries and the sweep. */
  readonly velocityTier: KnownVelocityTier | null;
  readonly status: 'CONFIRMED' | 'UNCONFIRMED' | null;
  readonly unconfirmedReason: 'STALE' | 'NO_DATA' | null;
  readonly lastConfirmedAt: Date | null;
  /** When the sweep must look at the SKU again: its freshness expires, or a snapshot may be asked for again. */
  readonly nextCheckAt: Date | null;
}

/** The result of evaluating a SKU's availability, to store. */
export interface SkuEvaluation {
  readonly velocityTier: KnownVelocityTier;
  readonly status: 'CONFIRMED' | 'UNCONFIRMED';
  readonly unconfirmedReason: 'STALE' | 'NO_DATA' | null;
  readonly lastConfirmedAt: Date | null;
  readonly nextCheckAt: Date | null;
  readonly lastPublished: InventoryAvailabilityChanged | null;
  readonly lastSnapshotRequestedAt: Date | null;
}

interface SkuStateRow {
  sku: string;
  velocity_override: KnownVelocityTier | null;
  created_at: Date;
  last_published: StoredAvailability | null;
  last_snapshot_requested_at: Date | null;
  velocity_tier: KnownVelocityTier | null;
  status: 'CONFIRMED' | 'UNCONFIRMED' | null;
  unconfirmed_reason: 'STALE' | 'NO_DATA' | null;
  last_confirmed_at: Date | null;
  next_check_at: Date | null;
}

/** InventoryAvailabilityChanged as JSON: instants as ISO-8601 strings. */
type StoredAvailability = Omit<InventoryAvailabilityChanged, 'lastConfirmedAt' | 'calculatedAt'> & { lastConfirmedAt: string | null; calculatedAt: string };

const COLUMNS = `sku, velocity_override, created_at, last_published, last_snapshot_requested_at, velocity_tier, status, unconfirmed_reason,
  last_confirmed_at, next_check_at`;

/**
 * Per-SKU state. Its row lock is the SKU's mutex: a transaction that reads a SKU's stock to change
 * it (an update, a reservation, a release, the sweep) locks the SKU's row here first, and several
 * SKUs always in ascending order, so that concurrent transactions queue instead of deadlocking.
 */
@Injectable()
export class SkuStateRepository {
  private readonly table: string;

  constructor(@Inject(INVENTORY_CONFIG) config: InventoryConfig) {
    this.table = `"${config.INVENTORY_DB_SCHEMA}".sku_state`;
  }

  /**
   * Locks the SKUs' rows FOR UPDATE, in ascending SKU order, creating missing ones. Returns them in
   * that order.
   */
  async lockOrCreate(manager: EntityManager, skus: readonly string[]): Promise<SkuState[]> {
    // One statement inserts in sorted order, so creation takes the row locks in the same order as
    // locking existing rows; DO UPDATE (a no-op) locks and returns the rows that exist.
    const rows: SkuStateRow[] = await manager.query(
      `INSERT INTO ${this.table} AS state (sku)
       SELECT sku FROM unnest($1::text[]) AS requested (sku) ORDER BY sku
       ON CONFLICT (sku) DO UPDATE SET sku = state.sku
       RETURNING ${COLUMNS}`,
      [sortedUnique(skus)],
    );
    return rows.map(toSkuState).sort(bySku);
  }

  /** Locks the rows of the SKUs inventory knows, FOR UPDATE in ascending order; unknown SKUs are left out. */
  async lockExisting(manager: EntityManager, skus: readonly string[]): Promise<SkuState[]> {
    const rows: SkuStateRow[] = await manager.query(`SELECT ${COLUMNS} FROM ${this.table} WHERE sku = ANY($1::text[]) ORDER BY sku FOR UPDATE`, [sortedUnique(skus)]);
    return rows.map(toSkuState);
  }

  /**
   * Locks up to `limit` SKUs due for a check at `now`, skipping those another transaction holds
   * (an event being applied re-evaluates that SKU anyway; another instance's sweep has it).
   */
  async lockDueForCheck(manager: EntityManager, now: Date, limit: number): Promise<SkuState[]> {
    const rows: SkuStateRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM ${this.table} WHERE next_check_at <= $1 ORDER BY next_check_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
    return rows.map(toSkuState).sort(bySku);
  }

  async find(manager: EntityManager, sku: string): Promise<SkuState | undefined> {
    const [row]: SkuStateRow[] = await manager.query(`SELECT ${COLUMNS} FROM ${this.table} WHERE sku = $1`, [sku]);
    return row === undefined ? undefined : toSkuState(row);
  }

  /** SKUs stored as UNCONFIRMED or whose confirmation expired by `now`, in SKU order. */
  async findPossiblyUnconfirmed(manager: EntityManager, now: Date, limit: number): Promise<SkuState[]> {
    const rows: SkuStateRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM ${this.table}
       WHERE status = 'UNCONFIRMED' OR (status = 'CONFIRMED' AND next_check_at < $1)
       ORDER BY sku LIMIT $2`,
      [now, limit],
    );
    return rows.map(toSkuState);
  }

  async saveEvaluation(manager: EntityManager, sku: string, evaluation: SkuEvaluation): Promise<void> {
    await manager.query(
      `UPDATE ${this.table}
       SET velocity_tier = $2, status = $3, unconfirmed_reason = $4, last_confirmed_at = $5, next_check_at = $6,
           last_published = $7, published_sequence = $8, last_snapshot_requested_at = $9, updated_at = now()
       WHERE sku = $1`,
      [
        sku,
        evaluation.velocityTier,
        evaluation.status,
        evaluation.unconfirmedReason,
        evaluation.lastConfirmedAt,
        evaluation.nextCheckAt,
        evaluation.lastPublished === null ? null : JSON.stringify(evaluation.lastPublished),
        evaluation.lastPublished?.sequence ?? 0,
        evaluation.lastSnapshotRequestedAt,
      ],
    );
  }

  /** saveEvaluation for several SKUs in one statement. */
  async saveEvaluations(manager: EntityManager, evaluations: readonly { sku: string; evaluation: SkuEvaluation }[]): Promise<void> {
    if (evaluations.length === 0) return;
    const column = <T>(value: (evaluation: SkuEvaluation) => T) => evaluations.map(({ evaluation }) => value(evaluation));
    await manager.query(
      `UPDATE ${this.table} AS state
       SET velocity_tier = saved.velocity_tier, status = saved.status, unconfirmed_reason = saved.unconfirmed_reason,
           last_confirmed_at = saved.last_confirmed_at, next_check_at = saved.next_check_at, last_published = saved.last_published,
           published_sequence = saved.published_sequence, last_snapshot_requested_at = saved.last_snapshot_requested_at, updated_at = now()
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::jsonb[], $8::bigint[], $9::timestamptz[])
         AS saved (sku, velocity_tier, status, unconfirmed_reason, last_confirmed_at, next_check_at, last_published, published_sequence,
                   last_snapshot_requested_at)
       WHERE state.sku = saved.sku`,
      [
        evaluations.map(({ sku }) => sku),
        column((evaluation) => evaluation.velocityTier),
        column((evaluation) => evaluation.status),
        column((evaluation) => evaluation.unconfirmedReason),
        column((evaluation) => evaluation.lastConfirmedAt),
        column((evaluation) => evaluation.nextCheckAt),
        column((evaluation) => (evaluation.lastPublished === null ? null : JSON.stringify(evaluation.lastPublished))),
        column((evaluation) => evaluation.lastPublished?.sequence ?? 0),
        column((evaluation) => evaluation.lastSnapshotRequestedAt),
      ],
    );
  }

  async saveVelocityOverride(manager: EntityManager, sku: string, override: KnownVelocityTier | null): Promise<SkuState> {
    // TypeORM answers an UPDATE with [rows, affected count].
    const [[row]]: [SkuStateRow[], number] = await manager.query(
      `UPDATE ${this.table} SET velocity_override = $2, updated_at = now() WHERE sku = $1 RETURNING ${COLUMNS}`,
      [sku, override],
    );
    return toSkuState(row);
  }
}

function toSkuState(row: SkuStateRow): SkuState {
  return {
    sku: row.sku,
    velocityOverride: row.velocity_override,
    createdAt: row.created_at,
    lastPublished: row.last_published === null ? null : revive(row.last_published),
    lastSnapshotRequestedAt: row.last_snapshot_requested_at,
    velocityTier: row.velocity_tier,
    status: row.status,
    unconfirmedReason: row.unconfirmed_reason,
    lastConfirmedAt: row.last_confirmed_at,
    nextCheckAt: row.next_check_at,
  };
}

function revive(stored: StoredAvailability): InventoryAvailabilityChanged {
  return {
    ...stored,
    lastConfirmedAt: stored.lastConfirmedAt === null ? null : new Date(stored.lastConfirmedAt),
    calculatedAt: new Date(stored.calculatedAt),
  };
}

function sortedUnique(skus: readonly string[]): string[] {
  return [...new Set(skus)].sort(compareText);
}

const bySku = (a: { sku: string }, b: { sku: string }) => compareText(a.sku, b.sku);

// Postgres sorts text by its collation, JavaScript by UTF-16 code units; lock order only has to be
// the same in every transaction, which the ORDER BY in SQL guarantees. This order is for callers.
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
