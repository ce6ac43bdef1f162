import { loadCharter } from '@concord/governance';
import { resolveCharterPath } from '@concord/service-runtime';
import { simulatedSku } from '../config/simulator-settings';
import { ProductRange } from '../reference-data/product-range';
import { BAD_ORDER_KINDS, ORDER_KINDS, OrderGenerator, type OrderKind, type OrderMix, type PlannedOrder } from './order-generator';

const charter = loadCharter(resolveCharterPath(undefined));
const now = new Date('2026-11-26T10:00:00Z');

function range(overrides: Partial<ConstructorParameters<typeof ProductRange>[0]> = {}) {
  return new ProductRange({
    skus: Array.from({ length: 400 }, (_, i) => simulatedSku('SKU-', i + 1)),
    seed: 3,
    inactiveShare: 0.05,
    specialPriceShare: 0.05,
    customerCount: 200,
    erpCustomerIdOf: (id) => `C${id}`,
    currency: 'USD',
    now,
    ...overrides,
  });
}

function generator(productRange = range(), seed = 11) {
  return new OrderGenerator(productRange, { seed, externalOrderIdPrefix: 'WEB-TEST-', channel: 'webshop', cancelDelayMs: { min: 1000, max: 5000 } });
}

function sample(count: number, mix: OrderMix, gen = generator()): PlannedOrder[] {
  return Array.from({ length: count }, () => gen.next(mix, now));
}

const allBad: OrderMix = { badShare: 1, newCustomerShare: 0, cancelShare: 0 };
const allGood: OrderMix = { badShare: 0, newCustomerShare: 0, cancelShare: 0 };

/** Every way an order breaks the order standard or the pricing, as the orders service would see it. */
function defectsOf(planned: PlannedOrder, productRange: ProductRange): string[] {
  const { order } = planned;
  const known = new Set(productRange.customers.map((c) => c.storefrontId));
  const inactive = new Set(productRange.inactiveSkus);
  const defects: string[] = [];
  for (const line of order.lines) {
    const product = productRange.product(line.sku);
    if (!product) defects.push('unknown-sku');
    else if (inactive.has(line.sku)) defects.push('inactive-sku');
    if (line.quantity <= 0) defects.push('zero-quantity');
    if (product && !line.shownUnitPrice.equals(product.listPrice)) defects.push('price-mismatch');
  }
  if (order.requestedDeliveryDate === null) defects.push('missing-delivery-date');
  if (!known.has(order.customer.externalCustomerId) && order.customer.newCustomer === null) defects.push('unknown-customer');
  return defects;
}

