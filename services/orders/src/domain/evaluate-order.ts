import type { Charter } from '@concord/governance';
import type { CustomerResolution } from './customer-resolution';
import type { OrderHold, PlacedOrder, PricedLine } from './order';
import { awaitingCustomerCreation, holdForReview } from './order-holds';
import { checkOrderQuality, type ProductFacts } from './order-quality';
import { orderIssue, type OrderIssue } from './orders.errors';
import { priceOrderLines, type PriceConflict, type PricePoint } from './price-resolution';

/** Everything an order is judged on: the order and the read models as they are now. */
export interface OrderEvaluationInput {
  readonly order: PlacedOrder;
  readonly products: ReadonlyMap<string, ProductFacts>;
  readonly customer: CustomerResolution;
  readonly pricesOf: (sku: string) => readonly PricePoint[];
  readonly charter: Charter;
  readonly now: Date;
  /** ORDERS_CUSTOMER_WAIT in milliseconds. */
  readonly customerWaitMs: number;
  /** A reviewer released the order: a price mismatch is accepted at the governed price. */
  readonly reviewerRelease?: boolean;
}

/** Where an order goes next. */
export type OrderEvaluation =
  | {
      /** It can never be fulfilled as placed: OrderRejected with every offending line. */
      readonly kind: 'reject';
      readonly issues: readonly OrderIssue[];
    }
  | {
      /** A person must look at it: OrderHeld with owner team and deadline. */
      readonly kind: 'hold';
      readonly hold: OrderHold;
      readonly conflicts: readonly PriceConflict[];
    }
  | {
      /** The customer is new to the ERP: CustomerCreationRequested, then wait until `deadline`. */
      readonly kind: 'await-customer';
      readonly hold: OrderHold;
      readonly deadline: Date;
      readonly expectedErpCustomerId: string | null;
    }
  | {
      /** Valid, customer known, every line priced: ask inventory for the stock. */
      readonly kind: 'reserve';
      readonly customerId: string;
      readonly erpCustomerId: string;
      readonly lines: readonly PricedLine[];
      readonly conflicts: readonly PriceConflict[];
    };

/**
 * Judges an order, in this order (each step only when the ones before pass):
 * 1. rejections — a line without a SKU, an unknown or inactive SKU, a quantity <= 0: REJECTED;
 * 2. missing data — no lines, no delivery date, no customer id, an unusable ship-to: HELD MISSING_DATA;
 * 3. the customer — unknown without details: HELD INVALID_CUSTOMER (UNKNOWN_CUSTOMER); inactive or
 *    on hold: HELD INVALID_CUSTOMER; unknown with new-customer details: AWAITING_CUSTOMER;
 * 4. prices — a line without a governed price: HELD MISSING_DATA; a shown price off by more than the
 *    tolerance under policy HOLD: HELD PRICE_MISMATCH;
 * 5. otherwise: reserve stock at the governed prices.
 * Rejection comes first: holding an order a person could only ever reject wastes their time.
 */
export function evaluateOrder(input: OrderEvaluationInput): OrderEvaluation {
  const { order, charter, now } = input;
  const quality = checkOrderQuality(order, input.products, charter);
  if (quality.rejections.length > 0) return { kind: 'reject', issues: quality.rejections };
  if (quality.missingData.length > 0) return { kind: 'hold', hold: holdForReview('MISSING_DATA', quality.missingData, charter, now), conflicts: [] };

  const { customer } = input;
  if (customer.kind === 'unknown') {
    if (order.newCustomer === null) {
      const issue = orderIssue(
        'ORDERS.UNKNOWN_CUSTOMER',
        `${order.sourceSystem} customer ${order.externalCustomerId} is not known to the ERP${customer.expectedErpCustomerId ? ` (as ${customer.expectedErpCustomerId})` : ''} and the order brings no new-customer details`,
        { field: 'customer.externalCustomerId' },
      );
      return { kind: 'hold', hold: holdForReview('INVALID_CUSTOMER', [issue], charter, now), conflicts: [] };
    }
    const deadline = new Date(now.getTime() + input.customerWaitMs);
    return { kind: 'await-customer', hold: awaitingCustomerCreation(order.externalCustomerId, deadline, now), deadline, expectedErpCustomerId: customer.expectedErpCustomerId };
  }
  if (customer.accountStatus === 'INACTIVE' || customer.accountStatus === 'ON_HOLD') {
    const code = customer.accountStatus === 'INACTIVE' ? 'ORDERS.CUSTOMER_INACTIVE' : 'ORDERS.CUSTOMER_ON_HOLD';
    const issue = orderIssue(code, `ERP customer ${customer.erpCustomerId} is ${customer.accountStatus}`, { field: 'customer.externalCustomerId' });
    return { kind: 'hold', hold: holdForReview('INVALID_CUSTOMER', [issue], charter, now), conflicts: [] };
  }

  const pricing = priceOrderLines(
    order.lines,
    input.pricesOf,
    { currency: order.currency, channel: order.channel, customerId: customer.customerId, region: order.shipTo.region, countryCode: order.shipTo.countryCode, at: order.placedAt },
    charter,
    { reviewerAcceptsGovernedPrice: input.reviewerRelease === true },
  );
  switch (pricing.kind) {
    case 'missing-price':
      return { kind: 'hold', hold: holdForReview('MISSING_DATA', pricing.issues, charter, now), conflicts: [] };
    case 'mismatch':
      return { kind: 'hold', hold: holdForReview('PRICE_MISMATCH', pricing.issues, charter, now), conflicts: pricing.conflicts };
    case 'priced':
      return { kind: 'reserve', customerId: customer.customerId, erpCustomerId: customer.erpCustomerId, lines: pricing.lines, conflicts: pricing.conflicts };
  }
}
