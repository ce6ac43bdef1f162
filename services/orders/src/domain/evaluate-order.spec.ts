import { aNewCustomerDetails, aPlacedOrderLine } from '@concord/contracts';
import { aCustomer, aPlacedOrder, aPricePoint, charter, holdingCharter, money, NOW, productsOf } from './__fixtures__/order-fixtures';
import { resolveCustomer, type CustomerResolution } from './customer-resolution';
import { evaluateOrder, type OrderEvaluation, type OrderEvaluationInput } from './evaluate-order';
import type { PlacedOrder } from './order';
import type { PricePoint } from './price-resolution';

const HOUR = 3_600_000;
const known = resolveCustomer({ sourceSystem: 'ECOMMERCE', externalCustomerId: '123' }, [aCustomer()], charter);
const unknown: CustomerResolution = { kind: 'unknown', expectedErpCustomerId: 'C123' };

function evaluate(order: PlacedOrder, overrides: Partial<OrderEvaluationInput> & { prices?: PricePoint[] } = {}): OrderEvaluation {
  const prices = overrides.prices ?? [aPricePoint({ sku: 'SKU-1' }), aPricePoint({ sku: 'SKU-2', amount: money('5.00') })];
  return evaluateOrder({
    order,
    products: productsOf(['SKU-1'], ['SKU-2']),
    customer: known,
    pricesOf: (sku) => prices.filter((price) => price.sku === sku),
    charter,
    now: NOW,
    customerWaitMs: 15 * 60_000,
    ...overrides,
  });
}

const twoLines = (first: Partial<Parameters<typeof aPlacedOrderLine>[0]> = {}, second: Partial<Parameters<typeof aPlacedOrderLine>[0]> = {}) => [
  aPlacedOrderLine({ lineNumber: 1, sku: 'SKU-1', quantity: 4, shownUnitPrice: money('19.99'), ...first }),
  aPlacedOrderLine({ lineNumber: 2, sku: 'SKU-2', quantity: 1, shownUnitPrice: money('5.00'), ...second }),
];

