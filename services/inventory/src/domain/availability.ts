import type { InventoryAvailabilityChanged, LocationAvailability } from '@concord/contracts';
import type { Charter, SellableStockSource } from '@concord/governance';
import { assessFreshness, type Freshness } from './freshness';
import { InventoryInvariantError } from './inventory.errors';
import { availableAt, type StockLevel } from './stock-level';
import type { KnownVelocityTier } from './velocity-tier';

/**
 * What one SKU can be sold from, per location and in total, at `calculatedAt`. The same figures
 * drive the published availability and reservations, so the storefront never shows stock a
 * reservation would refuse.
 */
export interface SkuAvailability {
  readonly sku: string;
  readonly status: 'CONFIRMED' | 'UNCONFIRMED';
  readonly unconfirmedReason: 'STALE' | 'NO_DATA' | null;
  readonly velocityTier: KnownVelocityTier;
  readonly sourceOfTruth: SellableStockSource;
  readonly lastConfirmedAt: Date | null;
  /** One entry per stock row, sorted by location id; `available` is 0 everywhere when UNCONFIRMED. */
  readonly locations: readonly LocationAvailability[];
  readonly totalOnHand: number;
  readonly totalReserved: number;
  /** The sum of the locations' available (not total on hand minus total reserved: one overcommitted location does not eat another's stock). */
  readonly totalAvailable: number;
  readonly freshness: Freshness;
  readonly calculatedAt: Date;
  readonly charterVersion: string;
}

/**
 * Availability of one SKU from its stock rows: per location max(0, onHand − reserved), totals as
 * sums, and everything available set to 0 when the SKU is UNCONFIRMED (never risk overselling).
 */
export function calculateAvailability(input: {
  readonly sku: string;
  readonly levels: readonly StockLevel[];
  readonly velocityTier: KnownVelocityTier;
  readonly now: Date;
  readonly charter: Charter;
}): SkuAvailability {
  const { sku, levels, velocityTier, now, charter } = input;
  const foreign = levels.find((level) => level.sku !== sku);
  if (foreign !== undefined) throw new InventoryInvariantError(`calculateAvailability(${sku}) got a stock row of ${foreign.sku}`);
  const freshness = assessFreshness(levels, velocityTier, now, charter);
  const confirmed = freshness.status === 'CONFIRMED';
  const locations = [...levels]
    .sort((a, b) => (a.locationId < b.locationId ? -1 : a.locationId > b.locationId ? 1 : 0))
    .map((level): LocationAvailability => ({
      locationId: level.locationId,
      onHand: level.onHand,
      reserved: level.reserved,
      available: confirmed ? availableAt(level) : 0,
    }));
  const sum = (pick: (location: LocationAvailability) => number) => locations.reduce((total, location) => total + pick(location), 0);
  return {
    sku,
    status: freshness.status,
    unconfirmedReason: freshness.reason,
    velocityTier,
    sourceOfTruth: charter.sellableStockSource,
    lastConfirmedAt: freshness.lastConfirmedAt,
    locations,
    totalOnHand: sum((location) => location.onHand),
    totalReserved: sum((location) => location.reserved),
    totalAvailable: sum((location) => location.available),
    freshness,
    calculatedAt: now,
    charterVersion: charter.version,
  };
}

/** The InventoryAvailabilityChanged payload for `availability`, with the given per-SKU sequence. */
export function buildInventoryAvailabilityChanged(availability: SkuAvailability, sequence: number): InventoryAvailabilityChanged {
  return {
    sku: availability.sku,
    status: availability.status,
    unconfirmedReason: availability.unconfirmedReason,
    totalOnHand: availability.totalOnHand,
    totalReserved: availability.totalReserved,
    totalAvailable: availability.totalAvailable,
    locations: availability.locations.map((location) => ({ ...location })),
    velocityTier: availability.velocityTier,
    sourceOfTruth: availability.sourceOfTruth,
    lastConfirmedAt: availability.lastConfirmedAt,
    sequence,
    calculatedAt: availability.calculatedAt,
    charterVersion: availability.charterVersion,
  };
}

/**
 * Whether two availability payloads of a SKU differ in anything but `calculatedAt` and `sequence`.
 * `lastConfirmedAt` (the as-of) counts: a re-count that confirms the same figures is news to a
 * storefront that shows how current its stock is. So does `charterVersion`: the figures rest on
 * different rules.
 */
export function availabilityDiffers(previous: InventoryAvailabilityChanged, next: InventoryAvailabilityChanged): boolean {
  return (
    previous.sku !== next.sku ||
    previous.status !== next.status ||
    previous.unconfirmedReason !== next.unconfirmedReason ||
    previous.totalOnHand !== next.totalOnHand ||
    previous.totalReserved !== next.totalReserved ||
    previous.totalAvailable !== next.totalAvailable ||
    previous.velocityTier !== next.velocityTier ||
    previous.sourceOfTruth !== next.sourceOfTruth ||
    previous.charterVersion !== next.charterVersion ||
    previous.lastConfirmedAt?.getTime() !== next.lastConfirmedAt?.getTime() ||
    !sameLocations(previous.locations, next.locations)
  );
}

/** Whether to publish `availability`: only when it differs from the last published payload; the sequence then goes up by one. */
export type AvailabilityPublication =
  | { readonly publish: true; readonly event: InventoryAvailabilityChanged }
  | { readonly publish: false; readonly reason: 'UNCHANGED' };

export function decideAvailabilityPublication(lastPublished: InventoryAvailabilityChanged | null, availability: SkuAvailability): AvailabilityPublication {
  if (lastPublished !== null && lastPublished.sku !== availability.sku) {
    throw new InventoryInvariantError(`the last published availability of ${lastPublished.sku} was passed for ${availability.sku}`);
  }
  const event = buildInventoryAvailabilityChanged(availability, (lastPublished?.sequence ?? 0) + 1);
  if (lastPublished !== null && !availabilityDiffers(lastPublished, event)) return { publish: false, reason: 'UNCHANGED' };
  return { publish: true, event };
}

function sameLocations(a: readonly LocationAvailability[], b: readonly LocationAvailability[]): boolean {
  if (a.length !== b.length) return false;
  const byId = new Map(b.map((location) => [location.locationId, location]));
  return a.every((location) => {
    const other = byId.get(location.locationId);
    return other !== undefined && other.onHand === location.onHand && other.reserved === location.reserved && other.available === location.available;
  });
}
