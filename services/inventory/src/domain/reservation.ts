import type { StockAllocation, StockReservationRequested } from '@concord/contracts';
import type { ReservationDecision } from './allocate-reservation';
import { InventoryInvariantError } from './inventory.errors';
import type { StockQuantity } from './stock-level';

/**
 * An order's reservation as the caller stores it: what is still held, per line and location.
 * Shipping and releasing take quantities out; a reservation holding nothing is closed.
 */
export interface Reservation {
  readonly reservationId: string;
  readonly orderId: string;
  readonly lines: readonly ReservationLine[];
}

export interface ReservationLine {
  readonly lineNumber: number;
  readonly sku: string;
  /** Quantities still held per location (no zero entries). */
  readonly allocations: readonly StockAllocation[];
}

/** The reservation to store for a `reserved` decision. */
export function reservationFromDecision(
  request: StockReservationRequested,
  decision: Extract<ReservationDecision, { kind: 'reserved' }>,
  reservationId: string,
): Reservation {
  return {
    reservationId,
    orderId: request.orderId,
    lines: decision.lines.map(({ lineNumber, sku, allocations }) => ({ lineNumber, sku, allocations: allocations.map((allocation) => ({ ...allocation })) })),
  };
}

/** Everything the reservation holds, per SKU and location, for reserveStock and releaseStock. */
export function heldQuantities(reservation: Reservation): StockQuantity[] {
  return reservation.lines.flatMap(({ sku, allocations }) => allocations.map(({ locationId, quantity }) => ({ sku, locationId, quantity })));
}

/** Whether the reservation still holds anything. */
export function isOpen(reservation: Reservation): boolean {
  return reservation.lines.some((line) => line.allocations.length > 0);
}

export function assertReservationOf(reservation: Reservation, orderId: string): void {
  if (reservation.orderId !== orderId) {
    throw new InventoryInvariantError(`reservation ${reservation.reservationId} belongs to order ${reservation.orderId}, not ${orderId}`);
  }
}