describe('OrderGenerator', () => {
  it('replays the same orders for the same seed', () => {
    const mix = { badShare: 0.3, newCustomerShare: 0.2, cancelShare: 0.2 };
    expect(sample(300, mix, generator(range(), 5))).toEqual(sample(300, mix, generator(range(), 5)));
  });

  it('numbers external order ids from the run prefix, never twice', () => {
    const orders = sample(2000, { badShare: 0.5, newCustomerShare: 0.2, cancelShare: 0 });
    const ids = orders.map((p) => p.order.externalOrderId);
    expect(new Set(ids).size).toBe(2000);
    expect(ids.slice(0, 3)).toEqual(['WEB-TEST-1', 'WEB-TEST-2', 'WEB-TEST-3']);
  });

  describe('a valid order', () => {
    const productRange = range();
    const orders = sample(500, allGood, generator(productRange));

    it('has no defect: a known customer, sellable SKUs at their LIST price, quantities above 0, a delivery date', () => {
      for (const planned of orders) {
        expect(planned.kind).toBe('valid');
        expect(defectsOf(planned, productRange)).toEqual([]);
        expect(planned.order.customer.newCustomer).toBeNull();
        for (const line of planned.order.lines) expect(productRange.sellableSkus).toContain(line.sku);
      }
    });

    it('is an ECOMMERCE order of 1 to 4 distinct lines numbered from 1, in the range currency', () => {
      for (const { order } of orders) {
        expect(order).toMatchObject({ sourceSystem: 'ECOMMERCE', channel: 'webshop', currency: 'USD', placedAt: now });
        expect(order.lines.length).toBeGreaterThanOrEqual(1);
        expect(order.lines.length).toBeLessThanOrEqual(4);
        expect(order.lines.map((l) => l.lineNumber)).toEqual(order.lines.map((_, i) => i + 1));
        expect(new Set(order.lines.map((l) => l.sku)).size).toBe(order.lines.length);
      }
    });

    it('asks for delivery 2 to 14 days out', () => {
      for (const { order } of orders) {
        const days = (Date.parse(`${order.requestedDeliveryDate}T00:00:00Z`) - Date.parse('2026-11-26T00:00:00Z')) / 86_400_000;
        expect(days).toBeGreaterThanOrEqual(2);
        expect(days).toBeLessThanOrEqual(14);
      }
    });

    it('ships to US and EU addresses whose postal codes match the charter, so routing varies', () => {
      const countries = new Set(orders.map(({ order }) => order.shipTo.countryCode));
      expect(countries).toContain('US');
      expect([...countries].some((c) => ['DE', 'NL', 'FR', 'BE', 'AT'].includes(c))).toBe(true);
      for (const { order } of orders) expect(charter.postalCodeMatches(order.shipTo.countryCode, order.shipTo.postalCode)).toBe(true);
      expect(new Set(orders.filter(({ order }) => order.shipTo.countryCode === 'US').map(({ order }) => order.shipTo.region)).size).toBeGreaterThan(5);
    });

    it('names a known customer by the storefront id the charter maps to the ERP id', () => {
      const erpIds = new Set(range().customers.map((c) => c.erpId));
      for (const { order } of orders) {
        const mapping = charter.customerIds.erpCustomerIdFor('ECOMMERCE', order.customer.externalCustomerId);
        expect(mapping.mapped && erpIds.has(mapping.erpCustomerId)).toBe(true);
      }
    });
  });

  describe('an order from a new customer', () => {
    const productRange = range();
    const orders = sample(300, { badShare: 0, newCustomerShare: 1, cancelShare: 0 }, generator(productRange));

    it('is otherwise valid and carries the details the ERP needs, under an id no known customer has', () => {
      const known = new Set(productRange.customers.map((c) => c.storefrontId));
      for (const planned of orders) {
        expect(planned.kind).toBe('new-customer');
        expect(defectsOf(planned, productRange)).toEqual([]);
        const { customer } = planned.order;
        expect(known.has(customer.externalCustomerId)).toBe(false);
        expect(charter.customerIds.erpCustomerIdFor('ECOMMERCE', customer.externalCustomerId).mapped).toBe(true);
        expect(customer.newCustomer).toMatchObject({ name: expect.any(String), email: expect.stringContaining('@'), taxId: expect.any(String) });
        expect(charter.postalCodeMatches(customer.newCustomer!.billingAddress.countryCode, customer.newCustomer!.billingAddress.postalCode)).toBe(true);
      }
      expect(new Set(orders.map((p) => p.order.customer.externalCustomerId)).size).toBe(orders.length);
    });
  });

  describe('a bad order', () => {
    const productRange = range();
    const orders = sample(3000, allBad, generator(productRange));

    it.each(BAD_ORDER_KINDS.map((kind) => [kind]))('of kind %s has exactly that one defect', (kind) => {
      const ofKind = orders.filter((p) => p.kind === kind);
      expect(ofKind.length).toBeGreaterThan(0);
      for (const planned of ofKind) expect(defectsOf(planned, productRange)).toEqual([kind]);
    });

    it('misprices by more than the charter tolerance', () => {
      const tolerance = charter.orderPolicies.priceMismatchTolerance;
      for (const { order } of orders.filter((p) => p.kind === 'price-mismatch')) {
        const differences = order.lines.map((line) => productRange.listPrice(line.sku).minus(line.shownUnitPrice).abs());
        expect(differences.filter((d) => d.greaterThan(tolerance))).toHaveLength(1);
      }
    });

    it('of kind unknown-customer names an id no one knows, outside the new-customer ids', () => {
      for (const { order } of orders.filter((p) => p.kind === 'unknown-customer')) {
        expect(Number(order.customer.externalCustomerId)).toBeGreaterThanOrEqual(500_000_000_000);
      }
    });

    it('without an inactive SKU in the range, spreads over the other kinds', () => {
      const gen = generator(range({ inactiveShare: 0 }));
      expect(gen.producibleBadKinds).not.toContain('inactive-sku');
      const kinds = new Set(sample(600, allBad, gen).map((p) => p.kind));
      expect([...kinds].sort()).toEqual(BAD_ORDER_KINDS.filter((k) => k !== 'inactive-sku').sort());
    });
  });

  describe('over a large sample', () => {
    const mix: OrderMix = { badShare: 0.05, newCustomerShare: 0.1, cancelShare: 0.03 };
    const orders = sample(60_000, mix);
    const count = (kind: OrderKind) => orders.filter((p) => p.kind === kind).length;
    const within = (actual: number, expected: number, relative: number) => {
      expect(actual).toBeGreaterThan(expected * (1 - relative));
      expect(actual).toBeLessThan(expected * (1 + relative));
    };

    it('honours the bad share, spread evenly over the bad kinds', () => {
      const bad = BAD_ORDER_KINDS.reduce((sum, kind) => sum + count(kind), 0);
      within(bad, 60_000 * 0.05, 0.1);
      for (const kind of BAD_ORDER_KINDS) within(count(kind), bad / BAD_ORDER_KINDS.length, 0.25);
    });

    it('honours the new-customer and cancel shares; the rest is valid', () => {
      within(count('new-customer'), 60_000 * 0.1, 0.08);
      within(orders.filter((p) => p.cancellation).length, 60_000 * 0.03, 0.12);
      expect(ORDER_KINDS.reduce((sum, kind) => sum + count(kind), 0)).toBe(60_000);
      within(count('valid'), 60_000 * 0.85, 0.03);
    });

    it('cancels within the configured delay, with a reason', () => {
      for (const { cancellation } of orders.filter((p) => p.cancellation)) {
        expect(cancellation!.afterMs).toBeGreaterThanOrEqual(1000);
        expect(cancellation!.afterMs).toBeLessThanOrEqual(5000);
        expect(cancellation!.reason).toMatch(/^[A-Z_]+$/);
      }
    });
  });
});
