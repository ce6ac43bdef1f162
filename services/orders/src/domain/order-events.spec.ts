import { aNewCustomerDetails, aPlacedOrderLine, aStockReservationRejected, aStockReserved } from '@concord/contracts';
import { aPlacedOrder, charter, CUSTOMER_ID, holdingCharter, money, NOW, ORDER_ID } from './__fixtures__/order-fixtures';
import type { PricedLine } from './order';
import {
  buildCustomerCreationRequested,
  buildOrderAccepted,
  buildOrderCancellationRequested,
  buildOrderHeld,
  buildOrderRejected,
  buildStockReservationRequested,
  fulfilLines,
} from './order-events';
import { holdForReview, stockShortfallHold } from './order-holds';
import { orderIssue } from './orders.errors';

const order = aPlacedOrder({
  lines: [
    aPlacedOrderLine({ lineNumber: 1, sku: 'SKU-1', quantity: 3, shownUnitPrice: money('10.3333') }),
    aPlacedOrderLine({ lineNumber: 2, sku: 'SKU-2', quantity: 7, shownUnitPrice: money('0.1') }),
  ],
});

const priced: PricedLine[] = [
  { ...order.lines[0], unitPrice: money('10.3333'), appliedPriceType: 'CONTRACT', priceChangeId: '00000000-0000-4000-8000-000000000001', priceMismatch: false },
  { ...order.lines[1], unitPrice: money('0.1000'), appliedPriceType: 'LIST', priceChangeId: '00000000-0000-4000-8000-000000000002', priceMismatch: false },
];

describe('StockReservationRequested', () => {
  it('asks for every line with the ship-to for routing, allowing back-orders only under policy BACKORDER', () => {
    expect(buildStockReservationRequested(order, charter, NOW)).toEqual({
      orderId: ORDER_ID,
      lines: [
        { lineNumber: 1, sku: 'SKU-1', quantity: 3 },
        { lineNumber: 2, sku: 'SKU-2', quantity: 7 },
      ],
      shipToCountryCode: 'US',
      shipToRegion: 'US-EAST',
      allowBackorder: true,
      requestedAt: NOW,
    });
    expect(buildStockReservationRequested(order, holdingCharter, NOW).allowBackorder).toBe(false);
  });
});

describe('OrderAccepted', () => {
  const reserved = aStockReserved({
    orderId: ORDER_ID,
    lines: [
      { lineNumber: 1, sku: 'SKU-1', requestedQuantity: 3, reservedQuantity: 3, backorderedQuantity: 0, allocations: [{ locationId: 'DC-EAST', quantity: 3 }] },
      {
        lineNumber: 2,
        sku: 'SKU-2',
        requestedQuantity: 7,
        reservedQuantity: 5,
        backorderedQuantity: 2,
        allocations: [
          { locationId: 'DC-EAST', quantity: 4 },
          { locationId: 'DC-WEST', quantity: 1 },
        ],
      },
    ],
  });

  it('carries the ERP ids, the routed allocations, the back-orders and exact amounts at the governed prices', () => {
    const fulfilled = fulfilLines(priced, reserved);
    if (!('lines' in fulfilled)) throw new Error(fulfilled.issue.message);
    const accepted = buildOrderAccepted(order, { customerId: CUSTOMER_ID, erpCustomerId: 'C123' }, fulfilled.lines, NOW, charter.version);
    expect(accepted).toMatchObject({
      orderId: ORDER_ID,
      externalOrderId: 'WEB-1',
      sourceSystem: 'ECOMMERCE',
      customerId: CUSTOMER_ID,
      erpCustomerId: 'C123',
      currency: 'EUR',
      requestedDeliveryDate: '2026-11-30',
      acceptedAt: NOW,
      charterVersion: '2026.11.1',
    });
    expect(accepted.lines.map((line) => [line.lineNumber, line.quantity, line.backorderedQuantity, line.unitPrice.toFixed(4), line.lineAmount.toFixed(4), line.appliedPriceType])).toEqual([
      [1, 3, 0, '10.3333', '30.9999', 'CONTRACT'],
      [2, 7, 2, '0.1000', '0.7000', 'LIST'],
    ]);
    expect(accepted.lines[1].allocations).toEqual([
      { locationId: 'DC-EAST', quantity: 4 },
      { locationId: 'DC-WEST', quantity: 1 },
    ]);
    expect(accepted.totalAmount.toFixed(4)).toBe('31.6999');
  });

  it('refuses a reservation that does not answer the order’s lines', () => {
    const other = aStockReserved({ orderId: ORDER_ID, lines: [reserved.lines[0]] });
    expect(fulfilLines(priced, other)).toEqual({
      issue: expect.objectContaining({ code: 'ORDERS.RESERVATION_MISMATCH', lineNumber: 2 }),
    });
  });
});

