import { charterWith, DEFAULT_CHARTER_FILE } from './__fixtures__/charter-text';
import type { PricingModel } from './charter.vocabulary';
import { loadCharter } from './load-charter';

const beforeExpiry = new Date('2026-12-01T12:00:00Z');
const afterExpiry = new Date('2027-03-01T12:00:00Z');

function withModel(model: PricingModel, priceTypes: Record<string, string> = {}) {
  return charterWith((document) => {
    document.setIn(['pricing', 'model'], model);
    document.setIn(['ownership', 'price_types'], priceTypes);
    document.setIn(['exceptions'], []);
  });
}

describe('ownership under the HYBRID model (the default charter)', () => {
  const charter = loadCharter(DEFAULT_CHARTER_FILE);

  describe('when the PIM writes a PROMO price', () => {
    it('is allowed as the owner, stamped with the charter version', () => {
      expect(charter.isWriteAllowed({ system: 'PIM', domain: 'pricing', priceType: 'PROMO', at: beforeExpiry })).toEqual({
        allowed: true,
        owner: 'PIM',
        via: 'owner',
        charterVersion: '2026.11.1',
      });
    });
  });

  describe('when a non-owner writes a PROMO price', () => {
    it('is an OWNERSHIP_VIOLATION', () => {
      const decision = charter.isWriteAllowed({ system: 'CRM', domain: 'pricing', priceType: 'PROMO', at: beforeExpiry });
      expect(decision).toEqual({
        allowed: false,
        owner: 'PIM',
        code: 'OWNERSHIP_VIOLATION',
        reason: 'CRM may not write price type PROMO: it is owned by PIM, and no approved exception covers it',
        charterVersion: '2026.11.1',
      });
    });
  });

  describe('when the ERP writes a PROMO price under its approved exception', () => {
    it('is allowed via the exception until the exception expires', () => {
      const decision = charter.isWriteAllowed({ system: 'ERP', domain: 'pricing', priceType: 'PROMO', at: beforeExpiry });
      expect(decision).toEqual(expect.objectContaining({ allowed: true, owner: 'PIM', via: 'exception' }));
      expect(decision.allowed && decision.exception?.approvedBy).toBe('Head of Pricing (A. Okafor)');
    });

    it('is honoured through the whole expiry day (UTC)', () => {
      const lastMinute = new Date('2027-01-31T23:59:59Z');
      const nextDay = new Date('2027-02-01T00:00:00Z');
      expect(charter.isWriteAllowed({ system: 'ERP', domain: 'pricing', priceType: 'PROMO', at: lastMinute }).allowed).toBe(true);
      expect(charter.isWriteAllowed({ system: 'ERP', domain: 'pricing', priceType: 'PROMO', at: nextDay }).allowed).toBe(false);
    });

    it('is not honoured once expired, and the reason says so', () => {
      const decision = charter.isWriteAllowed({ system: 'ERP', domain: 'pricing', priceType: 'PROMO', at: afterExpiry });
      expect(decision).toEqual(
        expect.objectContaining({
          allowed: false,
          code: 'OWNERSHIP_VIOLATION',
          reason: 'ERP may not write price type PROMO: it is owned by PIM, and the exception approved by Head of Pricing (A. Okafor) expired (2027-01-31)',
        }),
      );
    });

    it('does not extend to other price types', () => {
      expect(charter.isWriteAllowed({ system: 'ERP', domain: 'pricing', priceType: 'CHANNEL', at: beforeExpiry }).allowed).toBe(false);
    });
  });

  describe('when the CRM writes a credit limit', () => {
    it('is an OWNERSHIP_VIOLATION: the ERP owns customer accounts', () => {
      const decision = charter.isWriteAllowed({ system: 'CRM', domain: 'customer_account', field: 'credit_limit', at: beforeExpiry });
      expect(decision).toEqual(
        expect.objectContaining({ allowed: false, owner: 'ERP', reason: expect.stringContaining('customer_account.credit_limit') }),
      );
    });
  });

  describe('when eCommerce writes a customer field', () => {
    it('may write the email its exception names', () => {
      expect(charter.isWriteAllowed({ system: 'ECOMMERCE', domain: 'customer_contact', field: 'email', at: beforeExpiry })).toEqual(
        expect.objectContaining({ allowed: true, via: 'exception', owner: 'CRM' }),
      );
    });

    it('may not write any other field of the domain', () => {
      expect(charter.isWriteAllowed({ system: 'ECOMMERCE', domain: 'customer_contact', field: 'phone', at: beforeExpiry }).allowed).toBe(false);
    });

    it('may not write the whole domain', () => {
      expect(charter.isWriteAllowed({ system: 'ECOMMERCE', domain: 'customer_contact', at: beforeExpiry }).allowed).toBe(false);
    });
  });

  describe('when the WMS reports physical stock and the ERP perpetual stock', () => {
    it('allows each to write its own kind', () => {
      expect(charter.isWriteAllowed({ system: 'WMS', domain: 'inventory_physical', at: beforeExpiry }).allowed).toBe(true);
      expect(charter.isWriteAllowed({ system: 'ERP', domain: 'inventory_perpetual', at: beforeExpiry }).allowed).toBe(true);
      expect(charter.isWriteAllowed({ system: 'ERP', domain: 'inventory_physical', at: beforeExpiry }).allowed).toBe(false);
    });
  });

  it('refuses to decide on an invalid date', () => {
    expect(() => charter.isWriteAllowed({ system: 'PIM', domain: 'pricing', priceType: 'LIST', at: new Date('not a date') })).toThrow(RangeError);
  });
});

