// Which event moves on-hand when goods leave or come back.
//
// The WMS reports the same physical movement twice: as an InventoryUpdated ADJUSTMENT (PICK when
// goods leave the shelf, RETURN when resellable goods are put back) and as OrderShipped /
// OrderReturned. Counting both would move on-hand twice, so exactly one of them does:
//
//   on-hand moves only with the source of truth's InventoryUpdated (PICK, RETURN, or the next
//   SNAPSHOT); OrderShipped only consumes the order's reservation; OrderReturned moves nothing.
//
// Why this way round:
// - It is the charter's rule: only `sellable_stock_source` moves sellable stock. OrderShipped and
//   OrderReturned come from the WMS, which is not the source when the charter names the ERP; the
//   ERP then posts its own goods issue or return receipt.
// - Ordering can only be enforced within one sequenced stream. If OrderShipped also lowered
//   on-hand, a snapshot counted before the shipment but delivered after it would put the shipped
//   goods back, and one counted after the pick would take them off a second time. With on-hand
//   moved only by the source's sequenced events, every snapshot and adjustment lands in order.
// - The usual order is pick, then ship: the PICK lowers on-hand while the reservation still holds
//   the units, so availability is understated (the safe direction) until OrderShipped consumes the
//   reservation and makes it exact. Should OrderShipped overtake the PICK in transit, availability
//   is overstated by the shipped quantity until the PICK arrives — a window of consumer lag, closed
//   by the PICK or at the latest by the next snapshot.
import type { OrderReturned, OrderShipped } from '@concord/contracts';
import { inventoryError, type InventoryError } from './inventory.errors';
import { assertReservationOf, type Reservation } from './reservation';
import { mergeStockQuantities, releaseStock, type StockLevel, type StockQuantity } from './stock-level';

/** The effect of an OrderShipped on the order's reservation. On-hand is never touched. */
export type ShipmentDecision =
  | {
      /** Store `reservation` and `levels`. */
      readonly kind: 'consumed';
      readonly reservation: Reservation;
      readonly levels: readonly StockLevel[];
      /** Reserved quantity consumed, per SKU and the location it was held at. */
      readonly consumed: readonly StockQuantity[];
      /** INVENTORY.UNRESERVED_SHIPMENT per line that shipped more than the order still had reserved. */
      readonly unreserved: readonly InventoryError[];
    }
  | {
      /** The order has no reservation (reserved elsewhere, or shipped without one): nothing changes. */
      readonly kind: 'no-reservation';
      readonly unreserved: readonly InventoryError[];
    }
  | { readonly kind: 'invalid'; readonly errors: readonly InventoryError[] };

/**
 * Consumes the order's reservation for what was shipped. For each shipped line the reservation's
 * matching line is used (by line number when the WMS gives one, otherwise by SKU), and within it
 * the quantity held at the shipping location first, then at the others: once the goods have left,
 * a hold elsewhere for the same line has no purpose. Redeliveries must be filtered by the caller
 * (idempotency by shipment id): this function consumes again when called again.
 */
export function consumeShippedReservation(shipment: OrderShipped, reservation: Reservation | undefined, levels: readonly StockLevel[]): ShipmentDecision {
  const errors = movementLineErrors(shipment.lines);
  if (errors.length > 0) return { kind: 'invalid', errors };
  if (reservation === undefined) {
    return { kind: 'no-reservation', unreserved: shipment.lines.map((line) => unreservedShipment(line, line.quantity)) };
  }
  assertReservationOf(reservation, shipment.orderId);

  const lines: MutableLine[] = reservation.lines.map((line) => ({ ...line, allocations: line.allocations.map((allocation) => ({ ...allocation })) }));
  const consumed: StockQuantity[] = [];
  const unreserved: InventoryError[] = [];
  for (const shipped of shipment.lines) {
    let open = shipped.quantity;
    for (const line of matchingLines(lines, shipped)) {
      const atShippingLocationFirst = [...line.allocations].sort((a, b) => Number(b.locationId === shipment.locationId) - Number(a.locationId === shipment.locationId));
      for (const allocation of atShippingLocationFirst) {
        const quantity = Math.min(open, allocation.quantity);
        if (quantity === 0) continue;
        allocation.quantity -= quantity;
        open -= quantity;
        consumed.push({ sku: shipped.sku, locationId: allocation.locationId, quantity });
      }
      line.allocations = line.allocations.filter((allocation) => allocation.quantity > 0);
    }
    if (open > 0) unreserved.push(unreservedShipment(shipped, open));
  }

  const merged = mergeStockQuantities(consumed);
  return {
    kind: 'consumed',
    reservation: { ...reservation, lines },
    levels: releaseStock(levels, merged),
    consumed: merged,
    unreserved,
  };
}

