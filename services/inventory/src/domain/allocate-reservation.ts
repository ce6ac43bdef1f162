import type {
  ReservationRejectionReason,
  ReservationRequestLine,
  ReservationShortfall,
  StockAllocation,
  StockReservationRejected,
  StockReservationRequested,
  StockReserved,
} from '@concord/contracts';
import type { Charter } from '@concord/governance';
import type { SkuAvailability } from './availability';
import { inventoryError, type InventoryError, type InventoryErrorCode } from './inventory.errors';

/** Where one order line's stock comes from. */
export interface LineAllocation {
  readonly lineNumber: number;
  readonly sku: string;
  readonly requestedQuantity: number;
  readonly reservedQuantity: number;
  /** Requested minus reserved; above 0 only when the request allowed back-orders. */
  readonly backorderedQuantity: number;
  /** Per location, in routing order; more than one only where the charter allows splits. */
  readonly allocations: readonly StockAllocation[];
}

/** The outcome of a reservation request, stamped with the charter version that routed it. */
export type ReservationDecision =
  | {
      /** Reserve every line's allocations, all in one transaction. */
      readonly kind: 'reserved';
      readonly lines: readonly LineAllocation[];
      /** Whether the order ships from more than one location. */
      readonly split: boolean;
      readonly charterVersion: string;
    }
  | {
      /** Reserve nothing and answer with StockReservationRejected. */
      readonly kind: 'rejected';
      readonly reason: ReservationRejectionReason;
      /** The lines that could not be reserved in full, with what the routing rules could have given them. */
      readonly shortfalls: readonly ReservationShortfall[];
      /** One coded issue per short line, for logs and metrics. */
      readonly issues: readonly InventoryError[];
      readonly charterVersion: string;
    }
  | {
      /** The request breaks its contract (no lines, a quantity ≤ 0, a repeated line number): dead-letter it. */
      readonly kind: 'invalid';
      readonly errors: readonly InventoryError[];
      readonly charterVersion: string;
    };

// Most telling first: a SKU inventory has never heard of, then figures it cannot vouch for, then
// plain shortage, and last a shortage only the charter's no-split rule causes.
const LINE_SHORTFALL_PRECEDENCE = [
  'INVENTORY.UNKNOWN_SKU',
  'INVENTORY.AVAILABILITY_UNCONFIRMED',
  'INVENTORY.INSUFFICIENT_STOCK',
  'INVENTORY.NO_ELIGIBLE_LOCATION',
] as const satisfies readonly InventoryErrorCode[];
type ShortfallCode = (typeof LINE_SHORTFALL_PRECEDENCE)[number];

const REJECTION_REASON: Readonly<Record<ShortfallCode, ReservationRejectionReason>> = {
  'INVENTORY.UNKNOWN_SKU': 'UNKNOWN_SKU',
  'INVENTORY.AVAILABILITY_UNCONFIRMED': 'AVAILABILITY_UNCONFIRMED',
  'INVENTORY.INSUFFICIENT_STOCK': 'INSUFFICIENT_STOCK',
  'INVENTORY.NO_ELIGIBLE_LOCATION': 'NO_ELIGIBLE_LOCATION',
};

/**
 * Allocates all lines of an order, all or nothing, from `availability` (per SKU, as
 * calculateAvailability gives it: UNCONFIRMED SKUs have 0 available everywhere). The caller
 * computes it from rows locked for the transaction that stores the result, so concurrent orders
 * for the same SKU are serialised and never see the same units.
 *
 * Routing: locations in the ship-to region first, then the others, each group by priority; only
 * the charter's locations are considered. An order that one location can ship whole ships from
 * the first such location. Otherwise, where the charter allows splits, each line takes the first
 * location that can fill it whole, and a line no location can fill is split over the locations in
 * routing order; where splits are not allowed, the order could only ship whole from one location.
 *
 * A line that cannot be filled rejects the whole order with every short line — unless the request
 * allows back-orders, in which case what is available is reserved and the rest back-ordered
 * (without splits: at the one location that can give the order the most). A line for a SKU
 * inventory does not know rejects the order even then: that is a data error, not a shortage.
 */
