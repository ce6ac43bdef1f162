import { loadCharter } from '@concord/governance';
import { resolveCharterPath } from '@concord/service-runtime';
import { simulatedSku } from '../config/simulator-settings';
import { ProductRange, uuidFromName } from './product-range';
import { knownCustomerUpserts, priceChangedEvents, productChangedEvents, type ReferenceDataStamp } from './reference-data-events';

const charter = loadCharter(resolveCharterPath(undefined));
const now = new Date('2026-11-26T10:00:00Z');
const skus = Array.from({ length: 1000 }, (_, i) => simulatedSku('SKU-', i + 1));

function range(overrides: Partial<ConstructorParameters<typeof ProductRange>[0]> = {}) {
  return new ProductRange({
    skus,
    seed: 9,
    inactiveShare: 0.03,
    specialPriceShare: 0.02,
    customerCount: 50,
    erpCustomerIdOf: (id) => {
      const mapping = charter.customerIds.erpCustomerIdFor('ECOMMERCE', id);
      if (!mapping.mapped) throw new Error(mapping.reason);
      return mapping.erpCustomerId;
    },
    currency: 'USD',
    now,
    ...overrides,
  });
}

const stamp = (refresh = false): ReferenceDataStamp => ({ now, charterVersion: charter.version, version: 42, priceTypeOwner: (t) => charter.priceTypeOwner(t), refresh });

describe('ProductRange', () => {
  it('is the same for the same seed', () => {
    expect(range().products).toEqual(range().products);
    expect(range().specialPrices).toEqual(range().specialPrices);
  });

  it('holds exactly the configured share of INACTIVE SKUs, and at least one', () => {
    expect(range().inactiveSkus).toHaveLength(30);
    expect(range({ skus: skus.slice(0, 5) }).inactiveSkus).toHaveLength(1);
    expect(range({ inactiveShare: 0 }).inactiveSkus).toEqual([]);
  });

  it('sells only active SKUs whose governed price is their LIST price', () => {
    const r = range();
    const special = new Set(r.specialPrices.map((p) => p.sku));
    expect(r.sellableSkus).toHaveLength(1000 - 30 - special.size);
    for (const sku of r.sellableSkus) {
      expect(r.product(sku)?.status).toBe('ACTIVE');
      expect(special.has(sku)).toBe(false);
    }
  });

  it('prices every SKU in cents from 5.00 to 500.00, above its cost', () => {
    for (const p of range().products) {
      expect(p.listPrice.decimalPlaces()).toBeLessThanOrEqual(2);
      expect(p.listPrice.greaterThanOrEqualTo(5)).toBe(true);
      expect(p.listPrice.lessThanOrEqualTo(500)).toBe(true);
      expect(p.cost.lessThan(p.listPrice)).toBe(true);
    }
  });

  it('gives a few SKUs a PROMO, CONTRACT or VOLUME_TIER price with its scope, below LIST', () => {
    const r = range();
    expect(new Set(r.specialPrices.map((p) => p.priceType))).toEqual(new Set(['PROMO', 'CONTRACT', 'VOLUME_TIER']));
    for (const price of r.specialPrices) {
      expect(price.amount.lessThan(r.listPrice(price.sku))).toBe(true);
      if (price.priceType === 'PROMO') expect(price.scope).toMatchObject({ channel: 'webshop', minQuantity: null, customerId: null });
      if (price.priceType === 'CONTRACT') expect(price.scope.customerId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      if (price.priceType === 'VOLUME_TIER') expect([10, 50]).toContain(price.scope.minQuantity);
    }
  });

  it('knows the same customers whatever the seed, so simulators sharing a stack agree on them', () => {
    expect(range({ seed: 1 }).customers).toEqual(range({ seed: 2 }).customers);
  });

  it('knows customers "1" … "n" by the ERP ids the charter maps them to', () => {
    const r = range();
    expect(r.customers.map((c) => [c.storefrontId, c.erpId]).slice(0, 3)).toEqual([['1', 'C1'], ['2', 'C2'], ['3', 'C3']]);
    for (const c of r.customers) expect(charter.postalCodeMatches(c.billingAddress.countryCode, c.billingAddress.postalCode)).toBe(true);
  });
});

describe('the reference data events', () => {
  it('publish every SKU as ProductChanged: complete, ACTIVE and publishable to the webshop, or INACTIVE and publishable nowhere', () => {
    const r = range();
    const events = productChangedEvents(r, stamp());
    expect(events).toHaveLength(1000);
    for (const event of events) {
      expect(event).toMatchObject({ version: 42, changedAt: now, charterVersion: charter.version, completeness: { erpComplete: true, pimComplete: true } });
      expect(event.completeness.publishableChannels).toEqual(event.status === 'ACTIVE' ? ['webshop'] : []);
      expect(charter.checkRequiredFields('product', {
        sku: event.sku, name: event.name, category: event.category, unit_of_measure: event.unitOfMeasure, cost: event.costAmount, supplier: event.supplierId, gl_account: event.glAccount,
      })).toEqual([]);
    }
    expect(events.filter((e) => e.status === 'INACTIVE').map((e) => e.sku)).toEqual(r.inactiveSkus);
  });

  it('publish a LIST price per SKU and the special prices, each from the owner of its price type', () => {
    const r = range();
    const events = priceChangedEvents(r, stamp());
    expect(events.filter((e) => e.priceType === 'LIST')).toHaveLength(1000);
    expect(events).toHaveLength(1000 + r.specialPrices.length);
    for (const event of events) {
      expect(event.sourceSystem).toBe(charter.priceTypeOwner(event.priceType as 'LIST'));
      expect(event).toMatchObject({ currency: 'USD', previousAmount: null, belowCost: false, changedBy: 'simulator/pricing-standin' });
    }
    expect(new Set(events.map((e) => e.priceChangeId)).size).toBe(events.length);
  });

  it('republish the same amounts on a refresh, each replacing itself', () => {
    for (const event of priceChangedEvents(range(), stamp(true))) expect(event.previousAmount?.equals(event.amount)).toBe(true);
  });

  it('publish the known customers as the ERP sends them, with what the customer quality standard requires', () => {
    const r = range();
    const upserts = knownCustomerUpserts(r, now);
    expect(upserts).toHaveLength(50);
    expect(upserts[0]).toMatchObject({ sourceSystem: 'ERP', externalId: 'C1', customerId: null, syncRequestId: null, accountStatus: 'ACTIVE', currency: 'USD', updatedAt: now });
    for (const upsert of upserts) {
      expect(upsert.creditLimitAmount?.greaterThan(0)).toBe(true);
      expect(upsert.taxId).toBeTruthy();
      expect(upsert.contacts?.[0]).toMatchObject({ primary: true, email: expect.stringMatching(/^[^@\s]+@[^@\s]+\.[a-z]+$/) });
    }
  });

  it('derive UUIDs from names: the same name, the same id', () => {
    expect(uuidFromName('ERP:C1')).toBe(uuidFromName('ERP:C1'));
    expect(uuidFromName('ERP:C1')).not.toBe(uuidFromName('ERP:C2'));
  });
});
