import { aPricePoint, charter, CUSTOMER_ID, holdingCharter, money, NOW } from './__fixtures__/order-fixtures';
import type { PlacedLine } from './order';
import { priceOrderLines, resolveGovernedPrice, type PricePoint, type PricingContext } from './price-resolution';

const context: PricingContext = {
  sku: 'SKU-1',
  quantity: 10,
  currency: 'EUR',
  channel: 'webshop',
  customerId: CUSTOMER_ID,
  region: 'US-EAST',
  countryCode: 'US',
  at: NOW,
};

const priceOf = (points: PricePoint[], overrides: Partial<PricingContext> = {}) => {
  const price = resolveGovernedPrice(points, { ...context, ...overrides });
  return price && { amount: price.amount.toFixed(2), type: price.priceType };
};

describe('resolving the governed price of a line', () => {
  const list = aPricePoint({ amount: money('20.00') });
  const regional = aPricePoint({ priceType: 'REGIONAL', amount: money('19.00'), scope: { region: 'US-EAST' } });
  const volume = aPricePoint({ priceType: 'VOLUME_TIER', amount: money('18.00'), scope: { minQuantity: 10 } });
  const promo = aPricePoint({ priceType: 'PROMO', amount: money('17.00'), scope: { channel: 'webshop' }, validFrom: new Date('2026-11-01'), validTo: new Date('2026-12-01') });
  const contract = aPricePoint({ priceType: 'CONTRACT', amount: money('21.00'), scope: { customerId: CUSTOMER_ID } });

  it('follows contract > active promo > volume tier > regional > list, whatever the amounts', () => {
    expect(priceOf([list, regional, volume, promo, contract])).toEqual({ amount: '21.00', type: 'CONTRACT' });
    expect(priceOf([list, regional, volume, promo])).toEqual({ amount: '17.00', type: 'PROMO' });
    expect(priceOf([list, regional, volume])).toEqual({ amount: '18.00', type: 'VOLUME_TIER' });
    expect(priceOf([list, regional])).toEqual({ amount: '19.00', type: 'REGIONAL' });
    expect(priceOf([list])).toEqual({ amount: '20.00', type: 'LIST' });
  });

  it('has no price when nothing applies', () => {
    expect(priceOf([])).toBeUndefined();
    expect(priceOf([aPricePoint({ currency: 'USD' })])).toBeUndefined();
    expect(priceOf([aPricePoint({ sku: 'SKU-2' })])).toBeUndefined();
  });

  it('never prices a line from a CHANNEL or COST price alone', () => {
    expect(priceOf([aPricePoint({ priceType: 'COST' }), aPricePoint({ priceType: 'CHANNEL', scope: { channel: 'webshop' } })])).toBeUndefined();
  });

  describe('scope', () => {
    it("uses another customer's contract for nobody", () => {
      expect(priceOf([list, aPricePoint({ priceType: 'CONTRACT', amount: money('1.00'), scope: { customerId: 'another' } })])).toEqual({ amount: '20.00', type: 'LIST' });
    });

    it('needs a contract to name its customer, a regional price its region and a volume tier its minimum quantity', () => {
      const unscoped = (['CONTRACT', 'REGIONAL', 'VOLUME_TIER'] as const).map((priceType) => aPricePoint({ priceType, amount: money('1.00') }));
      expect(priceOf([list, ...unscoped])).toEqual({ amount: '20.00', type: 'LIST' });
    });

    it('matches a region against the ship-to region or country', () => {
      const byCountry = aPricePoint({ priceType: 'REGIONAL', amount: money('19.50'), scope: { region: 'US' } });
      expect(priceOf([list, byCountry], { region: null })).toEqual({ amount: '19.50', type: 'REGIONAL' });
      expect(priceOf([list, regional], { region: 'US-WEST' })).toEqual({ amount: '20.00', type: 'LIST' });
    });

    it('takes the highest volume tier the quantity reaches', () => {
      const tiers = [10, 50, 100].map((minQuantity, index) => aPricePoint({ priceType: 'VOLUME_TIER', amount: money(`${18 - index}.00`), scope: { minQuantity } }));
      expect(priceOf([list, ...tiers], { quantity: 9 })).toEqual({ amount: '20.00', type: 'LIST' });
      expect(priceOf([list, ...tiers], { quantity: 60 })).toEqual({ amount: '17.00', type: 'VOLUME_TIER' });
      expect(priceOf([list, ...tiers], { quantity: 100 })).toEqual({ amount: '16.00', type: 'VOLUME_TIER' });
    });

    it('prefers the channel’s own list price to the general one', () => {
      expect(priceOf([list, aPricePoint({ amount: money('20.50'), scope: { channel: 'webshop' } })])).toEqual({ amount: '20.50', type: 'LIST' });
      expect(priceOf([list, aPricePoint({ amount: money('20.50'), scope: { channel: 'b2b-portal' } })])).toEqual({ amount: '20.00', type: 'LIST' });
    });
  });

  describe('validity on the order date', () => {
    it('applies a promo only inside its window (validTo exclusive)', () => {
      expect(priceOf([list, promo], { at: new Date('2026-10-31T23:59:59.999Z') })).toEqual({ amount: '20.00', type: 'LIST' });
      expect(priceOf([list, promo], { at: new Date('2026-11-01T00:00:00.000Z') })).toEqual({ amount: '17.00', type: 'PROMO' });
      expect(priceOf([list, promo], { at: new Date('2026-12-01T00:00:00.000Z') })).toEqual({ amount: '20.00', type: 'LIST' });
    });

    it('takes the list price that started last', () => {
      const next = aPricePoint({ amount: money('22.00'), validFrom: new Date('2026-11-15') });
      const later = aPricePoint({ amount: money('23.00'), validFrom: new Date('2026-12-15') });
      expect(priceOf([list, next, later])).toEqual({ amount: '22.00', type: 'LIST' });
    });
  });
});