describe('judging an order against the charter and the read models', () => {
  describe('when it is valid, its customer known and every line priced', () => {
    it('goes to inventory at the governed prices with both customer ids', () => {
      const evaluation = evaluate(aPlacedOrder({ lines: twoLines() }));
      expect(evaluation).toMatchObject({ kind: 'reserve', customerId: known.kind === 'known' ? known.customerId : '', erpCustomerId: 'C123', conflicts: [] });
      if (evaluation.kind !== 'reserve') return;
      expect(evaluation.lines.map((line) => [line.lineNumber, line.unitPrice.toFixed(2), line.appliedPriceType])).toEqual([
        [1, '19.99', 'LIST'],
        [2, '5.00', 'LIST'],
      ]);
    });
  });

  describe('rejections: the order can never be fulfilled as placed', () => {
    it('rejects an unknown SKU and an inactive one, naming every offending line', () => {
      const order = aPlacedOrder({ lines: [...twoLines({ sku: 'SKU-404' }, { sku: 'SKU-OLD' }), aPlacedOrderLine({ lineNumber: 3, sku: 'SKU-1' })] });
      expect(evaluate(order, { products: productsOf(['SKU-1'], ['SKU-OLD', 'DISCONTINUED']) })).toEqual({
        kind: 'reject',
        issues: [
          { code: 'ORDERS.UNKNOWN_SKU', message: 'line 1: SKU SKU-404 is not in the product master', field: 'lines[0].sku', lineNumber: 1 },
          { code: 'ORDERS.INACTIVE_SKU', message: 'line 2: SKU SKU-OLD is DISCONTINUED, not ACTIVE', field: 'lines[1].sku', lineNumber: 2 },
        ],
      });
    });

    it('rejects a quantity of 0 or less and a line without a SKU (charter checks positive_quantities, lines_have_sku)', () => {
      const evaluation = evaluate(aPlacedOrder({ lines: twoLines({ quantity: 0 }, { sku: ' ' }) }));
      expect(evaluation).toEqual({
        kind: 'reject',
        issues: [
          { code: 'ORDERS.NON_POSITIVE_QUANTITY', message: 'line 1: quantity must be greater than 0 (got 0)', field: 'lines[0].quantity', lineNumber: 1 },
          { code: 'ORDERS.MISSING_LINE_SKU', message: 'line 2: the order line has no SKU', field: 'lines[1].sku', lineNumber: 2 },
        ],
      });
    });

    it('rejects before it holds: an unknown SKU wins over a missing delivery date', () => {
      expect(evaluate(aPlacedOrder({ requestedDeliveryDate: null, lines: twoLines({ sku: 'SKU-404' }) })).kind).toBe('reject');
    });
  });

  describe('missing data: held for review with the charter’s owner team and deadline', () => {
    it('holds an order without a delivery date (MISSING_REQUIRED_FIELD: one day)', () => {
      expect(evaluate(aPlacedOrder({ requestedDeliveryDate: null }))).toEqual({
        kind: 'hold',
        conflicts: [],
        hold: {
          reason: 'MISSING_DATA',
          issues: [
            {
              code: 'ORDERS.MISSING_REQUIRED_FIELD',
              message: "requestedDeliveryDate is required by the charter's order standard",
              field: 'requestedDeliveryDate',
              lineNumber: null,
            },
          ],
          ownerTeam: 'sales-ops',
          reviewDeadline: new Date(NOW.getTime() + 24 * HOUR),
          heldAt: NOW,
        },
      });
    });

    it('holds an order without lines or without a customer id, naming each field', () => {
      const evaluation = evaluate(aPlacedOrder({ lines: [], customer: { externalCustomerId: '', newCustomer: null } }));
      expect(evaluation.kind === 'hold' && evaluation.hold.issues.map((issue) => issue.field)).toEqual(['customer.externalCustomerId', 'lines']);
    });

    it('holds a line without a governed price, due by the charter default (two days)', () => {
      const evaluation = evaluate(aPlacedOrder({ lines: twoLines() }), { prices: [aPricePoint({ sku: 'SKU-1' })] });
      expect(evaluation).toMatchObject({
        kind: 'hold',
        hold: { reason: 'MISSING_DATA', issues: [{ code: 'ORDERS.NO_GOVERNED_PRICE', lineNumber: 2 }], reviewDeadline: new Date(NOW.getTime() + 48 * HOUR) },
      });
    });

    it('holds an order whose ship-to country cannot be routed', () => {
      const order = aPlacedOrder();
      expect(evaluate({ ...order, shipTo: { ...order.shipTo, countryCode: 'Germany' } })).toMatchObject({
        kind: 'hold',
        hold: { reason: 'MISSING_DATA', issues: [{ code: 'ORDERS.INVALID_SHIP_TO', field: 'shipTo.countryCode' }] },
      });
    });
  });

  describe('the customer', () => {
    it('holds an unknown customer without new-customer details (INVALID_CUSTOMER, UNKNOWN_CUSTOMER: four hours)', () => {
      expect(evaluate(aPlacedOrder(), { customer: unknown })).toMatchObject({
        kind: 'hold',
        hold: {
          reason: 'INVALID_CUSTOMER',
          issues: [{ code: 'ORDERS.UNKNOWN_CUSTOMER', message: 'ECOMMERCE customer 123 is not known to the ERP (as C123) and the order brings no new-customer details' }],
          ownerTeam: 'sales-ops',
          reviewDeadline: new Date(NOW.getTime() + 4 * HOUR),
        },
      });
    });

    it('waits for the ERP to create a new customer the order brings details of, until the configured deadline', () => {
      const order = aPlacedOrder({ customer: { externalCustomerId: '123', newCustomer: aNewCustomerDetails() } });
      const deadline = new Date(NOW.getTime() + 15 * 60_000);
      expect(evaluate(order, { customer: unknown })).toEqual({
        kind: 'await-customer',
        deadline,
        expectedErpCustomerId: 'C123',
        hold: {
          reason: 'AWAITING_CUSTOMER_CREATION',
          issues: [
            {
              code: 'ORDERS.AWAITING_CUSTOMER_CREATION',
              message: `customer 123 is new to the ERP; the order continues when the ERP id arrives (by ${deadline.toISOString()})`,
              field: 'customer.newCustomer',
              lineNumber: null,
            },
          ],
          ownerTeam: null,
          reviewDeadline: null,
          heldAt: NOW,
        },
      });
    });

    it('goes ahead with a known customer even when the order brings details', () => {
      expect(evaluate(aPlacedOrder({ customer: { externalCustomerId: '123', newCustomer: aNewCustomerDetails() } })).kind).toBe('reserve');
    });

    it('holds an order of an inactive or on-hold customer', () => {
      for (const accountStatus of ['INACTIVE', 'ON_HOLD'] as const) {
        const customer = resolveCustomer({ sourceSystem: 'ECOMMERCE', externalCustomerId: '123' }, [aCustomer({ accountStatus })], charter);
        expect(evaluate(aPlacedOrder(), { customer })).toMatchObject({
          kind: 'hold',
          hold: { reason: 'INVALID_CUSTOMER', issues: [{ code: accountStatus === 'INACTIVE' ? 'ORDERS.CUSTOMER_INACTIVE' : 'ORDERS.CUSTOMER_ON_HOLD' }] },
        });
      }
    });
  });

  describe('a shown price off by more than the tolerance', () => {
    const mispriced = aPlacedOrder({ lines: twoLines({ shownUnitPrice: money('15.00') }) });

    it('is accepted at the governed price and reported as a conflict under ACCEPT_GOVERNED_PRICE', () => {
      const evaluation = evaluate(mispriced);
      expect(evaluation).toMatchObject({ kind: 'reserve', conflicts: [{ lineNumber: 1, sku: 'SKU-1' }] });
      expect(evaluation.kind === 'reserve' && evaluation.lines[0].unitPrice.toFixed(2)).toBe('19.99');
    });

    it('is held (PRICE_MISMATCH: four hours) under HOLD, unless a reviewer releases it', () => {
      expect(evaluate(mispriced, { charter: holdingCharter })).toMatchObject({
        kind: 'hold',
        hold: { reason: 'PRICE_MISMATCH', reviewDeadline: new Date(NOW.getTime() + 4 * HOUR) },
        conflicts: [{ lineNumber: 1 }],
      });
      expect(evaluate(mispriced, { charter: holdingCharter, reviewerRelease: true }).kind).toBe('reserve');
    });
  });
});
