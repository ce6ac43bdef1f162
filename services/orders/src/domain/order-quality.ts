import type { ProductStatus } from '@concord/contracts';
import type { Charter, QualityViolation } from '@concord/governance';
import type { PlacedOrder } from './order';
import { orderIssue, type OrderIssue } from './orders.errors';

/** What the product read model knows of a SKU. */
export interface ProductFacts {
  readonly sku: string;
  readonly status: ProductStatus;
}

/**
 * An order's quality, split by what follows from it:
 * - `rejections`: the order can never be fulfilled as placed (a line without a SKU, an unknown or
 *   inactive SKU, a quantity <= 0) → REJECTED with every offending line;
 * - `missingData`: data a person can supply or correct (no delivery date, no lines, no customer,
 *   an unusable ship-to) → HELD for review.
 */
export interface OrderQuality {
  readonly rejections: readonly OrderIssue[];
  readonly missingData: readonly OrderIssue[];
}

// The charter names order fields in its own snake_case vocabulary; issues name the event's fields.
const EVENT_FIELD: Readonly<Record<string, string>> = {
  customer_id: 'customer.externalCustomerId',
  delivery_date: 'requestedDeliveryDate',
  lines: 'lines',
  ship_to: 'shipTo',
  currency: 'currency',
  channel: 'channel',
  purchase_order_number: 'purchaseOrderNumber',
  placed_at: 'placedAt',
};

/**
 * Checks an order against the charter's order standard (quality.order: required fields and the
 * checks lines_have_sku, positive_quantities, valid_delivery_date) and every SKU against the product
 * read model (known and ACTIVE).
 */
export function checkOrderQuality(order: PlacedOrder, products: ReadonlyMap<string, ProductFacts>, charter: Charter): OrderQuality {
  const rejections: OrderIssue[] = [];
  const missingData: OrderIssue[] = [];
  const violations = charter.checkRequiredFields('order', {
    customer_id: order.externalCustomerId,
    lines: order.lines.map(({ sku, quantity }) => ({ sku, quantity })),
    delivery_date: order.requestedDeliveryDate,
    ship_to: order.shipTo,
    currency: order.currency,
    channel: order.channel,
    purchase_order_number: order.purchaseOrderNumber,
    placed_at: order.placedAt,
  });
  for (const violation of violations) {
    const issue = issueFor(violation, order);
    (violation.code === 'MISSING_LINE_SKU' || violation.code === 'NON_POSITIVE_QUANTITY' ? rejections : missingData).push(issue);
  }

  order.lines.forEach((line, index) => {
    if (line.sku.trim() === '') return; // reported by lines_have_sku
    const product = products.get(line.sku);
    const where = { field: `lines[${index}].sku`, lineNumber: line.lineNumber };
    if (product === undefined) {
      rejections.push(orderIssue('ORDERS.UNKNOWN_SKU', `line ${line.lineNumber}: SKU ${line.sku} is not in the product master`, where));
    } else if (product.status !== 'ACTIVE') {
      rejections.push(orderIssue('ORDERS.INACTIVE_SKU', `line ${line.lineNumber}: SKU ${line.sku} is ${product.status}, not ACTIVE`, where));
    }
  });

  if (!/^[A-Z]{2}$/.test(order.shipTo.countryCode)) {
    missingData.push(
      orderIssue('ORDERS.INVALID_SHIP_TO', `the ship-to country "${order.shipTo.countryCode}" is not an ISO 3166-1 alpha-2 code; the order cannot be routed`, {
        field: 'shipTo.countryCode',
      }),
    );
  }
  return { rejections: byLine(rejections), missingData };
}

function issueFor(violation: QualityViolation, order: PlacedOrder): OrderIssue {
  const line = /^lines\[(\d+)\]/.exec(violation.field);
  const lineNumber = line ? order.lines[Number(line[1])]?.lineNumber : undefined;
  const field = line ? violation.field : (EVENT_FIELD[violation.field] ?? violation.field);
  const where = lineNumber === undefined ? { field } : { field, lineNumber };
  switch (violation.code) {
    case 'MISSING_LINE_SKU':
      return orderIssue('ORDERS.MISSING_LINE_SKU', `line ${lineNumber}: ${violation.message}`, where);
    case 'NON_POSITIVE_QUANTITY':
      return orderIssue('ORDERS.NON_POSITIVE_QUANTITY', `line ${lineNumber}: ${violation.message}`, where);
    case 'INVALID_DELIVERY_DATE':
      return orderIssue('ORDERS.INVALID_DELIVERY_DATE', violation.message, where);
    default:
      return orderIssue('ORDERS.MISSING_REQUIRED_FIELD', `${field} is required by the charter's order standard`, where);
  }
}

/** Issues in line order (charter violations first per line, then SKU checks), order-level ones last. */
function byLine(issues: OrderIssue[]): OrderIssue[] {
  return issues
    .map((issue, index) => ({ issue, index }))
    .sort((a, b) => (a.issue.lineNumber ?? Number.MAX_SAFE_INTEGER) - (b.issue.lineNumber ?? Number.MAX_SAFE_INTEGER) || a.index - b.index)
    .map(({ issue }) => issue);
}
