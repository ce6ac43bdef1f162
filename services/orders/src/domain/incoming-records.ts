import type {
  CustomerChanged,
  OrderCancelled,
  OrderPlaced,
  OrderPostedToErp,
  OrderReturned,
  OrderShipped,
  PriceChanged,
  ProductChanged,
  SourceSystem,
  StockReservationRejected,
  StockReserved,
} from '@concord/contracts';
import { orderIssue, type OrderIssue } from './orders.errors';

// Structural checks of what orders consumes: a record that fails one can never take effect as it is
// and is dead-lettered at once (quarantine). Business outcomes — an unknown SKU, a missing delivery
// date, a new customer — are not checked here: they become OrderRejected / OrderHeld events.

const ORDER_SOURCES: readonly SourceSystem[] = ['ECOMMERCE', 'CRM'];
const CURRENCY = /^[A-Z]{3}$/;

const blank = (value: string | null | undefined) => value === null || value === undefined || value.trim() === '';

function expectSource(actual: SourceSystem, allowed: readonly SourceSystem[], what: string): OrderIssue[] {
  return allowed.includes(actual)
    ? []
    : [orderIssue('ORDERS.UNEXPECTED_SOURCE_SYSTEM', `${what} comes from ${allowed.join(' or ')}, not ${actual}`, { field: 'sourceSystem' })];
}

/** What makes an OrderPlaced impossible to take in (it could not even be rejected or held by its id). */
export function validateOrderPlaced(order: OrderPlaced): OrderIssue[] {
  const issues = [...expectSource(order.sourceSystem, ORDER_SOURCES, 'OrderPlaced')];
  if (blank(order.externalOrderId)) issues.push(orderIssue('ORDERS.MISSING_EXTERNAL_ORDER_ID', 'the order has no external order id', { field: 'externalOrderId' }));
  if (!CURRENCY.test(order.currency)) {
    issues.push(orderIssue('ORDERS.INVALID_CURRENCY', `"${order.currency}" is not an ISO 4217 currency code (three upper-case letters)`, { field: 'currency' }));
  }
  const seen = new Set<number>();
  order.lines.forEach((line, index) => {
    const where = { field: `lines[${index}].lineNumber`, lineNumber: line.lineNumber };
    if (!Number.isSafeInteger(line.lineNumber) || line.lineNumber < 1) {
      issues.push(orderIssue('ORDERS.INVALID_LINE_NUMBER', `line numbers start at 1 (got ${line.lineNumber})`, where));
    } else if (seen.has(line.lineNumber)) {
      issues.push(orderIssue('ORDERS.DUPLICATE_LINE_NUMBER', `line number ${line.lineNumber} appears more than once`, where));
    }
    seen.add(line.lineNumber);
    if (line.shownUnitPrice.isNegative()) {
      issues.push(
        orderIssue('ORDERS.NEGATIVE_SHOWN_PRICE', `line ${line.lineNumber} shows a negative unit price (${line.shownUnitPrice.toFixed()})`, {
          field: `lines[${index}].shownUnitPrice`,
          lineNumber: line.lineNumber,
        }),
      );
    }
  });
  return issues;
}

export function validateOrderCancelled(cancellation: OrderCancelled): OrderIssue[] {
  const issues = expectSource(cancellation.sourceSystem, ORDER_SOURCES, 'OrderCancelled');
  if (blank(cancellation.externalOrderId)) issues.push(orderIssue('ORDERS.MISSING_EXTERNAL_ORDER_ID', 'the cancellation names no external order id', { field: 'externalOrderId' }));
  return issues;
}

export function validateOrderPostedToErp(posting: OrderPostedToErp): OrderIssue[] {
  const issues = expectSource(posting.sourceSystem, ['ERP'], 'OrderPostedToErp');
  if (blank(posting.erpOrderNumber)) issues.push(orderIssue('ORDERS.MISSING_ERP_ORDER_NUMBER', 'the posting carries no ERP order number', { field: 'erpOrderNumber' }));
  return issues;
}

function validateMovement(
  what: 'OrderShipped' | 'OrderReturned',
  movement: { sourceSystem: SourceSystem; lines: ReadonlyArray<{ sku: string; quantity: number }> },
  id: string,
  idField: string,
): OrderIssue[] {
  const issues = expectSource(movement.sourceSystem, ['WMS'], what);
  if (blank(id)) issues.push(orderIssue('ORDERS.MISSING_MOVEMENT_ID', `${what} has no ${idField}`, { field: idField }));
  if (movement.lines.length === 0) issues.push(orderIssue('ORDERS.EMPTY_MOVEMENT', `${what} lists no lines`, { field: 'lines' }));
  movement.lines.forEach((line, index) => {
    if (blank(line.sku)) issues.push(orderIssue('ORDERS.MISSING_SKU', `line ${index + 1} has no SKU`, { field: `lines[${index}].sku` }));
    if (!Number.isSafeInteger(line.quantity) || line.quantity <= 0) {
      issues.push(orderIssue('ORDERS.INVALID_QUANTITY', `quantity must be a whole number > 0 (got ${line.quantity})`, { field: `lines[${index}].quantity` }));
    }
  });
  return issues;
}

