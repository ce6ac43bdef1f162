import type { SourceSystem } from '@concord/contracts';
import { InventoryInvariantError } from './inventory.errors';

/**
 * The newest source-of-truth event applied to one SKU at one location. It is both the ordering
 * high-water mark (nothing at or below it is applied again) and the confirmation of the figures.
 */
export interface SourceMark {
  /** The system whose sequence `sourceSequence` belongs to; sequences of different systems never compare. */
  readonly sourceSystem: SourceSystem;
  readonly sourceSequence: number;
  /** When the source counted or moved the stock, UTC. */
  readonly occurredAt: Date;
}

/** Sellable stock of one SKU at one location. Quantities are integers in the SKU's base unit. */
export interface StockLevel {
  readonly sku: string;
  readonly locationId: string;
  /** Moved only by the source of truth's InventoryUpdated events; never negative. */
  readonly onHand: number;
  /** Held for open orders' reservations; moved only by reservations, releases and shipments. */
  readonly reserved: number;
  /** Null until the source of truth has reported this SKU at this location. */
  readonly lastApplied: SourceMark | null;
}

/** One SKU's quantity at one location: an allocation, a release or a shipment's consumption. */
export interface StockQuantity {
  readonly sku: string;
  readonly locationId: string;
  readonly quantity: number;
}

export function emptyStockLevel(sku: string, locationId: string): StockLevel {
  return { sku, locationId, onHand: 0, reserved: 0, lastApplied: null };
}

/** On hand minus reserved, never negative (shrinkage can leave more reserved than is on hand). */
export function availableAt(level: StockLevel): number {
  return Math.max(0, level.onHand - level.reserved);
}

/** How many reserved units are no longer on hand (after shrinkage or damage); 0 normally. */
export function overcommittedAt(level: StockLevel): number {
  return Math.max(0, level.reserved - level.onHand);
}

/** The identity of a stock row, for maps keyed by SKU and location. */
export function stockKey(sku: string, locationId: string): string {
  return `${sku}\u0000${locationId}`;
}

/** Adds up quantities of the same SKU and location, in first-seen order, dropping zeros. */
export function mergeStockQuantities(quantities: readonly StockQuantity[]): StockQuantity[] {
  const merged = new Map<string, StockQuantity>();
  for (const { sku, locationId, quantity } of quantities) {
    if (quantity === 0) continue;
    const key = stockKey(sku, locationId);
    merged.set(key, { sku, locationId, quantity: (merged.get(key)?.quantity ?? 0) + quantity });
  }
  return [...merged.values()];
}

/**
 * Holds `quantities` for a reservation: `reserved` grows at each row. Throws when a row is missing
 * or would be reserved beyond what it has on hand: allocation never asks for that, so it is a bug.
 */
export function reserveStock(levels: readonly StockLevel[], quantities: readonly StockQuantity[]): StockLevel[] {
  return changeReserved(levels, quantities, +1);
}

/** Gives reserved `quantities` back (release or shipment). Throws when more would be released than is reserved. */
export function releaseStock(levels: readonly StockLevel[], quantities: readonly StockQuantity[]): StockLevel[] {
  return changeReserved(levels, quantities, -1);
}

function changeReserved(levels: readonly StockLevel[], quantities: readonly StockQuantity[], sign: 1 | -1): StockLevel[] {
  const byKey = new Map(levels.map((level) => [stockKey(level.sku, level.locationId), level]));
  for (const { sku, locationId, quantity } of quantities) {
    if (!Number.isSafeInteger(quantity) || quantity < 0) throw new InventoryInvariantError(`quantity for ${sku} at ${locationId} must be an integer ≥ 0 (got ${quantity})`);
    const key = stockKey(sku, locationId);
    const level = byKey.get(key);
    if (level === undefined) throw new InventoryInvariantError(`no stock row for ${sku} at ${locationId}`);
    const reserved = level.reserved + sign * quantity;
    if (reserved < 0) throw new InventoryInvariantError(`releasing ${quantity} of ${sku} at ${locationId} exceeds the ${level.reserved} reserved`);
    if (sign > 0 && reserved > level.onHand) {
      throw new InventoryInvariantError(`reserving ${quantity} of ${sku} at ${locationId} exceeds the ${availableAt(level)} available`);
    }
    byKey.set(key, { ...level, reserved });
  }
  return levels.map((level) => byKey.get(stockKey(level.sku, level.locationId)) ?? level);
}
