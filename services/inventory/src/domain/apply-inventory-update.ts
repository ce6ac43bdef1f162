import type { InventoryAdjustmentReason, InventoryUpdated, SourceSystem } from '@concord/contracts';
import type { Charter, SellableStockSource } from '@concord/governance';
import { inventoryError, InventoryInvariantError, type InventoryError } from './inventory.errors';
import { emptyStockLevel, type SourceMark, type StockLevel } from './stock-level';

/** What to do with one InventoryUpdated, stamped with the charter version that decided it. */
export type InventoryUpdateDecision =
  | {
      /** From the source of truth and newer than anything applied: store `level`. */
      readonly kind: 'apply';
      readonly level: StockLevel;
      /** The row before, or null when this SKU was new at this location. */
      readonly previous: StockLevel | null;
      /** How much on-hand moved (negative for picks and lower counts). */
      readonly onHandChange: number;
      /**
       * Set when an adjustment would have taken on-hand below zero and it was clamped at zero
       * (INVENTORY.NEGATIVE_ON_HAND_CLAMPED): count it and request a snapshot to re-baseline.
       */
      readonly variance: InventoryError | null;
      readonly charterVersion: string;
    }
  | {
      /** From the system that is not the source of truth: keep it for reconciliation, move nothing. */
      readonly kind: 'record-only';
      readonly sourceSystem: SellableStockSource;
      readonly sourceOfTruth: SellableStockSource;
      readonly charterVersion: string;
    }
  | {
      /** Not newer than what is already applied here (INVENTORY.STALE_UPDATE): count it, change nothing. */
      readonly kind: 'ignore-stale';
      readonly error: InventoryError;
      /** The newer event already applied. */
      readonly applied: SourceMark;
      readonly charterVersion: string;
    }
  | {
      /** Can never take effect as it is: dead-letter it with these codes. */
      readonly kind: 'reject';
      readonly errors: readonly InventoryError[];
      readonly charterVersion: string;
    };

const INCREASING_REASONS: ReadonlySet<InventoryAdjustmentReason> = new Set(['RECEIPT', 'RETURN']);
const DECREASING_REASONS: ReadonlySet<InventoryAdjustmentReason> = new Set(['PICK', 'SHRINKAGE', 'DAMAGE']);

/**
 * Decides what an InventoryUpdated does to the stock of its SKU at its location.
 *
 * - Invalid records are rejected, whichever system sent them (reconciliation cannot compare against garbage either).
 * - Only the charter's `sellable_stock_source` moves stock; the other system's records are `record-only`.
 *   They are not checked against the ordering mark: each system numbers its own events.
 * - Ordering per SKU and location: an update applies only when it is newer than the last applied one
 *   (higher source sequence; on an equal sequence, a later occurredAt). Anything else, including a
 *   redelivery of the applied event, is `ignore-stale`. So a SNAPSHOT at sequence N makes every
 *   adjustment below N that arrives later stale (the count already includes it), adjustments above N
 *   apply on top of the count, and a SNAPSHOT below an applied adjustment is stale too. A late
 *   adjustment is therefore dropped rather than added out of order; the drift it may leave is
 *   corrected by the next snapshot, which the freshness rules guarantee is requested.
 * - A mark from another system (the charter changed its source of truth) belongs to another
 *   sequence space and is not compared: the new source's update applies.
 * - SNAPSHOT sets on-hand; ADJUSTMENT adds its signed delta, clamped at zero (see `variance`).
 */
export function decideInventoryUpdate(update: InventoryUpdated, current: StockLevel | undefined, charter: Charter): InventoryUpdateDecision {
  const charterVersion = charter.version;
  if (current !== undefined && (current.sku !== update.sku || current.locationId !== update.locationId)) {
    throw new InventoryInvariantError(`the stock row of ${current.sku} at ${current.locationId} was passed for an update of ${update.sku} at ${update.locationId}`);
  }

  const errors = validateInventoryUpdate(update, charter);
  if (errors.length > 0) return { kind: 'reject', errors, charterVersion };

  const sourceOfTruth = charter.sellableStockSource;
  if (update.sourceSystem !== sourceOfTruth) {
    return { kind: 'record-only', sourceSystem: update.sourceSystem as SellableStockSource, sourceOfTruth, charterVersion };
  }

  const applied = current?.lastApplied ?? null;
  if (applied !== null && !isNewerThan(update, applied)) {
    return { kind: 'ignore-stale', error: staleUpdateError(update, applied), applied, charterVersion };
  }

  const previous = current ?? null;
  const before = previous ?? emptyStockLevel(update.sku, update.locationId);
  const mark: SourceMark = { sourceSystem: update.sourceSystem, sourceSequence: update.sourceSequence, occurredAt: update.occurredAt };

  if (update.kind === 'SNAPSHOT') {
    const level: StockLevel = { ...before, onHand: update.quantity, lastApplied: mark };
    return { kind: 'apply', level, previous, onHandChange: level.onHand - before.onHand, variance: null, charterVersion };
  }

  // Clamp rather than reject: the source of truth says the goods physically left, so keeping the old
  // figure would leave units on hand that the shelf no longer has (the overselling direction), while
  // zero can only understate. Going below zero means an earlier movement was missed or dropped as
  // stale; the variance tells the caller to count it and ask for a snapshot to re-baseline.
  const unclamped = before.onHand + update.quantity;
  const onHand = Math.max(0, unclamped);
  const variance =
    unclamped < 0
      ? inventoryError(
          'INVENTORY.NEGATIVE_ON_HAND_CLAMPED',
          `${update.adjustmentReason} of ${-update.quantity} for ${update.sku} at ${update.locationId} exceeds the ${before.onHand} on hand; on-hand set to 0, ${-unclamped} unaccounted for`,
          { field: 'quantity' },
        )
      : null;
  const level: StockLevel = { ...before, onHand, lastApplied: mark };
  return { kind: 'apply', level, previous, onHandChange: onHand - before.onHand, variance, charterVersion };
}