export function allocateReservation(request: StockReservationRequested, availability: ReadonlyMap<string, SkuAvailability>, charter: Charter): ReservationDecision {
  const charterVersion = charter.version;
  const errors = validateReservationRequest(request);
  if (errors.length > 0) return { kind: 'invalid', errors, charterVersion };

  const routing = charter.inventoryRouting.locationsInRoutingOrder(request.shipToRegion ?? undefined).map((location) => location.id);
  const allowSplit = charter.inventoryRouting.allowSplitShipments;
  const whole = planWholeOrder(request.lines, new RemainingStock(availability), routing);
  const plan = whole ?? (allowSplit ? planSplit(request.lines, new RemainingStock(availability), routing) : planBestLocation(request.lines, new RemainingStock(availability), routing));

  const short = plan.filter((line) => line.reservedQuantity < line.requestedQuantity);
  const unknown = short.some((line) => !availability.has(line.sku));
  if (short.length === 0 || (request.allowBackorder && !unknown)) {
    const locations = new Set(plan.flatMap((line) => line.allocations.map((allocation) => allocation.locationId)));
    return { kind: 'reserved', lines: plan, split: locations.size > 1, charterVersion };
  }

  // What each line could get if splitting were allowed tells a plain shortage from a routing one.
  const splitPlan = allowSplit ? plan : planSplit(request.lines, new RemainingStock(availability), routing);
  const issues = short.map((line) => {
    const code = shortfallCode(line, availability, splitPlan);
    return inventoryError(code, shortfallMessage(code, line), { field: 'lines', lineNumber: line.lineNumber });
  });
  const worst = LINE_SHORTFALL_PRECEDENCE.find((code) => issues.some((issue) => issue.code === code)) ?? 'INVENTORY.INSUFFICIENT_STOCK';
  return {
    kind: 'rejected',
    reason: REJECTION_REASON[worst],
    shortfalls: short.map(({ lineNumber, sku, requestedQuantity, reservedQuantity }) => ({ lineNumber, sku, requestedQuantity, availableQuantity: reservedQuantity })),
    issues,
    charterVersion,
  };
}

/** Every way a reservation request breaks its contract; empty when it can be allocated. */
export function validateReservationRequest(request: StockReservationRequested): InventoryError[] {
  if (request.lines.length === 0) return [inventoryError('INVENTORY.EMPTY_RESERVATION', `order ${request.orderId} asks to reserve no lines`, { field: 'lines' })];
  const errors: InventoryError[] = [];
  const seen = new Set<number>();
  request.lines.forEach((line, index) => {
    const where = { field: `lines[${index}]`, lineNumber: line.lineNumber };
    if (seen.has(line.lineNumber)) errors.push(inventoryError('INVENTORY.DUPLICATE_LINE_NUMBER', `line number ${line.lineNumber} appears more than once`, where));
    seen.add(line.lineNumber);
    if (line.sku.trim() === '') errors.push(inventoryError('INVENTORY.MISSING_SKU', `line ${line.lineNumber} has a blank sku`, { ...where, field: `lines[${index}].sku` }));
    if (!Number.isSafeInteger(line.quantity) || line.quantity <= 0) {
      errors.push(inventoryError('INVENTORY.INVALID_QUANTITY', `line ${line.lineNumber} must ask for a whole number of units > 0 (got ${line.quantity})`, { ...where, field: `lines[${index}].quantity` }));
    }
  });
  return errors;
}

/** The StockReserved answer to `request` for a `reserved` decision. */
export function buildStockReserved(
  request: StockReservationRequested,
  decision: Extract<ReservationDecision, { kind: 'reserved' }>,
  stamp: { readonly reservationId: string; readonly reservedAt: Date },
): StockReserved {
  return {
    orderId: request.orderId,
    reservationId: stamp.reservationId,
    lines: decision.lines.map((line) => ({ ...line, allocations: line.allocations.map((allocation) => ({ ...allocation })) })),
    reservedAt: stamp.reservedAt,
  };
}

/** The StockReservationRejected answer to `request` for a `rejected` decision. */
export function buildStockReservationRejected(
  request: StockReservationRequested,
  decision: Extract<ReservationDecision, { kind: 'rejected' }>,
  rejectedAt: Date,
): StockReservationRejected {
  return { orderId: request.orderId, reason: decision.reason, shortfalls: decision.shortfalls.map((shortfall) => ({ ...shortfall })), rejectedAt };
}

/** What is still unallocated per SKU and location while one order is being planned. */
class RemainingStock {
  private readonly bySku = new Map<string, Map<string, number>>();

  constructor(availability: ReadonlyMap<string, SkuAvailability>) {
    for (const [sku, { locations }] of availability) {
      this.bySku.set(sku, new Map(locations.map((location) => [location.locationId, location.available])));
    }
  }

  at(sku: string, locationId: string): number {
    return this.bySku.get(sku)?.get(locationId) ?? 0;
  }

  take(sku: string, locationId: string, quantity: number): void {
    this.bySku.get(sku)?.set(locationId, this.at(sku, locationId) - quantity);
  }
}