export function validateOrderShipped(shipment: OrderShipped): OrderIssue[] {
  return validateMovement('OrderShipped', shipment, shipment.shipmentId, 'shipmentId');
}

export function validateOrderReturned(orderReturn: OrderReturned): OrderIssue[] {
  return validateMovement('OrderReturned', orderReturn, orderReturn.returnId, 'returnId');
}

export function validateStockReserved(reserved: StockReserved): OrderIssue[] {
  const issues: OrderIssue[] = [];
  reserved.lines.forEach((line, index) => {
    const held = line.allocations.reduce((total, allocation) => total + allocation.quantity, 0);
    if (held !== line.reservedQuantity || line.reservedQuantity + line.backorderedQuantity !== line.requestedQuantity) {
      issues.push(
        orderIssue(
          'ORDERS.RESERVATION_MISMATCH',
          `line ${line.lineNumber}: ${line.requestedQuantity} requested must equal ${line.reservedQuantity} reserved (allocated ${held}) plus ${line.backorderedQuantity} back-ordered`,
          { field: `lines[${index}]`, lineNumber: line.lineNumber },
        ),
      );
    }
  });
  return issues;
}

export function validateStockReservationRejected(rejection: StockReservationRejected): OrderIssue[] {
  const issues: OrderIssue[] = [];
  rejection.shortfalls.forEach((shortfall, index) => {
    if (shortfall.availableQuantity < 0 || shortfall.availableQuantity >= shortfall.requestedQuantity) {
      issues.push(
        orderIssue('ORDERS.RESERVATION_MISMATCH', `line ${shortfall.lineNumber}: a shortfall needs 0 <= available (${shortfall.availableQuantity}) < requested (${shortfall.requestedQuantity})`, {
          field: `shortfalls[${index}]`,
          lineNumber: shortfall.lineNumber,
        }),
      );
    }
  });
  return issues;
}

export function validateProductChanged(product: ProductChanged): OrderIssue[] {
  const issues: OrderIssue[] = [];
  if (blank(product.sku)) issues.push(orderIssue('ORDERS.MISSING_SKU', 'ProductChanged names no SKU', { field: 'sku' }));
  if (!Number.isSafeInteger(product.version) || product.version < 0) issues.push(orderIssue('ORDERS.INVALID_VERSION', `version must be a whole number >= 0 (got ${product.version})`, { field: 'version' }));
  return issues;
}

export function validateCustomerChanged(customer: CustomerChanged): OrderIssue[] {
  const issues: OrderIssue[] = [];
  if (!Number.isSafeInteger(customer.version) || customer.version < 0) issues.push(orderIssue('ORDERS.INVALID_VERSION', `version must be a whole number >= 0 (got ${customer.version})`, { field: 'version' }));
  customer.crossReferences.forEach((reference, index) => {
    if (blank(reference.externalId)) {
      issues.push(orderIssue('ORDERS.MISSING_CROSS_REFERENCE', `the ${reference.sourceSystem} cross-reference has no id`, { field: `crossReferences[${index}].externalId` }));
    }
  });
  return issues;
}

export function validatePriceChanged(price: PriceChanged): OrderIssue[] {
  const issues: OrderIssue[] = [];
  if (blank(price.sku)) issues.push(orderIssue('ORDERS.MISSING_SKU', 'PriceChanged names no SKU', { field: 'sku' }));
  if (!CURRENCY.test(price.currency)) issues.push(orderIssue('ORDERS.INVALID_CURRENCY', `"${price.currency}" is not an ISO 4217 currency code`, { field: 'currency' }));
  if (!price.amount.isPositive() || price.amount.isZero()) issues.push(orderIssue('ORDERS.INVALID_PRICE', `a price must be > 0 (got ${price.amount.toFixed()})`, { field: 'amount' }));
  if (price.validFrom !== null && price.validTo !== null && price.validTo.getTime() <= price.validFrom.getTime()) {
    issues.push(orderIssue('ORDERS.INVALID_VALIDITY', `validTo ${price.validTo.toISOString()} is not after validFrom ${price.validFrom.toISOString()}`, { field: 'validTo' }));
  }
  const { minQuantity } = price.scope;
  if (minQuantity !== null && (!Number.isSafeInteger(minQuantity) || minQuantity < 1)) {
    issues.push(orderIssue('ORDERS.INVALID_MIN_QUANTITY', `scope.minQuantity must be a whole number >= 1 (got ${minQuantity})`, { field: 'scope.minQuantity' }));
  }
  return issues;
}