/** Every way an InventoryUpdated breaks its contract or the charter; empty when it can be processed. */
export function validateInventoryUpdate(update: InventoryUpdated, charter: Charter): InventoryError[] {
  const errors: InventoryError[] = [];
  if (!isStockSystem(update.sourceSystem)) {
    errors.push(inventoryError('INVENTORY.UNEXPECTED_SOURCE_SYSTEM', `stock is reported by WMS or ERP, not ${update.sourceSystem}`, { field: 'sourceSystem' }));
  }
  if (update.sku.trim() === '') errors.push(inventoryError('INVENTORY.MISSING_SKU', 'sku is blank', { field: 'sku' }));
  // A location the charter does not route is a typo or an unmanaged site: quarantine it rather than
  // create sellable stock no reservation could ever ship from.
  if (!charter.inventoryRouting.locations.some((location) => location.id === update.locationId)) {
    errors.push(inventoryError('INVENTORY.UNKNOWN_LOCATION', `location ${update.locationId} is not in the charter's inventory_routing`, { field: 'locationId' }));
  }
  if (!Number.isSafeInteger(update.sourceSequence) || update.sourceSequence < 0) {
    errors.push(inventoryError('INVENTORY.INVALID_SOURCE_SEQUENCE', `sourceSequence must be an integer ≥ 0 (got ${update.sourceSequence})`, { field: 'sourceSequence' }));
  }
  if (!isValidDate(update.occurredAt)) errors.push(inventoryError('INVENTORY.INVALID_TIMESTAMP', 'occurredAt is not a valid instant', { field: 'occurredAt' }));
  if (!Number.isSafeInteger(update.quantity)) {
    errors.push(inventoryError('INVENTORY.NON_INTEGER_QUANTITY', `quantity must be a whole number of base units (got ${update.quantity})`, { field: 'quantity' }));
  }

  switch (update.kind) {
    case 'SNAPSHOT':
      if (update.quantity < 0) errors.push(inventoryError('INVENTORY.NEGATIVE_SNAPSHOT', `a snapshot counts ≥ 0 units (got ${update.quantity})`, { field: 'quantity' }));
      if (update.adjustmentReason !== null) {
        errors.push(inventoryError('INVENTORY.UNEXPECTED_ADJUSTMENT_REASON', `a snapshot has no adjustment reason (got ${update.adjustmentReason})`, { field: 'adjustmentReason' }));
      }
      break;
    case 'ADJUSTMENT':
      errors.push(...adjustmentErrors(update));
      break;
    default:
      errors.push(inventoryError('INVENTORY.UNKNOWN_UPDATE_KIND', `kind must be SNAPSHOT or ADJUSTMENT (got ${update.kind})`, { field: 'kind' }));
  }
  return errors;
}

function adjustmentErrors({ adjustmentReason: reason, quantity }: InventoryUpdated): InventoryError[] {
  if (reason === null || (!INCREASING_REASONS.has(reason) && !DECREASING_REASONS.has(reason))) {
    return [inventoryError('INVENTORY.MISSING_ADJUSTMENT_REASON', `an adjustment needs RECEIPT, PICK, RETURN, SHRINKAGE or DAMAGE (got ${reason})`, { field: 'adjustmentReason' })];
  }
  const increasing = INCREASING_REASONS.has(reason);
  if (increasing ? quantity > 0 : quantity < 0) return [];
  return [
    inventoryError('INVENTORY.ADJUSTMENT_SIGN_MISMATCH', `a ${reason} is a ${increasing ? 'positive' : 'negative'} delta (got ${quantity})`, { field: 'quantity' }),
  ];
}

/** Whether `update` comes after `applied` in its source's order: sequence first, then occurredAt. */
function isNewerThan(update: InventoryUpdated, applied: SourceMark): boolean {
  if (applied.sourceSystem !== update.sourceSystem) return true;
  if (update.sourceSequence !== applied.sourceSequence) return update.sourceSequence > applied.sourceSequence;
  return update.occurredAt.getTime() > applied.occurredAt.getTime();
}

function staleUpdateError(update: InventoryUpdated, applied: SourceMark): InventoryError {
  return inventoryError(
    'INVENTORY.STALE_UPDATE',
    `${update.kind} of ${update.sku} at ${update.locationId} (sequence ${update.sourceSequence}, ${update.occurredAt.toISOString()}) is not newer than the applied sequence ${applied.sourceSequence} (${applied.occurredAt.toISOString()})`,
    { field: 'sourceSequence' },
  );
}

function isStockSystem(system: SourceSystem): system is SellableStockSource {
  return system === 'WMS' || system === 'ERP';
}

function isValidDate(value: Date): boolean {
  return value instanceof Date && !Number.isNaN(value.getTime());
}