function planWholeOrder(lines: readonly ReservationRequestLine[], remaining: RemainingStock, routing: readonly string[]): LineAllocation[] | undefined {
  const needed = new Map<string, number>();
  for (const line of lines) needed.set(line.sku, (needed.get(line.sku) ?? 0) + line.quantity);
  const locationId = routing.find((candidate) => [...needed].every(([sku, quantity]) => remaining.at(sku, candidate) >= quantity));
  if (locationId === undefined) return undefined;
  return lines.map((line) => fill(line, [{ locationId, quantity: line.quantity }], remaining));
}

function planSplit(lines: readonly ReservationRequestLine[], remaining: RemainingStock, routing: readonly string[]): LineAllocation[] {
  return lines.map((line) => {
    const whole = routing.find((locationId) => remaining.at(line.sku, locationId) >= line.quantity);
    if (whole !== undefined) return fill(line, [{ locationId: whole, quantity: line.quantity }], remaining);
    const allocations: StockAllocation[] = [];
    let open = line.quantity;
    for (const locationId of routing) {
      const quantity = Math.min(open, remaining.at(line.sku, locationId));
      if (quantity <= 0) continue;
      allocations.push({ locationId, quantity });
      open -= quantity;
      if (open === 0) break;
    }
    return fill(line, allocations, remaining);
  });
}

function planBestLocation(lines: readonly ReservationRequestLine[], remaining: RemainingStock, routing: readonly string[]): LineAllocation[] {
  let best: { plan: LineAllocation[]; reserved: number } | undefined;
  for (const locationId of routing) {
    const trial = new RemainingStockAt(remaining, locationId);
    const plan = lines.map((line) => fill(line, [{ locationId, quantity: Math.min(line.quantity, trial.at(line.sku)) }], trial));
    const reserved = plan.reduce((total, line) => total + line.reservedQuantity, 0);
    if (best === undefined || reserved > best.reserved) best = { plan, reserved };
  }
  return best?.plan ?? lines.map((line) => fill(line, [], remaining));
}

/** A scratch copy of one location's remaining stock, to try a location without touching the others. */
class RemainingStockAt {
  private readonly taken = new Map<string, number>();

  constructor(
    private readonly remaining: RemainingStock,
    private readonly locationId: string,
  ) {}

  at(sku: string): number {
    return this.remaining.at(sku, this.locationId) - (this.taken.get(sku) ?? 0);
  }

  take(sku: string, _locationId: string, quantity: number): void {
    this.taken.set(sku, (this.taken.get(sku) ?? 0) + quantity);
  }
}

function fill(line: ReservationRequestLine, wanted: readonly StockAllocation[], remaining: { take(sku: string, locationId: string, quantity: number): void }): LineAllocation {
  const allocations = wanted.filter((allocation) => allocation.quantity > 0);
  for (const { locationId, quantity } of allocations) remaining.take(line.sku, locationId, quantity);
  const reservedQuantity = allocations.reduce((total, allocation) => total + allocation.quantity, 0);
  return {
    lineNumber: line.lineNumber,
    sku: line.sku,
    requestedQuantity: line.quantity,
    reservedQuantity,
    backorderedQuantity: line.quantity - reservedQuantity,
    allocations,
  };
}

function shortfallCode(line: LineAllocation, availability: ReadonlyMap<string, SkuAvailability>, splitPlan: readonly LineAllocation[]): ShortfallCode {
  const skuAvailability = availability.get(line.sku);
  if (skuAvailability === undefined) return 'INVENTORY.UNKNOWN_SKU';
  if (skuAvailability.status !== 'CONFIRMED') return 'INVENTORY.AVAILABILITY_UNCONFIRMED';
  const withSplit = splitPlan.find((candidate) => candidate.lineNumber === line.lineNumber);
  return withSplit !== undefined && withSplit.backorderedQuantity === 0 ? 'INVENTORY.NO_ELIGIBLE_LOCATION' : 'INVENTORY.INSUFFICIENT_STOCK';
}

function shortfallMessage(code: ShortfallCode, line: LineAllocation): string {
  const what = `line ${line.lineNumber}: ${line.requestedQuantity} of ${line.sku} requested, ${line.reservedQuantity} available`;
  switch (code) {
    case 'INVENTORY.UNKNOWN_SKU':
      return `line ${line.lineNumber}: inventory has no stock record of ${line.sku}`;
    case 'INVENTORY.AVAILABILITY_UNCONFIRMED':
      return `${what} (stock is unconfirmed and counts as 0)`;
    case 'INVENTORY.NO_ELIGIBLE_LOCATION':
      return `${what} at one location; the charter does not allow split shipments`;
    case 'INVENTORY.INSUFFICIENT_STOCK':
      return what;
  }
}
