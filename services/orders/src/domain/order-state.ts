import type { StockReleaseReason } from '@concord/contracts';
import type { OrderState, StockStatus } from './order';
import { orderIssue, OrdersInvariantError, type OrderIssue } from './orders.errors';

/**
 * The order life cycle. `null` is an order being created from its OrderPlaced.
 *
 *   (new) ──► AWAITING_CUSTOMER ──► AWAITING_STOCK ──► ACCEPTED ──► POSTED ──► SHIPPED ──► RETURNED
 *     │            │    ▲                │   ▲            │           │
 *     ├────────────┴────┼──► HELD ◄──────┘   │ (release re-validates)  │
 *     └──► REJECTED     └────────┴───────────┘                        │
 *   CANCELLED from every state before SHIPPED except REJECTED; ACCEPTED may be shipped before the
 *   ERP's posting arrives.
 */
const TRANSITIONS: Readonly<Record<OrderState | 'NEW', readonly OrderState[]>> = {
  NEW: ['AWAITING_CUSTOMER', 'AWAITING_STOCK', 'HELD', 'REJECTED', 'CANCELLED'],
  AWAITING_CUSTOMER: ['AWAITING_STOCK', 'HELD', 'REJECTED', 'CANCELLED'],
  AWAITING_STOCK: ['ACCEPTED', 'HELD', 'CANCELLED'],
  HELD: ['AWAITING_CUSTOMER', 'AWAITING_STOCK', 'HELD', 'REJECTED', 'CANCELLED'],
  ACCEPTED: ['POSTED', 'SHIPPED', 'CANCELLED'],
  POSTED: ['SHIPPED', 'CANCELLED'],
  SHIPPED: ['RETURNED'],
  RETURNED: [],
  REJECTED: [],
  CANCELLED: [],
};

export function canTransition(from: OrderState | null, to: OrderState): boolean {
  return TRANSITIONS[from ?? 'NEW'].includes(to);
}

/** Throws when the life cycle does not allow `from` → `to` (a bug in a use case, never an input problem). */
export function assertTransition(orderId: string, from: OrderState | null, to: OrderState): void {
  if (!canTransition(from, to)) throw new OrdersInvariantError(`order ${orderId} cannot go from ${from ?? '(new)'} to ${to}`);
}

/** What an order needs to decide on a lifecycle event. */
export interface OrderStatus {
  readonly orderId: string;
  readonly state: OrderState;
  readonly stockStatus: StockStatus;
  readonly erpOrderNumber: string | null;
  readonly reservationId: string | null;
}

export type CancellationDecision =
  | {
      readonly kind: 'cancel';
      /** A reservation was requested or is held: ask inventory to release it. */
      readonly releaseStock: boolean;
      /** The ERP has the order (OrderAccepted went out): ask it to cancel too. */
      readonly requestErpCancellation: boolean;
    }
  /** Goods have left the warehouse: the cancellation is refused and recorded. */
  | { readonly kind: 'refuse'; readonly reason: 'ALREADY_SHIPPED' | 'ALREADY_RETURNED' }
  /** Nothing to cancel (already cancelled, or rejected and never going anywhere); recorded when rejected. */
  | { readonly kind: 'ignore'; readonly reason: 'ALREADY_CANCELLED' | 'ALREADY_REJECTED' };

/**
 * A cancellation from the source at any stage. Before shipment the order is CANCELLED; stock that
 * was requested or reserved is released; an order the ERP already received (ACCEPTED, POSTED) also
 * gets an OrderCancellationRequested, so it is not posted or shipped from the ERP's side.
 */
export function decideCancellation(order: OrderStatus): CancellationDecision {
  switch (order.state) {
    case 'SHIPPED':
      return { kind: 'refuse', reason: 'ALREADY_SHIPPED' };
    case 'RETURNED':
      return { kind: 'refuse', reason: 'ALREADY_RETURNED' };
    case 'CANCELLED':
      return { kind: 'ignore', reason: 'ALREADY_CANCELLED' };
    case 'REJECTED':
      return { kind: 'ignore', reason: 'ALREADY_REJECTED' };
    case 'AWAITING_CUSTOMER':
    case 'AWAITING_STOCK':
    case 'HELD':
    case 'ACCEPTED':
    case 'POSTED':
      return {
        kind: 'cancel',
        releaseStock: order.stockStatus === 'REQUESTED' || order.stockStatus === 'RESERVED',
        requestErpCancellation: order.state === 'ACCEPTED' || order.state === 'POSTED',
      };
  }
}