describe('pricing an order’s lines under the charter’s mismatch policy', () => {
  const line = (lineNumber: number, sku: string, shown: string, quantity = 2): PlacedLine => ({ lineNumber, sku, quantity, shownUnitPrice: money(shown) });
  const points = [aPricePoint({ sku: 'SKU-1', amount: money('19.99') }), aPricePoint({ sku: 'SKU-2', amount: money('5.0000') })];
  const pointsOf = (sku: string) => points.filter((point) => point.sku === sku);
  const base = { currency: 'EUR', channel: 'webshop', customerId: CUSTOMER_ID, region: 'US-EAST', countryCode: 'US', at: NOW };

  it('prices every line at its governed price when the shown prices agree within the tolerance', () => {
    const pricing = priceOrderLines([line(1, 'SKU-1', '19.98'), line(2, 'SKU-2', '5')], pointsOf, base, holdingCharter);
    expect(pricing.kind).toBe('priced');
    if (pricing.kind !== 'priced') return;
    expect(pricing.conflicts).toEqual([]);
    expect(pricing.lines.map((priced) => [priced.lineNumber, priced.unitPrice.toFixed(4), priced.appliedPriceType, priced.priceMismatch])).toEqual([
      [1, '19.9900', 'LIST', false],
      [2, '5.0000', 'LIST', false],
    ]);
  });

  it('holds a line without a governed price as missing data, naming the line', () => {
    const pricing = priceOrderLines([line(1, 'SKU-1', '19.99'), line(2, 'SKU-3', '1.00')], pointsOf, base, charter);
    expect(pricing).toEqual({
      kind: 'missing-price',
      issues: [{ code: 'ORDERS.NO_GOVERNED_PRICE', message: 'line 2: no EUR price applies to SKU-3 for this order', field: 'lines[1].sku', lineNumber: 2 }],
    });
  });

  describe('when a shown price is off by more than the tolerance', () => {
    const lines = [line(1, 'SKU-1', '18.99'), line(2, 'SKU-2', '5.01')];

    it('accepts at the governed price under ACCEPT_GOVERNED_PRICE, reporting the conflict', () => {
      const pricing = priceOrderLines(lines, pointsOf, base, charter);
      expect(pricing.kind).toBe('priced');
      if (pricing.kind !== 'priced') return;
      expect(pricing.conflicts.map((conflict) => [conflict.lineNumber, conflict.shownUnitPrice.toFixed(2), conflict.governedUnitPrice.toFixed(2)])).toEqual([[1, '18.99', '19.99']]);
      expect(pricing.lines[0]).toMatchObject({ unitPrice: money('19.99'), shownUnitPrice: money('18.99'), priceMismatch: true });
    });

    it('holds the order under HOLD, naming the line and both prices', () => {
      const pricing = priceOrderLines(lines, pointsOf, base, holdingCharter);
      expect(pricing).toMatchObject({
        kind: 'mismatch',
        issues: [
          {
            code: 'ORDERS.PRICE_MISMATCH',
            message: 'line 1: SKU-1 was shown at 18.99 EUR, the governed price is 19.99 (tolerance 0.01)',
            field: 'lines[0].shownUnitPrice',
            lineNumber: 1,
          },
        ],
      });
    });

    it('accepts at the governed price under HOLD once a reviewer released the order', () => {
      expect(priceOrderLines(lines, pointsOf, base, holdingCharter, { reviewerAcceptsGovernedPrice: true })).toMatchObject({ kind: 'priced', conflicts: [{ lineNumber: 1 }] });
    });
  });
});
