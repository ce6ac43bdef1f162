import type { ValidationIssue } from '@concord/contracts';

/**
 * Stable codes of the inventory domain's expected failures. They survive serialisation into
 * dead-letter headers and quarantine records, so callers may branch on them; never rename one.
 */
export const INVENTORY_ERROR_CODES = [
  // An InventoryUpdated that can never take effect as it is.
  'INVENTORY.UNEXPECTED_SOURCE_SYSTEM',
  'INVENTORY.MISSING_SKU',
  'INVENTORY.UNKNOWN_LOCATION',
  'INVENTORY.UNKNOWN_UPDATE_KIND',
  'INVENTORY.NON_INTEGER_QUANTITY',
  'INVENTORY.NEGATIVE_SNAPSHOT',
  'INVENTORY.MISSING_ADJUSTMENT_REASON',
  'INVENTORY.UNEXPECTED_ADJUSTMENT_REASON',
  'INVENTORY.ADJUSTMENT_SIGN_MISMATCH',
  'INVENTORY.INVALID_SOURCE_SEQUENCE',
  'INVENTORY.INVALID_TIMESTAMP',
  // An InventoryUpdated older than what is already applied: counted, never applied.
  'INVENTORY.STALE_UPDATE',
  // An adjustment would have taken on-hand below zero; it was clamped at zero.
  'INVENTORY.NEGATIVE_ON_HAND_CLAMPED',
  // A reservation request, shipment or return that breaks its contract.
  'INVENTORY.EMPTY_RESERVATION',
  'INVENTORY.INVALID_QUANTITY',
  'INVENTORY.DUPLICATE_LINE_NUMBER',
  // Why an order line could not be reserved in full.
  'INVENTORY.UNKNOWN_SKU',
  'INVENTORY.AVAILABILITY_UNCONFIRMED',
  'INVENTORY.INSUFFICIENT_STOCK',
  'INVENTORY.NO_ELIGIBLE_LOCATION',
  // A shipment took more of a SKU than the order had reserved.
  'INVENTORY.UNRESERVED_SHIPMENT',
] as const;

/** A stable inventory error code, e.g. `INVENTORY.STALE_UPDATE`. */
export type InventoryErrorCode = (typeof INVENTORY_ERROR_CODES)[number];

/** An expected failure, as a value; the same shape as the contracts' ValidationIssue. */
export interface InventoryError extends ValidationIssue {
  readonly code: InventoryErrorCode;
  readonly message: string;
  readonly field: string | null;
  readonly lineNumber: number | null;
}

export function inventoryError(
  code: InventoryErrorCode,
  message: string,
  where: { readonly field?: string; readonly lineNumber?: number } = {},
): InventoryError {
  return Object.freeze({ code, message, field: where.field ?? null, lineNumber: where.lineNumber ?? null });
}

/**
 * A broken invariant of the inventory state (a reservation releasing more than is reserved, a
 * shipment for another order's reservation): a bug in the caller or corrupted state, never a
 * rejection to report to another system.
 */
export class InventoryInvariantError extends Error {
  readonly code = 'INVENTORY.INVARIANT_VIOLATED';

  constructor(message: string) {
    super(message);
    this.name = 'InventoryInvariantError';
  }
}
