import type { VelocityTier } from '@concord/contracts';
import type { Charter, VelocityTier as CharterVelocityTier } from '@concord/governance';
import Decimal from 'decimal.js';
import { InventoryInvariantError } from './inventory.errors';

/** A velocity tier as published (HIGH, MEDIUM, SLOW); UNKNOWN is only a reader's fallback. */
export type KnownVelocityTier = Exclude<VelocityTier, 'UNKNOWN'>;

const DAY_MS = 24 * 60 * 60 * 1000;

const PUBLISHED_TIER: Readonly<Record<CharterVelocityTier, KnownVelocityTier>> = { high: 'HIGH', medium: 'MEDIUM', slow: 'SLOW' };
const CHARTER_TIER: Readonly<Record<KnownVelocityTier, CharterVelocityTier>> = { HIGH: 'high', MEDIUM: 'medium', SLOW: 'slow' };

/** The event's spelling of a charter tier (`high` → `HIGH`). */
export function toPublishedTier(tier: CharterVelocityTier): KnownVelocityTier {
  return PUBLISHED_TIER[tier];
}

/** The charter's spelling of a published tier (`HIGH` → `high`), for its freshness limits. */
export function toCharterTier(tier: KnownVelocityTier): CharterVelocityTier {
  const charterTier = CHARTER_TIER[tier];
  if (charterTier === undefined) throw new InventoryInvariantError(`not a velocity tier: ${String(tier)}`);
  return charterTier;
}

/** How much a SKU has been ordered recently. */
export interface SkuDemand {
  /** Orders (reservation requests) that included the SKU since `velocityWindowStart(now)`; one per order, not per unit. */
  readonly ordersInLookback: number;
  /** Since when this SKU's orders have been counted; null when that is older than the lookback. */
  readonly trackedSince: Date | null;
}

/** A SKU's velocity tier and where it came from, stamped with the charter version. */
export interface VelocityTierDecision {
  readonly tier: KnownVelocityTier;
  /** `override`: set per SKU by an operator; `order-rate`: derived from recent orders. */
  readonly source: 'override' | 'order-rate';
  /** The rate the tier was derived from; null for an override. */
  readonly ordersPerDay: Decimal | null;
  readonly charterVersion: string;
}

/** Where the charter's velocity lookback window starts for a rate measured at `now`. */
export function velocityWindowStart(now: Date, charter: Charter): Date {
  return new Date(now.getTime() - charter.thresholds.velocity.lookback.ms);
}

/**
 * Average orders per day over the charter's lookback. A SKU tracked for less than the lookback is
 * averaged over the time it has been tracked — spreading a new SKU's orders over the whole window
 * would understate its rate and give it a looser freshness limit than it deserves — but over at
 * least one day, so that its very first order does not look like a flood.
 */
export function ordersPerDay(demand: SkuDemand, now: Date, charter: Charter): Decimal {
  if (!Number.isSafeInteger(demand.ordersInLookback) || demand.ordersInLookback < 0) {
    throw new InventoryInvariantError(`ordersInLookback must be an integer ≥ 0 (got ${demand.ordersInLookback})`);
  }
  const lookbackMs = charter.thresholds.velocity.lookback.ms;
  const trackedMs = demand.trackedSince === null ? lookbackMs : now.getTime() - demand.trackedSince.getTime();
  const windowMs = Math.max(DAY_MS, Math.min(lookbackMs, trackedMs));
  return new Decimal(demand.ordersInLookback).times(DAY_MS).dividedBy(windowMs);
}

/** A SKU's velocity tier: its per-SKU override when set, otherwise the charter's tier for its order rate. */
export function resolveVelocityTier(
  input: { readonly override: KnownVelocityTier | null; readonly demand: SkuDemand; readonly now: Date },
  charter: Charter,
): VelocityTierDecision {
  const charterVersion = charter.version;
  if (input.override !== null) {
    toCharterTier(input.override);
    return { tier: input.override, source: 'override', ordersPerDay: null, charterVersion };
  }
  const rate = ordersPerDay(input.demand, input.now, charter);
  return { tier: toPublishedTier(charter.velocityTierFor(rate)), source: 'order-rate', ordersPerDay: rate, charterVersion };
}
