import type { ValidationIssue } from '@concord/contracts';

/**
 * Stable codes of the orders domain. They travel in OrderRejected/OrderHeld issues, dead-letter
 * headers and the state history, and the charter's quarantine deadlines are looked up by them
 * (targets.quarantine_resolution: by full code, then without `ORDERS.`); never rename one.
 */
export const ORDERS_ERROR_CODES = [
  // A record that can never take effect as it is: dead-lettered at once.
  'ORDERS.UNEXPECTED_SOURCE_SYSTEM',
  'ORDERS.MISSING_EXTERNAL_ORDER_ID',
  'ORDERS.INVALID_CURRENCY',
  'ORDERS.INVALID_LINE_NUMBER',
  'ORDERS.DUPLICATE_LINE_NUMBER',
  'ORDERS.NEGATIVE_SHOWN_PRICE',
  'ORDERS.MISSING_ERP_ORDER_NUMBER',
  'ORDERS.MISSING_MOVEMENT_ID',
  'ORDERS.EMPTY_MOVEMENT',
  'ORDERS.INVALID_QUANTITY',
  'ORDERS.MISSING_SKU',
  'ORDERS.INVALID_PRICE',
  'ORDERS.INVALID_VALIDITY',
  'ORDERS.INVALID_MIN_QUANTITY',
  'ORDERS.MISSING_CROSS_REFERENCE',
  'ORDERS.INVALID_VERSION',
  // An event about an order that cannot be reconciled with it: dead-lettered for a person.
  'ORDERS.UNKNOWN_ORDER',
  'ORDERS.UNEXPECTED_POSTING',
  'ORDERS.ERP_ORDER_NUMBER_CONFLICT',
  'ORDERS.UNEXPECTED_SHIPMENT',
  'ORDERS.UNEXPECTED_RETURN',
  'ORDERS.RESERVATION_MISMATCH',
  // Why an order is rejected (it can never be fulfilled as placed).
  'ORDERS.UNKNOWN_SKU',
  'ORDERS.INACTIVE_SKU',
  'ORDERS.NON_POSITIVE_QUANTITY',
  'ORDERS.MISSING_LINE_SKU',
  // Why an order is held for review (data a person can supply or correct).
  'ORDERS.MISSING_REQUIRED_FIELD',
  'ORDERS.INVALID_DELIVERY_DATE',
  'ORDERS.INVALID_SHIP_TO',
  'ORDERS.NO_GOVERNED_PRICE',
  'ORDERS.UNKNOWN_CUSTOMER',
  'ORDERS.CUSTOMER_INACTIVE',
  'ORDERS.CUSTOMER_ON_HOLD',
  'ORDERS.PRICE_MISMATCH',
  'ORDERS.INSUFFICIENT_STOCK',
  'ORDERS.SKU_UNKNOWN_TO_INVENTORY',
  'ORDERS.STOCK_UNCONFIRMED',
  'ORDERS.NO_ELIGIBLE_LOCATION',
  'ORDERS.CUSTOMER_CREATION_TIMED_OUT',
  // Waiting on an automatic step (OrderHeld without owner team or deadline).
  'ORDERS.AWAITING_CUSTOMER_CREATION',
] as const;

/** A stable orders error code, e.g. `ORDERS.UNKNOWN_SKU`. */
export type OrdersErrorCode = (typeof ORDERS_ERROR_CODES)[number];

/** An expected failure, as a value; the contracts' ValidationIssue with an orders code. */
export interface OrderIssue extends ValidationIssue {
  readonly code: OrdersErrorCode;
  readonly message: string;
  readonly field: string | null;
  readonly lineNumber: number | null;
}

export function orderIssue(code: OrdersErrorCode, message: string, where: { readonly field?: string; readonly lineNumber?: number } = {}): OrderIssue {
  return Object.freeze({ code, message, field: where.field ?? null, lineNumber: where.lineNumber ?? null });
}

/** A broken invariant of the orders state (a bug or corrupted data), never a business outcome. */
export class OrdersInvariantError extends Error {
  readonly code = 'ORDERS.INVARIANT_VIOLATED';

  constructor(message: string) {
    super(message);
    this.name = 'OrdersInvariantError';
  }
}
