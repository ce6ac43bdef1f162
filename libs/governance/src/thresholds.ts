import Decimal from 'decimal.js';
import type { VelocityTier } from './charter.vocabulary';
import type { Duration } from './duration';

/**
 * How far `observed` is from `reference`, in percent of `reference` (always ≥ 0). A change away
 * from zero is an infinite variance; zero against zero is none.
 */
export function variancePercent(reference: Decimal.Value, observed: Decimal.Value): Decimal {
  const base = new Decimal(reference);
  const difference = new Decimal(observed).minus(base).abs();
  if (base.isZero()) return difference.isZero() ? new Decimal(0) : new Decimal(Infinity);
  return difference.dividedBy(base.abs()).times(100);
}

/** The charter's thresholds, with the decisions that depend on them. Every limit is exclusive: only a variance above it counts. */
export class Thresholds {
  constructor(
    /** A price change of more than this percentage waits for approval by the owning team. */
    readonly priceChangeApprovalPercent: Decimal,
    /** An ERP cost differing from the PIM's by more than this percentage is a reconciliation variance. */
    readonly erpPimCostVariancePercent: Decimal,
    /** ERP perpetual stock differing from WMS physical stock by more than this percentage requests a cycle count. */
    readonly inventoryVariancePercent: Decimal,
    /** How old a SKU's stock data may get before availability is published as 0 (UNCONFIRMED). */
    readonly inventoryFreshness: Readonly<Record<VelocityTier, Duration>>,
    /** How velocity tiers are derived: average orders per day over `lookback`, at least the minimum of a tier. */
    readonly velocity: {
      readonly lookback: Duration;
      readonly minOrdersPerDay: Readonly<{ high: Decimal; medium: Decimal }>;
    },
  ) {
    Object.freeze(this);
  }

  /** Whether a price change from `previous` to `next` needs approval. */
  priceChangeNeedsApproval(previous: Decimal.Value, next: Decimal.Value): boolean {
    return variancePercent(previous, next).greaterThan(this.priceChangeApprovalPercent);
  }

  /** Whether the PIM's cost strays too far from the ERP's (the ERP owns cost, so it is the reference). */
  costVarianceExceeded(erpCost: Decimal.Value, pimCost: Decimal.Value): boolean {
    return variancePercent(erpCost, pimCost).greaterThan(this.erpPimCostVariancePercent);
  }

  /** Whether ERP perpetual stock strays too far from the WMS physical count (the count is the reference). */
  inventoryVarianceExceeded(perpetual: Decimal.Value, physical: Decimal.Value): boolean {
    return variancePercent(physical, perpetual).greaterThan(this.inventoryVariancePercent);
  }

  /** The freshness limit of a velocity tier, in milliseconds. */
  freshnessLimitMs(tier: VelocityTier): number {
    return this.inventoryFreshness[tier].ms;
  }

  /** The velocity tier of a SKU with this average number of orders per day. */
  velocityTierFor(ordersPerDay: Decimal.Value): VelocityTier {
    const rate = new Decimal(ordersPerDay);
    if (rate.isNaN() || rate.isNegative()) throw new RangeError(`velocityTierFor: orders per day must be ≥ 0 (got ${String(ordersPerDay)})`);
    if (rate.greaterThanOrEqualTo(this.velocity.minOrdersPerDay.high)) return 'high';
    if (rate.greaterThanOrEqualTo(this.velocity.minOrdersPerDay.medium)) return 'medium';
    return 'slow';
  }
}