export type StockReservedDecision =
  /** The order waited for it: ACCEPTED, OrderAccepted. */
  | { readonly kind: 'accept' }
  /** Already accepted with it (inventory answered a repeated request): nothing changes. */
  | { readonly kind: 'ignore' }
  /** The order no longer wants stock (cancelled, rejected, held): give it back at once. */
  | { readonly kind: 'release'; readonly reason: StockReleaseReason };

/** Inventory reserved the order's stock; no stock may stay reserved by an order that is not going ahead. */
export function decideStockReserved(order: OrderStatus): StockReservedDecision {
  switch (order.state) {
    case 'AWAITING_STOCK':
      return { kind: 'accept' };
    case 'ACCEPTED':
    case 'POSTED':
    case 'SHIPPED':
    case 'RETURNED':
      return { kind: 'ignore' };
    case 'CANCELLED':
      return { kind: 'release', reason: 'ORDER_CANCELLED' };
    case 'REJECTED':
      return { kind: 'release', reason: 'ORDER_REJECTED' };
    case 'HELD':
    case 'AWAITING_CUSTOMER':
      return { kind: 'release', reason: 'ORDER_HOLD_EXPIRED' };
  }
}

/** Inventory could not reserve: only an order waiting for stock is held; a late answer changes nothing. */
export function decideStockReservationRejected(order: OrderStatus): { readonly kind: 'hold' } | { readonly kind: 'ignore' } {
  return order.state === 'AWAITING_STOCK' ? { kind: 'hold' } : { kind: 'ignore' };
}

export type LifecycleDecision =
  /** Move to the new state. */
  | { readonly kind: 'advance'; readonly to: OrderState }
  /** Keep the state, record the fact in the history. */
  | { readonly kind: 'record'; readonly reason: string }
  /** The same fact again: nothing changes. */
  | { readonly kind: 'ignore' }
  /** The fact contradicts the order: quarantine the event for a person. */
  | { readonly kind: 'invalid'; readonly issue: OrderIssue };

/** The ERP posted the order. A posting after shipment or cancellation is recorded; a second, different number is a conflict. */
export function decideErpPosting(order: OrderStatus, erpOrderNumber: string): LifecycleDecision {
  if (order.erpOrderNumber !== null) {
    if (order.erpOrderNumber === erpOrderNumber) return { kind: 'ignore' };
    return {
      kind: 'invalid',
      issue: orderIssue('ORDERS.ERP_ORDER_NUMBER_CONFLICT', `order ${order.orderId} was posted as ${order.erpOrderNumber}, now as ${erpOrderNumber}`, { field: 'erpOrderNumber' }),
    };
  }
  switch (order.state) {
    case 'ACCEPTED':
      return { kind: 'advance', to: 'POSTED' };
    case 'SHIPPED':
    case 'RETURNED':
      return { kind: 'record', reason: 'ERP_POSTING_AFTER_SHIPMENT' };
    case 'CANCELLED':
      return { kind: 'record', reason: 'ERP_POSTING_AFTER_CANCELLATION' };
    default:
      return {
        kind: 'invalid',
        issue: orderIssue('ORDERS.UNEXPECTED_POSTING', `order ${order.orderId} is ${order.state}; the ERP can only post an accepted order`, { field: 'orderId' }),
      };
  }
}

/** The WMS shipped (part of) the order. Further shipments are recorded; a shipment of an order never accepted is quarantined. */
export function decideShipment(order: OrderStatus): LifecycleDecision {
  switch (order.state) {
    case 'ACCEPTED':
    case 'POSTED':
      return { kind: 'advance', to: 'SHIPPED' };
    case 'SHIPPED':
    case 'RETURNED':
      return { kind: 'record', reason: 'FURTHER_SHIPMENT' };
    case 'CANCELLED':
      return { kind: 'record', reason: 'SHIPPED_AFTER_CANCELLATION' };
    default:
      return {
        kind: 'invalid',
        issue: orderIssue('ORDERS.UNEXPECTED_SHIPMENT', `order ${order.orderId} is ${order.state}; only an accepted order ships`, { field: 'orderId' }),
      };
  }
}

/** The WMS received a return of the order. */
export function decideReturn(order: OrderStatus): LifecycleDecision {
  switch (order.state) {
    case 'SHIPPED':
      return { kind: 'advance', to: 'RETURNED' };
    case 'RETURNED':
      return { kind: 'record', reason: 'FURTHER_RETURN' };
    case 'CANCELLED':
      return { kind: 'record', reason: 'RETURNED_AFTER_CANCELLATION' };
    default:
      return {
        kind: 'invalid',
        issue: orderIssue('ORDERS.UNEXPECTED_RETURN', `order ${order.orderId} is ${order.state}; only a shipped order can come back`, { field: 'orderId' }),
      };
  }
}
