import Decimal from 'decimal.js';
import { BENCH_LOCATION, BENCH_STOCK, benchCatalog, benchCustomers, benchOrders, customerChanged, dateAfter, referenceData, skusForOrders } from './order-load';

const now = new Date('2026-11-27T12:00:00Z');

describe('the orders benchmark load', () => {
  it('numbers storefront customers so that the charter maps each to its ERP id', () => {
    const customers = benchCustomers(41_000_000_000, 3);
    expect(customers.map((customer) => [customer.externalCustomerId, customer.erpCustomerId])).toEqual([
      ['41000000000', 'C41000000000'],
      ['41000000001', 'C41000000001'],
      ['41000000002', 'C41000000002'],
    ]);
    expect(new Set(customers.map((customer) => customer.customerId)).size).toBe(3);
    expect(() => benchCustomers(999_999_999_999, 2)).toThrow('at most 12 digits');
  });

  it('makes a known customer a golden record with its storefront and ERP cross-references', () => {
    const [customer] = benchCustomers(123, 1);
    expect(customerChanged(customer, now)).toMatchObject({
      customerId: customer.customerId,
      crossReferences: [
        { sourceSystem: 'ECOMMERCE', externalId: '123' },
        { sourceSystem: 'ERP', externalId: 'C123' },
      ],
      accountStatus: 'ACTIVE',
      changedAt: now,
    });
  });

  it('gives a phase one SKU per ten order lines, never fewer than an order has lines', () => {
    expect(skusForOrders(10_000, 2)).toBe(2000);
    expect(skusForOrders(1001, 1)).toBe(101);
    expect(skusForOrders(5, 4)).toBe(4);
  });

  it('publishes every SKU as an ACTIVE product with a LIST price in EUR and plenty of WMS stock at DC-EAST', () => {
    const catalog = benchCatalog('B-', 2);
    expect(catalog).toEqual([
      { sku: 'B-00001', unitPrice: new Decimal('10') },
      { sku: 'B-00002', unitPrice: new Decimal('10.25') },
    ]);
    const { products, prices, stock } = referenceData(catalog, now);
    expect(products.map((product) => [product.sku, product.status, product.changedAt])).toEqual([
      ['B-00001', 'ACTIVE', now],
      ['B-00002', 'ACTIVE', now],
    ]);
    expect(prices[1]).toMatchObject({ sku: 'B-00002', priceType: 'LIST', currency: 'EUR', validFrom: null, validTo: null });
    expect(prices[1].amount.equals('10.25')).toBe(true);
    expect(new Set(prices.map((price) => price.priceChangeId)).size).toBe(2);
    expect(stock[0]).toEqual({
      sourceSystem: 'WMS',
      sku: 'B-00001',
      locationId: BENCH_LOCATION,
      kind: 'SNAPSHOT',
      adjustmentReason: null,
      quantity: BENCH_STOCK,
      sourceSequence: 1,
      occurredAt: now,
      reference: 'BENCH-COUNT',
    });
  });

  it('places valid orders: unique ids, customers in turn, distinct SKUs per order at the governed price, a delivery date ahead', () => {
    const catalog = benchCatalog('B-', 5);
    const customers = benchCustomers(500, 2);
    const orders = benchOrders({ prefix: 'WEB-', count: 4, catalog, customers, linesPerOrder: 2, now });
    expect(orders.map((order) => order.externalOrderId)).toEqual(['WEB-000001', 'WEB-000002', 'WEB-000003', 'WEB-000004']);
    expect(orders.map((order) => order.customer.externalCustomerId)).toEqual(['500', '501', '500', '501']);
    expect(orders.map((order) => order.lines.map((line) => line.sku))).toEqual([
      ['B-00001', 'B-00002'],
      ['B-00003', 'B-00004'],
      ['B-00005', 'B-00001'],
      ['B-00002', 'B-00003'],
    ]);
    for (const order of orders) {
      expect(order).toMatchObject({ sourceSystem: 'ECOMMERCE', currency: 'EUR', requestedDeliveryDate: '2026-12-11', placedAt: now, shipTo: { region: 'US-EAST', countryCode: 'US' } });
      expect(order.customer.newCustomer).toBeNull();
      order.lines.forEach((line, index) => {
        expect(line.lineNumber).toBe(index + 1);
        expect(line.quantity).toBeGreaterThanOrEqual(1);
        expect(line.quantity).toBeLessThanOrEqual(3);
        expect(line.shownUnitPrice.equals(catalog.find((entry) => entry.sku === line.sku)!.unitPrice)).toBe(true);
      });
    }
  });

  it('refuses orders that would name a SKU twice or have no customer', () => {
    expect(() => benchOrders({ prefix: 'W-', count: 1, catalog: benchCatalog('B-', 1), customers: benchCustomers(1, 1), linesPerOrder: 2, now })).toThrow('needs at least 2 SKUs');
    expect(() => benchOrders({ prefix: 'W-', count: 1, catalog: benchCatalog('B-', 2), customers: [], linesPerOrder: 2, now })).toThrow('at least one customer');
  });

  it('counts delivery dates in UTC calendar days', () => {
    expect(dateAfter(new Date('2026-12-31T23:30:00Z'), 1)).toBe('2027-01-01');
  });
});
