import Decimal from 'decimal.js';
import { DEFAULT_CHARTER_FILE } from './__fixtures__/charter-text';
import { loadCharter } from './load-charter';
import { OrderPolicies } from './order-policies';

describe('the default order policies', () => {
  it('accept at the governed price and back-order missing stock', () => {
    const { orderPolicies } = loadCharter(DEFAULT_CHARTER_FILE);
    expect(orderPolicies.priceMismatch).toBe('ACCEPT_GOVERNED_PRICE');
    expect(orderPolicies.insufficientStock).toBe('BACKORDER');
  });
});

describe('isPriceMismatch', () => {
  const policies = new OrderPolicies('HOLD', new Decimal('0.01'), 'HOLD');

  describe('when the shown price differs only by rounding', () => {
    it('is no mismatch', () => {
      expect(policies.isPriceMismatch('9.99', '9.985')).toBe(false);
      expect(policies.isPriceMismatch('10.00', '10.01')).toBe(false);
    });
  });

  describe('when the shown price differs by more than the tolerance', () => {
    it('is a mismatch', () => {
      expect(policies.isPriceMismatch('10.00', '10.02')).toBe(true);
      expect(policies.isPriceMismatch('12.00', '10.00')).toBe(true);
    });
  });
});
