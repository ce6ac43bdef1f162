import type Decimal from 'decimal.js';
import type { PriceType } from '@concord/contracts';
import type { Charter } from '@concord/governance';
import type { PlacedLine, PricedLine } from './order';
import { orderIssue, type OrderIssue } from './orders.errors';

/** One price point of the price read model (fed by PriceChanged). */
export interface PricePoint {
  readonly priceChangeId: string;
  readonly sku: string;
  readonly priceType: PriceType;
  readonly amount: Decimal;
  readonly currency: string;
  readonly scope: {
    readonly channel: string | null;
    readonly region: string | null;
    readonly customerId: string | null;
    readonly minQuantity: number | null;
  };
  /** Null: valid from the start. */
  readonly validFrom: Date | null;
  /** Exclusive; null: open-ended. */
  readonly validTo: Date | null;
  readonly changedAt: Date;
}

/** What a price depends on for one order line. */
export interface PricingContext {
  readonly sku: string;
  readonly quantity: number;
  readonly currency: string;
  readonly channel: string;
  /** Canonical customer id (CONTRACT prices). */
  readonly customerId: string;
  /** Ship-to region and country: a REGIONAL price's region may name either. */
  readonly region: string | null;
  readonly countryCode: string;
  /** The order date: validity windows are evaluated at it. */
  readonly at: Date;
}

/** The price the pricing rules give a line. */
export interface GovernedPrice {
  readonly amount: Decimal;
  readonly priceType: PriceType;
  readonly priceChangeId: string;
}

/**
 * The resolver's precedence (SPEC §6 Pricing): contract > active promo > volume tier > regional > list.
 * CHANNEL and COST prices do not price an order line on their own.
 */
export const PRICE_PRECEDENCE = ['CONTRACT', 'PROMO', 'VOLUME_TIER', 'REGIONAL', 'LIST'] as const satisfies readonly PriceType[];

/**
 * The governed unit price of one line, or undefined when no price point applies. A point applies
 * when its SKU and currency are the line's, the order date lies in its validity window, and every
 * scope field it sets matches (customer, channel, region or country, minimum quantity <= quantity);
 * a CONTRACT price must name the customer, a REGIONAL one a region, a VOLUME_TIER one a minimum
 * quantity. The first price type in PRICE_PRECEDENCE with an applicable point wins; among its
 * points: the highest minimum quantity reached, then the most specific scope, then the latest
 * validFrom, then the latest change.
 */
export function resolveGovernedPrice(points: readonly PricePoint[], context: PricingContext): GovernedPrice | undefined {
  const applicable = points.filter((point) => applies(point, context));
  for (const priceType of PRICE_PRECEDENCE) {
    const [best] = applicable.filter((point) => point.priceType === priceType).sort(preferred);
    if (best !== undefined) return { amount: best.amount, priceType: best.priceType, priceChangeId: best.priceChangeId };
  }
  return undefined;
}

function applies(point: PricePoint, context: PricingContext): boolean {
  const { scope } = point;
  if (point.sku !== context.sku || point.currency !== context.currency) return false;
  if (point.validFrom !== null && point.validFrom.getTime() > context.at.getTime()) return false;
  if (point.validTo !== null && point.validTo.getTime() <= context.at.getTime()) return false;
  if (scope.customerId !== null && scope.customerId !== context.customerId) return false;
  if (scope.channel !== null && scope.channel !== context.channel) return false;
  if (scope.region !== null && scope.region !== context.region && scope.region !== context.countryCode) return false;
  if (scope.minQuantity !== null && scope.minQuantity > context.quantity) return false;
  switch (point.priceType) {
    case 'CONTRACT':
      return scope.customerId !== null;
    case 'REGIONAL':
      return scope.region !== null;
    case 'VOLUME_TIER':
      return scope.minQuantity !== null;
    case 'PROMO':
    case 'LIST':
      return true;
    default:
      return false;
  }
}

