import type { SkuAvailability } from '../domain/availability';
import type { StockLevel } from '../domain/stock-level';
import type { VelocityTierDecision } from '../domain/velocity-tier';

/** One location's stock as the HTTP API shows it. */
export interface LocationStockView {
  readonly locationId: string;
  readonly onHand: number;
  readonly reserved: number;
  /** 0 while the SKU is UNCONFIRMED. */
  readonly available: number;
  readonly freshness: 'CONFIRMED' | 'UNCONFIRMED';
  /** When the source of truth last counted or moved it; null when it never did. */
  readonly lastConfirmedAt: string | null;
  readonly lastSourceSequence: number | null;
}

/** A SKU's stock as the HTTP API shows it: the figures reservations and the storefront see now. */
export interface StockView {
  readonly sku: string;
  readonly status: 'CONFIRMED' | 'UNCONFIRMED';
  readonly unconfirmedReason: 'STALE' | 'NO_DATA' | null;
  readonly unconfirmedLocations: readonly string[];
  readonly velocityTier: 'HIGH' | 'MEDIUM' | 'SLOW';
  readonly velocityTierSource: 'override' | 'order-rate';
  readonly ordersPerDay: string | null;
  readonly freshnessLimitSeconds: number;
  readonly lastConfirmedAt: string | null;
  readonly expiresAt: string | null;
  readonly sourceOfTruth: string;
  readonly totalOnHand: number;
  readonly totalReserved: number;
  readonly totalAvailable: number;
  readonly locations: readonly LocationStockView[];
  readonly calculatedAt: string;
  readonly charterVersion: string;
}

export function toStockView(availability: SkuAvailability, tier: VelocityTierDecision, levels: readonly StockLevel[]): StockView {
  const { freshness } = availability;
  const levelAt = new Map(levels.map((level) => [level.locationId, level]));
  const unconfirmed = new Set(freshness.unconfirmedLocations);
  return {
    sku: availability.sku,
    status: availability.status,
    unconfirmedReason: availability.unconfirmedReason,
    unconfirmedLocations: [...freshness.unconfirmedLocations],
    velocityTier: tier.tier,
    velocityTierSource: tier.source,
    ordersPerDay: tier.ordersPerDay?.toDecimalPlaces(2).toString() ?? null,
    freshnessLimitSeconds: freshness.limitMs / 1000,
    lastConfirmedAt: iso(availability.lastConfirmedAt),
    expiresAt: iso(freshness.expiresAt),
    sourceOfTruth: availability.sourceOfTruth,
    totalOnHand: availability.totalOnHand,
    totalReserved: availability.totalReserved,
    totalAvailable: availability.totalAvailable,
    locations: availability.locations.map((location) => {
      const mark = levelAt.get(location.locationId)?.lastApplied ?? null;
      const confirmedBySource = mark !== null && mark.sourceSystem === availability.sourceOfTruth;
      return {
        ...location,
        freshness: availability.status === 'CONFIRMED' || (confirmedBySource && !unconfirmed.has(location.locationId)) ? 'CONFIRMED' : 'UNCONFIRMED',
        lastConfirmedAt: confirmedBySource ? mark.occurredAt.toISOString() : null,
        lastSourceSequence: mark?.sourceSequence ?? null,
      };
    }),
    calculatedAt: availability.calculatedAt.toISOString(),
    charterVersion: availability.charterVersion,
  };
}

function iso(date: Date | null): string | null {
  return date === null ? null : date.toISOString();
}
