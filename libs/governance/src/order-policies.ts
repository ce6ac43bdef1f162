import Decimal from 'decimal.js';
import type { InsufficientStockPolicy, PriceMismatchPolicy } from './charter.vocabulary';

/** How orders are handled when they do not fit the charter. */
export class OrderPolicies {
  constructor(
    /** HOLD the order for review, or ACCEPT_GOVERNED_PRICE (the order is accepted at the resolver's price). */
    readonly priceMismatch: PriceMismatchPolicy,
    /** The largest difference per unit, in the order's currency, that is not a mismatch (rounding on the storefront). */
    readonly priceMismatchTolerance: Decimal,
    /** HOLD the order for review, or BACKORDER what cannot be reserved. */
    readonly insufficientStock: InsufficientStockPolicy,
  ) {
    Object.freeze(this);
  }

  /** Whether the unit price a customer was shown differs from the governed price by more than the tolerance. */
  isPriceMismatch(shownPrice: Decimal.Value, governedPrice: Decimal.Value): boolean {
    return new Decimal(shownPrice).minus(governedPrice).abs().greaterThan(this.priceMismatchTolerance);
  }
}