function preferred(a: PricePoint, b: PricePoint): number {
  return (
    (b.scope.minQuantity ?? 0) - (a.scope.minQuantity ?? 0) ||
    specificity(b) - specificity(a) ||
    (b.validFrom?.getTime() ?? -Infinity) - (a.validFrom?.getTime() ?? -Infinity) ||
    b.changedAt.getTime() - a.changedAt.getTime()
  );
}

function specificity(point: PricePoint): number {
  const { channel, region, customerId, minQuantity } = point.scope;
  return [channel, region, customerId, minQuantity].filter((field) => field !== null).length;
}

/** A line whose shown price differs from the governed one by more than the charter's tolerance. */
export interface PriceConflict {
  readonly lineNumber: number;
  readonly sku: string;
  readonly shownUnitPrice: Decimal;
  readonly governedUnitPrice: Decimal;
}

export type OrderPricing =
  | {
      /** Every line has its governed price; conflicts were accepted at the governed price. */
      readonly kind: 'priced';
      readonly lines: readonly PricedLine[];
      readonly conflicts: readonly PriceConflict[];
    }
  | {
      /** A line has no governed price: missing data, held for review. */
      readonly kind: 'missing-price';
      readonly issues: readonly OrderIssue[];
    }
  | {
      /** The charter's price_mismatch policy is HOLD and a line's shown price is off. */
      readonly kind: 'mismatch';
      readonly issues: readonly OrderIssue[];
      readonly conflicts: readonly PriceConflict[];
    };

/**
 * Prices every line at its governed price and applies the charter's price-mismatch policy: a shown
 * price further from the governed one than order_policies.price_mismatch_tolerance is a conflict;
 * under HOLD the order is held (PRICE_MISMATCH), under ACCEPT_GOVERNED_PRICE it goes on at the
 * governed price. A reviewer's release counts as accepting the governed price.
 */
export function priceOrderLines(
  lines: readonly PlacedLine[],
  pointsOf: (sku: string) => readonly PricePoint[],
  context: Omit<PricingContext, 'sku' | 'quantity'>,
  charter: Charter,
  options: { readonly reviewerAcceptsGovernedPrice?: boolean } = {},
): OrderPricing {
  const policies = charter.orderPolicies;
  const missing: OrderIssue[] = [];
  const priced: PricedLine[] = [];
  const conflicts: PriceConflict[] = [];
  lines.forEach((line, index) => {
    const governed = resolveGovernedPrice(pointsOf(line.sku), { ...context, sku: line.sku, quantity: line.quantity });
    if (governed === undefined) {
      missing.push(
        orderIssue('ORDERS.NO_GOVERNED_PRICE', `line ${line.lineNumber}: no ${context.currency} price applies to ${line.sku} for this order`, {
          field: `lines[${index}].sku`,
          lineNumber: line.lineNumber,
        }),
      );
      return;
    }
    const priceMismatch = policies.isPriceMismatch(line.shownUnitPrice, governed.amount);
    if (priceMismatch) conflicts.push({ lineNumber: line.lineNumber, sku: line.sku, shownUnitPrice: line.shownUnitPrice, governedUnitPrice: governed.amount });
    priced.push({ ...line, unitPrice: governed.amount, appliedPriceType: governed.priceType, priceChangeId: governed.priceChangeId, priceMismatch });
  });

  if (missing.length > 0) return { kind: 'missing-price', issues: missing };
  if (conflicts.length > 0 && policies.priceMismatch === 'HOLD' && options.reviewerAcceptsGovernedPrice !== true) {
    const issues = conflicts.map((conflict) =>
      orderIssue(
        'ORDERS.PRICE_MISMATCH',
        `line ${conflict.lineNumber}: ${conflict.sku} was shown at ${conflict.shownUnitPrice.toFixed()} ${context.currency}, the governed price is ${conflict.governedUnitPrice.toFixed()} (tolerance ${policies.priceMismatchTolerance.toFixed()})`,
        { field: `lines[${lines.findIndex((line) => line.lineNumber === conflict.lineNumber)}].shownUnitPrice`, lineNumber: conflict.lineNumber },
      ),
    );
    return { kind: 'mismatch', issues, conflicts };
  }
  return { kind: 'priced', lines: priced, conflicts };
}
