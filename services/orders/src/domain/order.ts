import type Decimal from 'decimal.js';
import type { HoldReason, NewCustomerDetails, OrderPlaced, PostalAddress, PriceType, SourceSystem, StockAllocation } from '@concord/contracts';
import type { OrderIssue } from './orders.errors';

/** Where an order is in its life; see order-state.ts for the transitions. */
export const ORDER_STATES = ['AWAITING_CUSTOMER', 'AWAITING_STOCK', 'ACCEPTED', 'POSTED', 'SHIPPED', 'RETURNED', 'HELD', 'REJECTED', 'CANCELLED'] as const;
export type OrderState = (typeof ORDER_STATES)[number];

/**
 * What orders asked of inventory for this order: nothing, a reservation (answered or not), or a
 * release. A cancellation requests a release whenever a reservation was requested or is held.
 */
export type StockStatus = 'NONE' | 'REQUESTED' | 'RESERVED' | 'REFUSED' | 'RELEASE_REQUESTED';

/** One order line as placed. */
export interface PlacedLine {
  readonly lineNumber: number;
  readonly sku: string;
  readonly quantity: number;
  readonly shownUnitPrice: Decimal;
}

/** The order as the source system placed it, under the id orders gave it. Never changes. */
export interface PlacedOrder {
  readonly orderId: string;
  readonly sourceSystem: SourceSystem;
  readonly externalOrderId: string;
  readonly channel: string;
  readonly externalCustomerId: string;
  readonly newCustomer: NewCustomerDetails | null;
  readonly lines: readonly PlacedLine[];
  readonly currency: string;
  /** YYYY-MM-DD, or null when the source sent none. */
  readonly requestedDeliveryDate: string | null;
  readonly shipTo: PostalAddress;
  readonly purchaseOrderNumber: string | null;
  readonly placedAt: Date;
}

/** A line at the price the pricing rules resolved, once the order went to inventory. */
export interface PricedLine extends PlacedLine {
  readonly unitPrice: Decimal;
  readonly appliedPriceType: PriceType;
  readonly priceChangeId: string;
  /** Whether the shown price differed from it by more than the charter's tolerance. */
  readonly priceMismatch: boolean;
}

/** A line of an accepted order: priced, reserved (perhaps partly back-ordered) and routed. */
export interface FulfilledLine extends PricedLine {
  readonly backorderedQuantity: number;
  readonly allocations: readonly StockAllocation[];
  /** unitPrice × quantity. */
  readonly lineAmount: Decimal;
}

/** Why an order waits for review, and until when. */
export interface OrderHold {
  readonly reason: HoldReason;
  readonly issues: readonly OrderIssue[];
  /** Null while the order waits on an automatic step (customer creation). */
  readonly ownerTeam: string | null;
  readonly reviewDeadline: Date | null;
  readonly heldAt: Date;
}

/** An order as stored: the placed order plus what orders decided and learned since. */
export interface OrderRecord extends PlacedOrder {
  readonly state: OrderState;
  readonly stockStatus: StockStatus;
  readonly receivedAt: Date;
  /** Canonical and ERP customer ids, once the customer is known. */
  readonly customerId: string | null;
  readonly erpCustomerId: string | null;
  /** The ERP id the charter's mapping rule gives the source's customer id, while waiting for it. */
  readonly expectedErpCustomerId: string | null;
  /** When AWAITING_CUSTOMER turns into HELD. */
  readonly customerWaitDeadline: Date | null;
  readonly hold: OrderHold | null;
  readonly rejectionIssues: readonly OrderIssue[] | null;
  /** The lines at their governed prices, from AWAITING_STOCK on. */
  readonly pricedLines: readonly PricedLine[] | null;
  /** The lines as accepted (reservation, amounts), from ACCEPTED on. */
  readonly fulfilledLines: readonly FulfilledLine[] | null;
  readonly reservationId: string | null;
  readonly totalAmount: Decimal | null;
  readonly acceptedAt: Date | null;
  readonly erpOrderNumber: string | null;
  readonly cancelledAt: Date | null;
  readonly cancelReason: string | null;
  readonly charterVersion: string;
}

/** A new order's record before anything is decided: the caller sets the state it goes to. */
export function newOrderRecord(order: PlacedOrder, state: OrderState, receivedAt: Date, charterVersion: string): OrderRecord {
  return {
    ...order,
    state,
    stockStatus: 'NONE',
    receivedAt,
    customerId: null,
    erpCustomerId: null,
    expectedErpCustomerId: null,
    customerWaitDeadline: null,
    hold: null,
    rejectionIssues: null,
    pricedLines: null,
    fulfilledLines: null,
    reservationId: null,
    totalAmount: null,
    acceptedAt: null,
    erpOrderNumber: null,
    cancelledAt: null,
    cancelReason: null,
    charterVersion,
  };
}

/** The immutable part of an OrderPlaced, under the given order id. */
export function placedOrderFrom(orderId: string, event: OrderPlaced): PlacedOrder {
  return {
    orderId,
    sourceSystem: event.sourceSystem,
    externalOrderId: event.externalOrderId,
    channel: event.channel,
    externalCustomerId: event.customer.externalCustomerId,
    newCustomer: event.customer.newCustomer,
    lines: event.lines.map(({ lineNumber, sku, quantity, shownUnitPrice }) => ({ lineNumber, sku, quantity, shownUnitPrice })),
    currency: event.currency,
    requestedDeliveryDate: event.requestedDeliveryDate,
    shipTo: event.shipTo,
    purchaseOrderNumber: event.purchaseOrderNumber,
    placedAt: event.placedAt,
  };
}