/** What an OrderReturned means for stock: nothing moves here; the source of truth's RETURN adjustment restocks. */
export type ReturnDecision =
  | {
      readonly kind: 'no-stock-change';
      /** Resellable units the source of truth is expected to report as a RETURN adjustment (for reconciliation). */
      readonly awaitingSourceReturn: readonly StockQuantity[];
      /** Damaged (or unknown-condition) units that do not go back to sellable stock. */
      readonly notRestocked: readonly StockQuantity[];
    }
  | { readonly kind: 'invalid'; readonly errors: readonly InventoryError[] };

/**
 * Classifies returned goods. On-hand rises only when the source of truth reports the RETURN
 * adjustment (or counts the goods in a snapshot), never from this event, so a return is counted once.
 */
export function decideOrderReturned(returned: OrderReturned): ReturnDecision {
  const errors = movementLineErrors(returned.lines);
  if (errors.length > 0) return { kind: 'invalid', errors };
  const at = (line: { sku: string; quantity: number }): StockQuantity => ({ sku: line.sku, locationId: returned.locationId, quantity: line.quantity });
  return {
    kind: 'no-stock-change',
    awaitingSourceReturn: mergeStockQuantities(returned.lines.filter((line) => line.condition === 'RESELLABLE').map(at)),
    notRestocked: mergeStockQuantities(returned.lines.filter((line) => line.condition !== 'RESELLABLE').map(at)),
  };
}

/** Every way a shipment's lines break their contract (blank SKU, quantity ≤ 0); empty when it can be applied. */
export function validateOrderShipped(shipment: OrderShipped): InventoryError[] {
  return movementLineErrors(shipment.lines);
}

/** Every way a return's lines break their contract (blank SKU, quantity ≤ 0); empty when it can be recorded. */
export function validateOrderReturned(returned: OrderReturned): InventoryError[] {
  return movementLineErrors(returned.lines);
}

type MutableLine = { lineNumber: number; sku: string; allocations: { locationId: string; quantity: number }[] };

function matchingLines(lines: MutableLine[], shipped: { lineNumber: number | null; sku: string }): MutableLine[] {
  const bySku = lines.filter((line) => line.sku === shipped.sku);
  const byNumber = bySku.filter((line) => line.lineNumber === shipped.lineNumber);
  return byNumber.length > 0 ? [...byNumber, ...bySku.filter((line) => line.lineNumber !== shipped.lineNumber)] : bySku;
}

function movementLineErrors(lines: readonly { lineNumber: number | null; sku: string; quantity: number }[]): InventoryError[] {
  return lines.flatMap((line, index) => {
    const lineNumber = line.lineNumber ?? undefined;
    const errors: InventoryError[] = [];
    if (line.sku.trim() === '') errors.push(inventoryError('INVENTORY.MISSING_SKU', `lines[${index}] has a blank sku`, { field: `lines[${index}].sku`, lineNumber }));
    if (!Number.isSafeInteger(line.quantity) || line.quantity <= 0) {
      errors.push(inventoryError('INVENTORY.INVALID_QUANTITY', `lines[${index}] must move a whole number of units > 0 (got ${line.quantity})`, { field: `lines[${index}].quantity`, lineNumber }));
    }
    return errors;
  });
}

function unreservedShipment(line: { lineNumber: number | null; sku: string; quantity: number }, quantity: number): InventoryError {
  return inventoryError('INVENTORY.UNRESERVED_SHIPMENT', `${quantity} of ${line.quantity} shipped units of ${line.sku} were not reserved for the order`, {
    field: 'lines',
    lineNumber: line.lineNumber ?? undefined,
  });
}
