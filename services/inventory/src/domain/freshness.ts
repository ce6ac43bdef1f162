import type { InventorySnapshotRequested } from '@concord/contracts';
import type { Charter } from '@concord/governance';
import { InventoryInvariantError } from './inventory.errors';
import type { StockLevel } from './stock-level';
import { toCharterTier, type KnownVelocityTier } from './velocity-tier';

/**
 * Whether a SKU's figures rest on recent counts or movements from the source of truth.
 *
 * A SKU is only as fresh as its least recently confirmed location: one stale location could hold
 * units that are long gone, so the whole SKU is UNCONFIRMED (published as 0 and not reservable)
 * until the source confirms it again. `lastConfirmedAt` is therefore the oldest confirmation over
 * the SKU's locations — the instant up to which every figure is confirmed.
 */
export type Freshness = {
  readonly tier: KnownVelocityTier;
  /** The tier's freshness limit from the charter; data exactly this old is still fresh. */
  readonly limitMs: number;
  /** The oldest confirmation over the SKU's locations; null when one was never confirmed. */
  readonly lastConfirmedAt: Date | null;
  /** The newest confirmation over the SKU's locations; null when none was ever confirmed. */
  readonly newestConfirmedAt: Date | null;
} & (
  | {
      readonly status: 'CONFIRMED';
      readonly reason: null;
      readonly lastConfirmedAt: Date;
      /** When the SKU turns STALE unless confirmed again; what a sweep looks for. */
      readonly expiresAt: Date;
      readonly unconfirmedLocations: readonly [];
    }
  | {
      readonly status: 'UNCONFIRMED';
      /** NO_DATA: a location (or the whole SKU) was never confirmed by the source of truth; STALE: confirmed too long ago. */
      readonly reason: 'STALE' | 'NO_DATA';
      readonly expiresAt: null;
      /** The locations that are stale or never confirmed, sorted; empty when the SKU has no stock rows at all. */
      readonly unconfirmedLocations: readonly string[];
    }
);

/**
 * Judges the freshness of one SKU from its stock rows. A row counts as confirmed only by an event
 * of the charter's current source of truth: after the charter switches source, every SKU is
 * unconfirmed until the new source has reported it.
 */
export function assessFreshness(levels: readonly StockLevel[], tier: KnownVelocityTier, now: Date, charter: Charter): Freshness {
  const limitMs = charter.freshnessLimitMs(toCharterTier(tier));
  assertOneSku(levels);
  const confirmations = levels.map((level) => ({
    locationId: level.locationId,
    at: level.lastApplied?.sourceSystem === charter.sellableStockSource ? level.lastApplied.occurredAt : null,
  }));
  const times = confirmations.flatMap(({ at }) => (at === null ? [] : [at.getTime()]));
  const newestConfirmedAt = times.length === 0 ? null : new Date(Math.max(...times));

  const neverConfirmed = confirmations.filter(({ at }) => at === null).map(({ locationId }) => locationId);
  if (levels.length === 0 || neverConfirmed.length > 0) {
    return {
      tier,
      limitMs,
      status: 'UNCONFIRMED',
      reason: 'NO_DATA',
      lastConfirmedAt: null,
      newestConfirmedAt,
      expiresAt: null,
      unconfirmedLocations: [...neverConfirmed].sort(),
    };
  }

  const lastConfirmedAt = new Date(Math.min(...times));
  const stale = confirmations.filter(({ at }) => at !== null && now.getTime() - at.getTime() > limitMs).map(({ locationId }) => locationId);
  if (stale.length > 0) {
    return { tier, limitMs, status: 'UNCONFIRMED', reason: 'STALE', lastConfirmedAt, newestConfirmedAt, expiresAt: null, unconfirmedLocations: stale.sort() };
  }
  return {
    tier,
    limitMs,
    status: 'CONFIRMED',
    reason: null,
    lastConfirmedAt,
    newestConfirmedAt,
    expiresAt: new Date(lastConfirmedAt.getTime() + limitMs),
    unconfirmedLocations: [],
  };
}

/** Whether to ask the source of truth for a snapshot of an unconfirmed SKU now. */
export type SnapshotRequestDecision =
  | {
      readonly request: true;
      readonly reason: 'STALE' | 'NO_DATA';
      /** The one unconfirmed location, or null for every location holding the SKU. */
      readonly locationId: string | null;
    }
  | {
      readonly request: false;
      /** CONFIRMED: nothing to ask; RECENTLY_REQUESTED: asked within the freshness limit already. */
      readonly reason: 'CONFIRMED' | 'RECENTLY_REQUESTED';
      /** The earliest time a new request is allowed, when one is still needed. */
      readonly nextRequestAt: Date | null;
    };

/**
 * An unconfirmed SKU gets a snapshot request, but at most one per freshness limit of its tier:
 * a source that is down or slow must not be flooded by every event and every sweep.
 */
export function decideSnapshotRequest(freshness: Freshness, lastRequestedAt: Date | null, now: Date): SnapshotRequestDecision {
  if (freshness.status === 'CONFIRMED') return { request: false, reason: 'CONFIRMED', nextRequestAt: null };
  if (lastRequestedAt !== null && now.getTime() - lastRequestedAt.getTime() < freshness.limitMs) {
    return { request: false, reason: 'RECENTLY_REQUESTED', nextRequestAt: new Date(lastRequestedAt.getTime() + freshness.limitMs) };
  }
  const locationId = freshness.unconfirmedLocations.length === 1 ? freshness.unconfirmedLocations[0] : null;
  return { request: true, reason: freshness.reason, locationId };
}

/** The InventorySnapshotRequested for a positive decision, addressed to the charter's source of truth. */
export function buildInventorySnapshotRequested(input: {
  readonly sku: string;
  readonly decision: Extract<SnapshotRequestDecision, { request: true }>;
  readonly freshness: Freshness;
  readonly requestId: string;
  readonly requestedAt: Date;
  readonly charter: Charter;
}): InventorySnapshotRequested {
  return {
    requestId: input.requestId,
    sku: input.sku,
    locationId: input.decision.locationId,
    targetSystem: input.charter.sellableStockSource,
    reason: input.decision.reason,
    lastConfirmedAt: input.freshness.newestConfirmedAt,
    requestedAt: input.requestedAt,
    charterVersion: input.charter.version,
  };
}

function assertOneSku(levels: readonly StockLevel[]): void {
  const skus = new Set(levels.map((level) => level.sku));
  if (skus.size > 1) throw new InventoryInvariantError(`freshness is judged per SKU; got rows of ${[...skus].join(', ')}`);
}
