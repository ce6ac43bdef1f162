import Decimal from 'decimal.js';
import type {
  CustomerCreationRequested,
  OrderAccepted,
  OrderCancellationRequested,
  OrderHeld,
  OrderRejected,
  StockReleaseReason,
  StockReleaseRequested,
  StockReservationRequested,
  StockReserved,
} from '@concord/contracts';
import type { Charter } from '@concord/governance';
import type { FulfilledLine, OrderHold, PlacedOrder, PricedLine } from './order';
import { orderIssue, type OrderIssue } from './orders.errors';

// The events orders publishes, built from its state. Money stays Decimal end to end.

const issuesOf = (issues: readonly OrderIssue[]) => issues.map(({ code, message, field, lineNumber }) => ({ code, message, field, lineNumber }));

/** Asks inventory for every line; back-orders allowed when the charter's insufficient_stock policy is BACKORDER. */
export function buildStockReservationRequested(order: PlacedOrder, charter: Charter, requestedAt: Date): StockReservationRequested {
  return {
    orderId: order.orderId,
    lines: order.lines.map(({ lineNumber, sku, quantity }) => ({ lineNumber, sku, quantity })),
    shipToCountryCode: order.shipTo.countryCode,
    shipToRegion: order.shipTo.region,
    allowBackorder: charter.orderPolicies.insufficientStock === 'BACKORDER',
    requestedAt,
  };
}

export function buildStockReleaseRequested(orderId: string, reason: StockReleaseReason, requestedAt: Date): StockReleaseRequested {
  return { orderId, reason, requestedAt };
}

/** Asks the customers service to have the ERP create the order's new customer. */
export function buildCustomerCreationRequested(order: PlacedOrder, requestedAt: Date): CustomerCreationRequested {
  if (order.newCustomer === null) throw new Error(`order ${order.orderId} brings no new-customer details`);
  return {
    orderId: order.orderId,
    sourceSystem: order.sourceSystem,
    externalCustomerId: order.externalCustomerId,
    customer: { ...order.newCustomer, billingAddress: { ...order.newCustomer.billingAddress } },
    requestedAt,
  };
}

export function buildOrderRejected(order: PlacedOrder, issues: readonly OrderIssue[], rejectedAt: Date, charterVersion: string): OrderRejected {
  return {
    orderId: order.orderId,
    externalOrderId: order.externalOrderId,
    sourceSystem: order.sourceSystem,
    channel: order.channel,
    issues: issuesOf(issues),
    rejectedAt,
    charterVersion,
  };
}

export function buildOrderHeld(order: PlacedOrder, hold: OrderHold, charterVersion: string): OrderHeld {
  return {
    orderId: order.orderId,
    externalOrderId: order.externalOrderId,
    sourceSystem: order.sourceSystem,
    channel: order.channel,
    reason: hold.reason,
    issues: issuesOf(hold.issues),
    ownerTeam: hold.ownerTeam,
    reviewDeadline: hold.reviewDeadline,
    heldAt: hold.heldAt,
    charterVersion,
  };
}

/**
 * Joins the priced lines with inventory's reservation: per line the back-ordered quantity, where the
 * reserved stock is shipped from, and the amount (governed unit price × ordered quantity); the issue
 * instead when the reservation does not answer the order's lines.
 */
export function fulfilLines(lines: readonly PricedLine[], reserved: StockReserved): { lines: FulfilledLine[] } | { issue: OrderIssue } {
  const byLine = new Map(reserved.lines.map((line) => [line.lineNumber, line]));
  const fulfilled: FulfilledLine[] = [];
  for (const line of lines) {
    const reservedLine = byLine.get(line.lineNumber);
    if (reservedLine === undefined || reservedLine.sku !== line.sku || reservedLine.requestedQuantity !== line.quantity) {
      return {
        issue: orderIssue(
          'ORDERS.RESERVATION_MISMATCH',
          `reservation ${reserved.reservationId} does not answer line ${line.lineNumber} (${line.quantity} of ${line.sku}) of order ${reserved.orderId}`,
          { field: 'lines', lineNumber: line.lineNumber },
        ),
      };
    }
    fulfilled.push({
      ...line,
      backorderedQuantity: reservedLine.backorderedQuantity,
      allocations: reservedLine.allocations.map((allocation) => ({ ...allocation })),
      lineAmount: line.unitPrice.times(line.quantity),
    });
  }
  return { lines: fulfilled };
}

/** The order sum: the line amounts added exactly. */
export function orderTotal(lines: readonly FulfilledLine[]): Decimal {
  return lines.reduce((total, line) => total.plus(line.lineAmount), new Decimal(0));
}

/** The ERP-ready order: ERP customer id, governed prices, routed allocations, exact totals. */
export function buildOrderAccepted(
  order: PlacedOrder,
  customer: { readonly customerId: string; readonly erpCustomerId: string },
  lines: readonly FulfilledLine[],
  acceptedAt: Date,
  charterVersion: string,
): OrderAccepted {
  if (order.requestedDeliveryDate === null) throw new Error(`order ${order.orderId} has no delivery date and cannot be accepted`);
  return {
    orderId: order.orderId,
    externalOrderId: order.externalOrderId,
    sourceSystem: order.sourceSystem,
    channel: order.channel,
    customerId: customer.customerId,
    erpCustomerId: customer.erpCustomerId,
    lines: lines.map((line) => ({
      lineNumber: line.lineNumber,
      sku: line.sku,
      quantity: line.quantity,
      backorderedQuantity: line.backorderedQuantity,
      unitPrice: line.unitPrice,
      shownUnitPrice: line.shownUnitPrice,
      appliedPriceType: line.appliedPriceType,
      lineAmount: line.lineAmount,
      allocations: line.allocations.map((allocation) => ({ ...allocation })),
    })),
    currency: order.currency,
    totalAmount: orderTotal(lines),
    requestedDeliveryDate: order.requestedDeliveryDate,
    shipTo: { ...order.shipTo },
    purchaseOrderNumber: order.purchaseOrderNumber,
    placedAt: order.placedAt,
    acceptedAt,
    charterVersion,
  };
}

export function buildOrderCancellationRequested(
  order: PlacedOrder & { readonly erpOrderNumber: string | null },
  cancellation: { readonly reason: string; readonly cancelledAt: Date },
  requestedAt: Date,
): OrderCancellationRequested {
  return {
    orderId: order.orderId,
    externalOrderId: order.externalOrderId,
    erpOrderNumber: order.erpOrderNumber,
    reason: cancellation.reason,
    cancelledAt: cancellation.cancelledAt,
    requestedAt,
  };
}
