import type { StockReservationRequested } from '@concord/contracts';
import type { Charter } from '@concord/governance';
import type { NewReservation, StoredReservation } from '../database/reservation.repository';
import type { SkuState } from '../database/sku-state.repository';
import { allocateReservation, type ReservationDecision } from '../domain/allocate-reservation';
import { calculateAvailability, type SkuAvailability } from '../domain/availability';
import { InventoryInvariantError } from '../domain/inventory.errors';
import { heldQuantities, reservationFromDecision } from '../domain/reservation';
import { mergeStockQuantities, reserveStock, stockKey, type StockLevel } from '../domain/stock-level';
import type { KnownVelocityTier } from '../domain/velocity-tier';
import { velocityTierOf } from '../refresh-availability/refresh-availability.service';

/** What a consumer chunk of reservation requests is decided from, all loaded (and locked) once. */
export interface ReservationChunkInput {
  /** In offset order; each valid (`validateReservationRequest`). */
  readonly requests: readonly StockReservationRequested[];
  /** The reservations the requests' orders already have, by order id. */
  readonly stored: ReadonlyMap<string, StoredReservation>;
  /** The requests' SKUs inventory knows; any other SKU is unknown (UNKNOWN_SKU). */
  readonly states: readonly SkuState[];
  /** Their stock rows. */
  readonly levels: readonly StockLevel[];
  /** Orders counted in the velocity window before this chunk, per SKU whose tier follows its order rate (`RefreshAvailability.recentOrders`). */
  readonly recentOrders: ReadonlyMap<string, number>;
  readonly now: Date;
  readonly charter: Charter;
  readonly newReservationId: () => string;
}

/** How one request of the chunk is answered. */
export type ReservationOutcome =
  | {
      /** The order has a reservation (stored, or made by an earlier request of the chunk): its answer stands, nothing is reserved again. */
      readonly kind: 'asked-again';
      readonly stored: StoredReservation;
    }
  | { readonly kind: 'reserved'; readonly decision: Extract<ReservationDecision, { kind: 'reserved' }>; readonly created: NewReservation }
  | { readonly kind: 'rejected'; readonly decision: Extract<ReservationDecision, { kind: 'rejected' }> };

/** One SKU the chunk's decisions looked at, to refresh once with its final stock. */
export interface TouchedSku {
  readonly state: SkuState;
  /** Its tier once the chunk's demand is counted. */
  readonly tier: KnownVelocityTier;
  readonly levels: readonly StockLevel[];
  /** The index of the last request that was decided with this SKU (its trace carries the refresh). */
  readonly lastRequest: number;
}

export interface ReservationChunkPlan {
  /** One per request, in the same order. */
  readonly outcomes: readonly ReservationOutcome[];
  /** The reservations to store, in request order. */
  readonly created: readonly NewReservation[];
  /** Every input stock row, with `reserved` as the chunk leaves it. */
  readonly levels: readonly StockLevel[];
  /** Orders to count per SKU: one for each decided request that has the SKU (known or not), however many lines. */
  readonly demand: ReadonlyMap<string, number>;
  /** In the order of `states`. */
  readonly touched: readonly TouchedSku[];
}

/**
 * Decides a chunk of reservation requests in offset order with the outcome of handling them one by
 * one, each in its own transaction: every request sees the stock the earlier ones took and the
 * demand they counted (so its SKUs' velocity tiers, hence their freshness), and is allocated all or
 * nothing by `allocateReservation`. An order that already has a reservation — stored, or made by an
 * earlier request of the chunk — is answered again from it and counts no demand; an order an earlier
 * request had rejected is decided again, as a redelivery one by one would be.
 */
export function decideReservationChunk(input: ReservationChunkInput): ReservationChunkPlan {
  const { requests, states, now, charter } = input;
  const stateOf = new Map(states.map((state) => [state.sku, state]));
  const stock = new Map<string, StockLevel[]>(states.map((state) => [state.sku, []]));
  for (const level of input.levels) stock.get(level.sku)?.push(level);
  const reservations = new Map(input.stored);
  const demand = new Map<string, number>();
  const lastRequest = new Map<string, number>();
  const tierOf = (state: SkuState) => velocityTierOf(state, (input.recentOrders.get(state.sku) ?? 0) + (demand.get(state.sku) ?? 0), now, charter).tier;

  const outcomes: ReservationOutcome[] = [];
  const created: NewReservation[] = [];
  for (const [index, request] of requests.entries()) {
    const stored = reservations.get(request.orderId);
    if (stored !== undefined) {
      outcomes.push({ kind: 'asked-again', stored });
      continue;
    }

    const skus = [...new Set(request.lines.map((line) => line.sku))];
    for (const sku of skus) demand.set(sku, (demand.get(sku) ?? 0) + 1);
    const known = skus.flatMap((sku) => stateOf.get(sku) ?? []);
    for (const state of known) lastRequest.set(state.sku, index);
    const availability = new Map<string, SkuAvailability>(
      known.map((state) => [state.sku, calculateAvailability({ sku: state.sku, levels: stock.get(state.sku)!, velocityTier: tierOf(state), now, charter })]),
    );

    const decision = allocateReservation(request, availability, charter);
    switch (decision.kind) {
      case 'invalid':
        throw new InventoryInvariantError(`order ${request.orderId} reached the reservation chunk unvalidated: ${decision.errors.map((error) => error.message).join('; ')}`);
      case 'rejected':
        outcomes.push({ kind: 'rejected', decision });
        break;
      case 'reserved': {
        const reservation = reservationFromDecision(request, decision, input.newReservationId());
        const taken = reserveStock(known.flatMap((state) => stock.get(state.sku)!), mergeStockQuantities(heldQuantities(reservation)));
        for (const state of known) stock.set(state.sku, taken.filter((level) => level.sku === state.sku));
        const { lines, split, charterVersion } = decision;
        const newReservation: NewReservation = { reservation, lines, split, shipToRegion: request.shipToRegion, charterVersion, reservedAt: now };
        created.push(newReservation);
        reservations.set(request.orderId, { reservation, status: 'OPEN', reservedAt: now, reservedLines: lines.map((line) => ({ ...line, allocations: [...line.allocations] })) });
        outcomes.push({ kind: 'reserved', decision, created: newReservation });
        break;
      }
    }
  }

  const final = new Map([...stock.values()].flat().map((level) => [stockKey(level.sku, level.locationId), level]));
  return {
    outcomes,
    created,
    levels: input.levels.map((level) => final.get(stockKey(level.sku, level.locationId)) ?? level),
    demand,
    touched: states
      .filter((state) => lastRequest.has(state.sku))
      .map((state) => ({ state, tier: tierOf(state), levels: stock.get(state.sku)!, lastRequest: lastRequest.get(state.sku)! })),
  };
}
