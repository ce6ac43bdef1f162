import Decimal from 'decimal.js';
import { charter, charterWith, DAY, HOUR, NOW } from './__fixtures__/inventory-fixtures';
import { InventoryInvariantError } from './inventory.errors';
import { ordersPerDay, resolveVelocityTier, toCharterTier, toPublishedTier, velocityWindowStart, type KnownVelocityTier, type SkuDemand } from './velocity-tier';

// The shipped charter: average orders per day over P4W (28 days); ≥ 20 → high, ≥ 2 → medium.
const fullWindow = (ordersInLookback: number): SkuDemand => ({ ordersInLookback, trackedSince: null });
const tierOf = (demand: SkuDemand, override: KnownVelocityTier | null = null, rules = charter) => resolveVelocityTier({ override, demand, now: NOW }, rules);

describe('velocity tier from the order rate', () => {
  it.each([
    [0, 'SLOW'],
    [55, 'SLOW'],
    [56, 'MEDIUM'],
    [559, 'MEDIUM'],
    [560, 'HIGH'],
    [5000, 'HIGH'],
  ] as const)('puts a SKU with %i orders in four weeks in %s', (orders, tier) => {
    expect(tierOf(fullWindow(orders)).tier).toBe(tier);
  });

  it('reports the rate it derived the tier from, exactly', () => {
    const decision = tierOf(fullWindow(56));
    expect(decision).toMatchObject({ source: 'order-rate', charterVersion: '2026.11.1' });
    expect(decision.ordersPerDay).toEqual(new Decimal(2));
  });

  it('reads the tier limits from the charter', () => {
    const eager = charterWith((document) => document.setIn(['thresholds', 'velocity', 'min_orders_per_day', 'high'], '5'));
    expect(tierOf(fullWindow(140), null, eager).tier).toBe('HIGH');
    expect(tierOf(fullWindow(140)).tier).toBe('MEDIUM');
  });

  describe('when the SKU has been tracked for less than the lookback', () => {
    it('averages over the time it has been tracked, so a new fast seller is not diluted', () => {
      const demand = { ordersInLookback: 40, trackedSince: new Date(NOW.getTime() - 2 * DAY) };
      expect(ordersPerDay(demand, NOW, charter)).toEqual(new Decimal(20));
      expect(tierOf(demand).tier).toBe('HIGH');
    });

    it('averages over at least one day, so its first order does not look like a flood', () => {
      const demand = { ordersInLookback: 1, trackedSince: new Date(NOW.getTime() - HOUR) };
      expect(ordersPerDay(demand, NOW, charter)).toEqual(new Decimal(1));
      expect(tierOf(demand).tier).toBe('SLOW');
    });
  });

  describe('when the SKU has been tracked for longer than the lookback', () => {
    it('averages over the lookback', () => {
      const demand = { ordersInLookback: 56, trackedSince: new Date(NOW.getTime() - 365 * DAY) };
      expect(ordersPerDay(demand, NOW, charter)).toEqual(new Decimal(2));
    });
  });

  it('refuses a negative or fractional order count (a caller bug)', () => {
    expect(() => ordersPerDay(fullWindow(-1), NOW, charter)).toThrow(InventoryInvariantError);
    expect(() => ordersPerDay(fullWindow(1.5), NOW, charter)).toThrow(InventoryInvariantError);
  });

  it('counts orders from the start of the charter’s lookback window', () => {
    expect(velocityWindowStart(NOW, charter)).toEqual(new Date(NOW.getTime() - 28 * DAY));
  });
});

describe('velocity tier set per SKU', () => {
  it('wins over the order rate, either way', () => {
    expect(tierOf(fullWindow(5000), 'SLOW')).toEqual({ tier: 'SLOW', source: 'override', ordersPerDay: null, charterVersion: '2026.11.1' });
    expect(tierOf(fullWindow(0), 'HIGH').tier).toBe('HIGH');
  });

  it('refuses the UNKNOWN fallback as an override (a caller bug)', () => {
    expect(() => tierOf(fullWindow(0), 'UNKNOWN' as KnownVelocityTier)).toThrow(InventoryInvariantError);
  });
});

describe('tier spelling', () => {
  it('maps the charter’s tiers to the published ones and back', () => {
    for (const tier of ['high', 'medium', 'slow'] as const) expect(toCharterTier(toPublishedTier(tier))).toBe(tier);
    expect(toPublishedTier('medium')).toBe('MEDIUM');
  });
});