describe('ownership per pricing model', () => {
  const owners = (model: PricingModel) => {
    const charter = withModel(model);
    return Object.fromEntries(
      (['LIST', 'COST', 'CHANNEL', 'PROMO', 'CONTRACT', 'VOLUME_TIER', 'REGIONAL'] as const).map((type) => [type, charter.priceTypeOwner(type)]),
    );
  };

  it('ERP_LED gives the ERP every price type but contracts', () => {
    expect(owners('ERP_LED')).toEqual({ LIST: 'ERP', COST: 'ERP', CHANNEL: 'ERP', PROMO: 'ERP', CONTRACT: 'CRM', VOLUME_TIER: 'ERP', REGIONAL: 'ERP' });
  });

  it('PIM_LED gives the PIM the selling prices and keeps cost with the ERP', () => {
    expect(owners('PIM_LED')).toEqual({ LIST: 'PIM', COST: 'ERP', CHANNEL: 'PIM', PROMO: 'PIM', CONTRACT: 'CRM', VOLUME_TIER: 'PIM', REGIONAL: 'PIM' });
  });

  it('HYBRID splits them: ERP list and cost, PIM channel and promo', () => {
    expect(owners('HYBRID')).toEqual({ LIST: 'ERP', COST: 'ERP', CHANNEL: 'PIM', PROMO: 'PIM', CONTRACT: 'CRM', VOLUME_TIER: 'ERP', REGIONAL: 'ERP' });
  });

  describe('when the PIM writes a PROMO price under ERP_LED', () => {
    it('is an OWNERSHIP_VIOLATION', () => {
      const decision = withModel('ERP_LED').isWriteAllowed({ system: 'PIM', domain: 'pricing', priceType: 'PROMO', at: beforeExpiry });
      expect(decision).toEqual(expect.objectContaining({ allowed: false, owner: 'ERP', code: 'OWNERSHIP_VIOLATION' }));
    });
  });

  describe('when the ERP writes a LIST price under PIM_LED', () => {
    it('is an OWNERSHIP_VIOLATION', () => {
      const decision = withModel('PIM_LED').isWriteAllowed({ system: 'ERP', domain: 'pricing', priceType: 'LIST', at: beforeExpiry });
      expect(decision).toEqual(expect.objectContaining({ allowed: false, owner: 'PIM' }));
    });
  });

  describe('when the charter overrides one price type of the model', () => {
    it('uses the override and keeps the rest of the preset', () => {
      const charter = withModel('HYBRID', { REGIONAL: 'PIM' });
      expect(charter.priceTypeOwner('REGIONAL')).toBe('PIM');
      expect(charter.priceTypeOwner('VOLUME_TIER')).toBe('ERP');
      expect(charter.isWriteAllowed({ system: 'ERP', domain: 'pricing', priceType: 'REGIONAL', at: beforeExpiry }).allowed).toBe(false);
    });
  });
});

describe('field-level ownership', () => {
  it('gives a field without its own owner the owner of its domain', () => {
    const charter = charterWith((document) => document.deleteIn(['ownership', 'domains', 'product_master', 'fields', 'status']));
    expect(charter.ownerOf('product_master', 'status')).toBe('ERP');
  });

  it('lets one field have another owner than its domain', () => {
    const charter = charterWith((document) => document.setIn(['ownership', 'domains', 'customer_contact', 'fields', 'billing_address'], 'ERP'));
    expect(charter.ownerOf('customer_contact', 'billing_address')).toBe('ERP');
    expect(charter.ownerOf('customer_contact', 'email')).toBe('CRM');
    expect(charter.isWriteAllowed({ system: 'CRM', domain: 'customer_contact', field: 'billing_address', at: beforeExpiry }).allowed).toBe(false);
  });

  describe('when an exception covers a whole domain', () => {
    it('covers each of its fields', () => {
      const charter = charterWith((document) =>
        document.setIn(['exceptions'], [
          { system: 'PIM', domain: 'product_master', reason: 'migration', approved_by: 'ERP lead', expires: '2027-01-31T18:00:00+01:00' },
        ]),
      );
      expect(charter.isWriteAllowed({ system: 'PIM', domain: 'product_master', field: 'category', at: beforeExpiry }).allowed).toBe(true);
      expect(charter.isWriteAllowed({ system: 'PIM', domain: 'product_master', at: new Date('2027-01-31T16:59:59Z') }).allowed).toBe(true);
      expect(charter.isWriteAllowed({ system: 'PIM', domain: 'product_master', at: new Date('2027-01-31T17:00:00Z') }).allowed).toBe(false);
    });
  });
});
