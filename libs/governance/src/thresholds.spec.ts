import Decimal from 'decimal.js';
import { DEFAULT_CHARTER_FILE } from './__fixtures__/charter-text';
import { loadCharter } from './load-charter';
import { variancePercent } from './thresholds';

const charter = loadCharter(DEFAULT_CHARTER_FILE);
const { thresholds } = charter;

describe('variancePercent', () => {
  it('is exact where binary floats are not', () => {
    expect(variancePercent('0.3', '0.33')).toEqual(new Decimal(10));
  });

  it('is the same in either direction of change', () => {
    expect(variancePercent(100, 90)).toEqual(new Decimal(10));
  });

  it('treats a change away from zero as infinite and zero against zero as none', () => {
    expect(variancePercent(0, 1).isFinite()).toBe(false);
    expect(variancePercent(0, 0)).toEqual(new Decimal(0));
  });
});

describe('price change approval (more than 10 %)', () => {
  describe('when a price rises by exactly 10 %', () => {
    it('needs no approval', () => {
      expect(thresholds.priceChangeNeedsApproval('0.30', '0.33')).toBe(false);
    });
  });

  describe('when a price falls by more than 10 %', () => {
    it('needs approval', () => {
      expect(thresholds.priceChangeNeedsApproval('100.00', '89.99')).toBe(true);
    });
  });

  describe('when a price is set where it was 0', () => {
    it('needs approval', () => {
      expect(thresholds.priceChangeNeedsApproval(0, '5.00')).toBe(true);
    });
  });
});

describe('reconciliation thresholds', () => {
  it('flags an ERP vs PIM cost variance above 5 %, measured against the ERP', () => {
    expect(thresholds.costVarianceExceeded('20.00', '21.00')).toBe(false);
    expect(thresholds.costVarianceExceeded('20.00', '21.01')).toBe(true);
  });

  it('flags perpetual vs physical stock above 2 %, measured against the physical count', () => {
    expect(thresholds.inventoryVarianceExceeded(102, 100)).toBe(false);
    expect(thresholds.inventoryVarianceExceeded(103, 100)).toBe(true);
    expect(thresholds.inventoryVarianceExceeded(1, 0)).toBe(true);
  });
});

describe('inventory freshness', () => {
  it('gives each velocity tier its limit in milliseconds', () => {
    expect(charter.freshnessLimitMs('high')).toBe(5 * 60_000);
    expect(charter.freshnessLimitMs('medium')).toBe(60 * 60_000);
    expect(charter.freshnessLimitMs('slow')).toBe(24 * 60 * 60_000);
  });
});

describe('velocityTierFor', () => {
  it.each([
    [0, 'slow'],
    ['1.99', 'slow'],
    [2, 'medium'],
    ['19.9', 'medium'],
    [20, 'high'],
    [500, 'high'],
  ] as const)('puts %s orders per day in the %s tier', (ordersPerDay, tier) => {
    expect(charter.velocityTierFor(ordersPerDay)).toBe(tier);
  });

  it('refuses a negative rate', () => {
    expect(() => charter.velocityTierFor(-1)).toThrow(RangeError);
  });

  it('reads the lookback window', () => {
    expect(thresholds.velocity.lookback).toEqual({ text: 'P4W', ms: 28 * 24 * 60 * 60_000 });
  });
});
