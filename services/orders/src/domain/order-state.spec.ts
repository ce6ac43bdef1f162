import { ORDER_STATES, type OrderState, type StockStatus } from './order';
import {
  assertTransition,
  canTransition,
  decideCancellation,
  decideErpPosting,
  decideReturn,
  decideShipment,
  decideStockReservationRejected,
  decideStockReserved,
  type OrderStatus,
} from './order-state';
import { OrdersInvariantError } from './orders.errors';

const ORDER_ID = '3f1c9a2e-7b4d-4e8a-9c10-5d2e6f7a8b90';

function order(state: OrderState, stockStatus: StockStatus = 'NONE', erpOrderNumber: string | null = null): OrderStatus {
  return { orderId: ORDER_ID, state, stockStatus, erpOrderNumber, reservationId: null };
}

describe('the order life cycle', () => {
  it('lets a new order wait for its customer or stock, or end held, rejected or cancelled — never accepted at once', () => {
    expect(ORDER_STATES.filter((state) => canTransition(null, state))).toEqual(['AWAITING_CUSTOMER', 'AWAITING_STOCK', 'HELD', 'REJECTED', 'CANCELLED']);
  });

  it('accepts only an order that waited for stock, and ends REJECTED, RETURNED and CANCELLED for good', () => {
    expect(ORDER_STATES.filter((from) => canTransition(from, 'ACCEPTED'))).toEqual(['AWAITING_STOCK']);
    for (const terminal of ['REJECTED', 'RETURNED', 'CANCELLED'] as const) expect(ORDER_STATES.filter((to) => canTransition(terminal, to))).toEqual([]);
  });

  it('lets a released hold go anywhere validation can send an order', () => {
    expect(ORDER_STATES.filter((to) => canTransition('HELD', to))).toEqual(['AWAITING_CUSTOMER', 'AWAITING_STOCK', 'HELD', 'REJECTED', 'CANCELLED']);
  });

  it('throws on a transition the life cycle does not allow', () => {
    expect(() => assertTransition(ORDER_ID, 'SHIPPED', 'CANCELLED')).toThrow(new OrdersInvariantError(`order ${ORDER_ID} cannot go from SHIPPED to CANCELLED`));
    expect(() => assertTransition(ORDER_ID, 'AWAITING_STOCK', 'ACCEPTED')).not.toThrow();
  });
});

describe('cancelling an order', () => {
  it('cancels an order waiting for its customer without touching stock', () => {
    expect(decideCancellation(order('AWAITING_CUSTOMER'))).toEqual({ kind: 'cancel', releaseStock: false, requestErpCancellation: false });
  });

  it('releases the stock of an order waiting for inventory’s answer (the reservation may be on its way)', () => {
    expect(decideCancellation(order('AWAITING_STOCK', 'REQUESTED'))).toEqual({ kind: 'cancel', releaseStock: true, requestErpCancellation: false });
  });

  it('cancels a held order, releasing nothing when inventory refused the stock', () => {
    expect(decideCancellation(order('HELD', 'REFUSED'))).toEqual({ kind: 'cancel', releaseStock: false, requestErpCancellation: false });
    expect(decideCancellation(order('HELD', 'NONE'))).toEqual({ kind: 'cancel', releaseStock: false, requestErpCancellation: false });
  });

  it('releases the stock of an accepted or posted order and asks the ERP to cancel it', () => {
    expect(decideCancellation(order('ACCEPTED', 'RESERVED'))).toEqual({ kind: 'cancel', releaseStock: true, requestErpCancellation: true });
    expect(decideCancellation(order('POSTED', 'RESERVED', 'SO-1'))).toEqual({ kind: 'cancel', releaseStock: true, requestErpCancellation: true });
  });

  it('refuses once the goods have left the warehouse', () => {
    expect(decideCancellation(order('SHIPPED', 'RESERVED', 'SO-1'))).toEqual({ kind: 'refuse', reason: 'ALREADY_SHIPPED' });
    expect(decideCancellation(order('RETURNED', 'RESERVED', 'SO-1'))).toEqual({ kind: 'refuse', reason: 'ALREADY_RETURNED' });
  });

  it('has nothing to do for a rejected or an already cancelled order', () => {
    expect(decideCancellation(order('REJECTED'))).toEqual({ kind: 'ignore', reason: 'ALREADY_REJECTED' });
    expect(decideCancellation(order('CANCELLED', 'RELEASE_REQUESTED'))).toEqual({ kind: 'ignore', reason: 'ALREADY_CANCELLED' });
  });
});