describe('OrderRejected and OrderHeld', () => {
  it('tells the source why the order is rejected, line by line', () => {
    const issues = [orderIssue('ORDERS.UNKNOWN_SKU', 'line 2: SKU SKU-2 is not in the product master', { field: 'lines[1].sku', lineNumber: 2 })];
    expect(buildOrderRejected(order, issues, NOW, '2026.11.1')).toEqual({
      orderId: ORDER_ID,
      externalOrderId: 'WEB-1',
      sourceSystem: 'ECOMMERCE',
      channel: 'webshop',
      issues: [{ code: 'ORDERS.UNKNOWN_SKU', message: 'line 2: SKU SKU-2 is not in the product master', field: 'lines[1].sku', lineNumber: 2 }],
      rejectedAt: NOW,
      charterVersion: '2026.11.1',
    });
  });

  it('tells who reviews a hold and by when', () => {
    const hold = holdForReview('MISSING_DATA', [orderIssue('ORDERS.MISSING_REQUIRED_FIELD', 'no date', { field: 'requestedDeliveryDate' })], charter, NOW);
    expect(buildOrderHeld(order, hold, charter.version)).toMatchObject({ reason: 'MISSING_DATA', ownerTeam: 'sales-ops', reviewDeadline: new Date('2026-11-21T12:00:00.000Z'), heldAt: NOW });
  });

  it('turns inventory’s short lines into the hold’s issues (INSUFFICIENT_STOCK: four hours)', () => {
    const rejection = aStockReservationRejected({
      orderId: ORDER_ID,
      reason: 'INSUFFICIENT_STOCK',
      shortfalls: [{ lineNumber: 2, sku: 'SKU-2', requestedQuantity: 7, availableQuantity: 1 }],
    });
    const hold = stockShortfallHold(rejection, (lineNumber) => order.lines.findIndex((line) => line.lineNumber === lineNumber), charter, NOW);
    expect(hold).toEqual({
      reason: 'INSUFFICIENT_STOCK',
      issues: [{ code: 'ORDERS.INSUFFICIENT_STOCK', message: 'line 2: 7 of SKU-2 requested, 1 available (INSUFFICIENT_STOCK)', field: 'lines[1].quantity', lineNumber: 2 }],
      ownerTeam: 'sales-ops',
      reviewDeadline: new Date('2026-11-20T16:00:00.000Z'),
      heldAt: NOW,
    });
  });
});

describe('requests to other systems', () => {
  it('asks the customers service to create the new customer with the order’s details', () => {
    const details = aNewCustomerDetails();
    expect(buildCustomerCreationRequested({ ...order, newCustomer: details }, NOW)).toEqual({
      orderId: ORDER_ID,
      sourceSystem: 'ECOMMERCE',
      externalCustomerId: '123',
      customer: details,
      requestedAt: NOW,
    });
    expect(() => buildCustomerCreationRequested(order, NOW)).toThrow(/no new-customer details/);
  });

  it('asks the ERP to cancel with its order number when it has one', () => {
    const cancelledAt = new Date('2026-11-20T13:00:00.000Z');
    expect(buildOrderCancellationRequested({ ...order, erpOrderNumber: 'SO-42' }, { reason: 'customer changed their mind', cancelledAt }, NOW)).toEqual({
      orderId: ORDER_ID,
      externalOrderId: 'WEB-1',
      erpOrderNumber: 'SO-42',
      reason: 'customer changed their mind',
      cancelledAt,
      requestedAt: NOW,
    });
  });
});
