import type { ReleasedStock, StockReleased, StockReleaseRequested } from '@concord/contracts';
import { assertReservationOf, heldQuantities, type Reservation } from './reservation';
import { mergeStockQuantities, releaseStock, type StockLevel } from './stock-level';

/** The effect of a release request on an order's reservation. */
export type ReleaseDecision =
  | {
      /** Store `reservation` (now holding nothing) and `levels`, and publish StockReleased. */
      readonly kind: 'released';
      readonly reservation: Reservation;
      readonly levels: readonly StockLevel[];
      /** What went back to available, per SKU and location. */
      readonly released: readonly ReleasedStock[];
    }
  | {
      /** The reservation is closed already and holds nothing (released before, or shipped): nothing changes. */
      readonly kind: 'nothing-held';
      readonly reservation: Reservation;
    }
  | {
      /** The order never had a reservation (it was rejected, or the request never arrived). */
      readonly kind: 'no-reservation';
    };

/**
 * Frees everything an order's reservation still holds (the order was cancelled, rejected or its
 * hold expired). `levels` must hold the rows of every SKU and location the reservation holds;
 * other rows pass through unchanged. Releasing twice releases nothing the second time.
 *
 * A reservation that is still open (`stillOpen`) ends even when it holds no units — every unit
 * was back-ordered: its back-orders end with the order, and StockReleased says so with no lines.
 */
export function releaseReservation(
  request: StockReleaseRequested,
  reservation: Reservation | undefined,
  levels: readonly StockLevel[],
  { stillOpen = false }: { readonly stillOpen?: boolean } = {},
): ReleaseDecision {
  if (reservation === undefined) return { kind: 'no-reservation' };
  assertReservationOf(reservation, request.orderId);
  const released = mergeStockQuantities(heldQuantities(reservation));
  if (released.length === 0 && !stillOpen) return { kind: 'nothing-held', reservation };
  return {
    kind: 'released',
    reservation: { ...reservation, lines: reservation.lines.map((line) => ({ ...line, allocations: [] })) },
    levels: releaseStock(levels, released),
    released,
  };
}

/** The StockReleased event for a `released` decision. */
export function buildStockReleased(
  request: StockReleaseRequested,
  decision: Extract<ReleaseDecision, { kind: 'released' }>,
  releasedAt: Date,
): StockReleased {
  return {
    orderId: request.orderId,
    reservationId: decision.reservation.reservationId,
    reason: request.reason,
    lines: decision.released.map((line) => ({ ...line })),
    releasedAt,
  };
}