describe('inventory’s answers', () => {
  it('accepts an order waiting for stock when it is reserved', () => {
    expect(decideStockReserved(order('AWAITING_STOCK', 'REQUESTED'))).toEqual({ kind: 'accept' });
  });

  it('releases stock reserved for an order that is no longer going ahead', () => {
    expect(decideStockReserved(order('CANCELLED', 'RELEASE_REQUESTED'))).toEqual({ kind: 'release', reason: 'ORDER_CANCELLED' });
    expect(decideStockReserved(order('REJECTED'))).toEqual({ kind: 'release', reason: 'ORDER_REJECTED' });
    expect(decideStockReserved(order('HELD', 'REFUSED'))).toEqual({ kind: 'release', reason: 'ORDER_HOLD_EXPIRED' });
  });

  it('ignores a repeated reservation of an accepted order', () => {
    for (const state of ['ACCEPTED', 'POSTED', 'SHIPPED', 'RETURNED'] as const) expect(decideStockReserved(order(state, 'RESERVED'))).toEqual({ kind: 'ignore' });
  });

  it('holds only an order waiting for stock when inventory refuses', () => {
    expect(decideStockReservationRejected(order('AWAITING_STOCK', 'REQUESTED'))).toEqual({ kind: 'hold' });
    expect(decideStockReservationRejected(order('CANCELLED', 'RELEASE_REQUESTED'))).toEqual({ kind: 'ignore' });
  });
});

describe('closing the loop with the ERP and the WMS', () => {
  it('marks an accepted order posted, and records a posting that arrives after shipment or cancellation', () => {
    expect(decideErpPosting(order('ACCEPTED', 'RESERVED'), 'SO-1')).toEqual({ kind: 'advance', to: 'POSTED' });
    expect(decideErpPosting(order('SHIPPED', 'RESERVED'), 'SO-1')).toEqual({ kind: 'record', reason: 'ERP_POSTING_AFTER_SHIPMENT' });
    expect(decideErpPosting(order('CANCELLED', 'RELEASE_REQUESTED'), 'SO-1')).toEqual({ kind: 'record', reason: 'ERP_POSTING_AFTER_CANCELLATION' });
  });

  it('ignores the same posting again and quarantines a second ERP number', () => {
    expect(decideErpPosting(order('POSTED', 'RESERVED', 'SO-1'), 'SO-1')).toEqual({ kind: 'ignore' });
    expect(decideErpPosting(order('POSTED', 'RESERVED', 'SO-1'), 'SO-2')).toMatchObject({ kind: 'invalid', issue: { code: 'ORDERS.ERP_ORDER_NUMBER_CONFLICT' } });
  });

  it('quarantines a posting of an order that was never accepted', () => {
    for (const state of ['AWAITING_CUSTOMER', 'AWAITING_STOCK', 'HELD', 'REJECTED'] as const) {
      expect(decideErpPosting(order(state), 'SO-1')).toMatchObject({ kind: 'invalid', issue: { code: 'ORDERS.UNEXPECTED_POSTING' } });
    }
  });

  it('ships an accepted or posted order and records further shipments', () => {
    expect(decideShipment(order('ACCEPTED', 'RESERVED'))).toEqual({ kind: 'advance', to: 'SHIPPED' });
    expect(decideShipment(order('POSTED', 'RESERVED', 'SO-1'))).toEqual({ kind: 'advance', to: 'SHIPPED' });
    expect(decideShipment(order('SHIPPED', 'RESERVED', 'SO-1'))).toEqual({ kind: 'record', reason: 'FURTHER_SHIPMENT' });
    expect(decideShipment(order('CANCELLED', 'RELEASE_REQUESTED'))).toEqual({ kind: 'record', reason: 'SHIPPED_AFTER_CANCELLATION' });
    expect(decideShipment(order('HELD'))).toMatchObject({ kind: 'invalid', issue: { code: 'ORDERS.UNEXPECTED_SHIPMENT' } });
  });

  it('marks a shipped order returned and quarantines a return of an order that never shipped', () => {
    expect(decideReturn(order('SHIPPED', 'RESERVED', 'SO-1'))).toEqual({ kind: 'advance', to: 'RETURNED' });
    expect(decideReturn(order('RETURNED', 'RESERVED', 'SO-1'))).toEqual({ kind: 'record', reason: 'FURTHER_RETURN' });
    expect(decideReturn(order('POSTED', 'RESERVED', 'SO-1'))).toMatchObject({ kind: 'invalid', issue: { code: 'ORDERS.UNEXPECTED_RETURN' } });
  });
});
