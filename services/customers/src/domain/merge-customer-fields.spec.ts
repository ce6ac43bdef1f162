import { readFileSync } from 'node:fs';
import { Decimal } from 'decimal.js';
import { parseDocument } from 'yaml';
import { aContact, aPostalAddress } from '@concord/contracts';
import { loadCharter, parseCharter, type Charter } from '@concord/governance';
import { resolveCharterPath } from '@concord/service-runtime';
import { INITIAL_RECORD, type GoldenRecord, type SuppliedFields } from './golden-record';
import { mergeCustomerFields, type FieldWrite } from './merge-customer-fields';

const charter = loadCharter(resolveCharterPath(undefined));
const T1 = new Date('2026-03-01T09:00:00.000Z');
const T2 = new Date('2026-03-01T10:00:00.000Z');
const T3 = new Date('2026-03-01T11:00:00.000Z');

function write(system: FieldWrite['system'], at: Date, fields: SuppliedFields): FieldWrite {
  return { system, at, fields };
}

/** A customer the storefront introduced, then the ERP answered and the CRM took over. */
function establishedCustomer(): GoldenRecord {
  let record = mergeCustomerFields(
    INITIAL_RECORD,
    write('ECOMMERCE', T1, { name: 'Keller Maschinenbau', billingAddress: aPostalAddress(), taxId: 'DE123456789' }),
    charter,
  ).record;
  record = mergeCustomerFields(
    record,
    write('ERP', T1, { creditLimitAmount: new Decimal('25000'), currency: 'EUR', paymentTerms: 'NET30', accountStatus: 'ACTIVE', taxId: 'DE123456789' }),
    charter,
  ).record;
  return mergeCustomerFields(record, write('CRM', T1, { name: 'Keller Maschinenbau GmbH', contacts: [aContact()] }), charter).record;
}

const sourceOf = (record: GoldenRecord, field: string) => record.fieldSources.find((source) => source.field === field);

describe('merging a source system’s customer fields by the charter’s ownership', () => {
  it('governs contact data by the CRM and account data by the ERP, as the shipped charter says', () => {
    expect(charter.ownerOf('customer_contact', 'contacts')).toBe('CRM');
    expect(charter.ownerOf('customer_account', 'credit_limit')).toBe('ERP');
  });

  describe('when the owner sends its fields', () => {
    it('applies them and records the owner as their source', () => {
      const result = mergeCustomerFields(
        establishedCustomer(),
        write('ERP', T2, { creditLimitAmount: new Decimal('40000.5'), paymentTerms: 'NET60', openReceivablesAmount: new Decimal('1200'), currency: 'EUR' }),
        charter,
      );
      expect(result.changed).toBe(true);
      expect(result.rejected).toEqual([]);
      expect(result.record.creditLimitAmount?.toFixed(4)).toBe('40000.5000');
      expect(result.record.paymentTerms).toBe('NET60');
      expect(result.record.openReceivablesAmount?.toFixed(4)).toBe('1200.0000');
      expect(sourceOf(result.record, 'creditLimitAmount')).toEqual({ field: 'creditLimitAmount', sourceSystem: 'ERP', updatedAt: T2 });
      expect(result.outcomes).toContainEqual({ field: 'creditLimitAmount', kind: 'applied', via: 'owner' });
      expect(result.charterVersion).toBe(charter.version);
    });
  });

  describe('when a non-owner sends a value that differs from the one the owner supplied', () => {
    it('keeps the owner’s value, returns the rejection with both values, and still applies the fields the sender owns', () => {
      const before = establishedCustomer();
      const result = mergeCustomerFields(
        before,
        write('CRM', T2, { contacts: [aContact({ name: 'Lena Brandt', email: 'lena.brandt@example.com' })], creditLimitAmount: new Decimal('99000'), currency: 'EUR' }),
        charter,
      );
      expect(result.record.creditLimitAmount?.toFixed(4)).toBe('25000.0000');
      expect(sourceOf(result.record, 'creditLimitAmount')?.sourceSystem).toBe('ERP');
      expect(result.record.contacts.map((contact) => contact.name)).toEqual(['Lena Brandt']);
      expect(result.rejected).toEqual([
        {
          code: 'OWNERSHIP_VIOLATION',
          field: 'creditLimitAmount',
          system: 'CRM',
          offered: '99000.0000',
          held: '25000.0000',
          heldSource: 'ERP',
          owner: 'ERP',
          reason: 'CRM may not write customer_account.credit_limit: it is owned by ERP, and no approved exception covers it',
          at: T2,
          charterVersion: charter.version,
        },
      ]);
      // The same currency is agreement, not a violation.
      expect(result.outcomes).toContainEqual({ field: 'currency', kind: 'unchanged' });
    });

    it('treats the ERP echoing the CRM’s name and address as agreement', () => {
      const before = establishedCustomer();
      const result = mergeCustomerFields(before, write('ERP', T2, { name: 'Keller Maschinenbau GmbH', billingAddress: aPostalAddress() }), charter);
      expect(result.changed).toBe(false);
      expect(result.rejected).toEqual([]);
      expect(result.record).toEqual(before);
    });
  });

  describe('when no system has supplied a field yet', () => {
    it('takes a non-owner’s value as the first one (a customer introduced by the storefront has its name and address)', () => {
      const result = mergeCustomerFields(
        INITIAL_RECORD,
        write('ECOMMERCE', T1, { name: 'Keller Maschinenbau', billingAddress: aPostalAddress(), contacts: [aContact({ primary: true })] }),
        charter,
      );
      expect(result.rejected).toEqual([]);
      expect(result.record).toMatchObject({ name: 'Keller Maschinenbau', billingAddress: aPostalAddress(), accountStatus: 'PROSPECT' });
      expect(result.outcomes).toEqual([
        { field: 'name', kind: 'applied', via: 'first-value' },
        { field: 'contacts', kind: 'applied', via: 'first-value' },
        { field: 'billingAddress', kind: 'applied', via: 'first-value' },
      ]);
      expect(result.record.fieldSources).toEqual([
        { field: 'name', sourceSystem: 'ECOMMERCE', updatedAt: T1 },
        { field: 'contacts', sourceSystem: 'ECOMMERCE', updatedAt: T1 },
        { field: 'billingAddress', sourceSystem: 'ECOMMERCE', updatedAt: T1 },
      ]);
    });

    it('lets the system that supplied a provisional value keep it current until the owner supplies one', () => {
      const loadedFromErp = mergeCustomerFields(INITIAL_RECORD, write('ERP', T1, { name: 'KELLER MASCHINENBAU' }), charter).record;
      const renamed = mergeCustomerFields(loadedFromErp, write('ERP', T2, { name: 'KELLER MASCHINENBAU GMBH' }), charter);
      expect(renamed.outcomes).toEqual([{ field: 'name', kind: 'applied', via: 'provisional-update' }]);
      expect(renamed.record.name).toBe('KELLER MASCHINENBAU GMBH');
    });

    it('does not let another non-owner replace a provisional value', () => {
      const fromStorefront = mergeCustomerFields(INITIAL_RECORD, write('ECOMMERCE', T1, { name: 'Keller Maschinenbau' }), charter).record;
      const result = mergeCustomerFields(fromStorefront, write('ERP', T2, { name: 'KELLER MASCHINENBAU' }), charter);
      expect(result.record.name).toBe('Keller Maschinenbau');
      expect(result.rejected).toMatchObject([{ field: 'name', system: 'ERP', heldSource: 'ECOMMERCE', owner: 'CRM', offered: 'KELLER MASCHINENBAU' }]);
    });
  });

  describe('when the owner supplies a field a non-owner filled', () => {
    it('replaces the provisional value, after which the non-owner’s changes are rejected', () => {
      const fromStorefront = mergeCustomerFields(INITIAL_RECORD, write('ECOMMERCE', T1, { name: 'Keller Maschinenbau' }), charter).record;
      const byCrm = mergeCustomerFields(fromStorefront, write('CRM', T2, { name: 'Keller Maschinenbau GmbH' }), charter);
      expect(byCrm.outcomes).toEqual([{ field: 'name', kind: 'applied', via: 'owner' }]);
      expect(sourceOf(byCrm.record, 'name')).toEqual({ field: 'name', sourceSystem: 'CRM', updatedAt: T2 });

      const storefrontAgain = mergeCustomerFields(byCrm.record, write('ECOMMERCE', T3, { name: 'Keller MB' }), charter);
      expect(storefrontAgain.record.name).toBe('Keller Maschinenbau GmbH');
      expect(storefrontAgain.rejected).toMatchObject([{ field: 'name', system: 'ECOMMERCE', heldSource: 'CRM', owner: 'CRM' }]);
    });

    it('moves the lineage to the owner when it confirms the same value (a change of the golden record)', () => {
      const fromStorefront = mergeCustomerFields(INITIAL_RECORD, write('ECOMMERCE', T1, { name: 'Keller Maschinenbau GmbH' }), charter).record;
      const confirmed = mergeCustomerFields(fromStorefront, write('CRM', T2, { name: 'Keller Maschinenbau GmbH' }), charter);
      expect(confirmed.changed).toBe(true);
      expect(confirmed.record.name).toBe('Keller Maschinenbau GmbH');
      expect(sourceOf(confirmed.record, 'name')?.sourceSystem).toBe('CRM');
    });

    it('lets the owner replace a provisional value even when the owner’s change is older', () => {
      const provisional = mergeCustomerFields(INITIAL_RECORD, write('ERP', T3, { name: 'KELLER' }), charter).record;
      const result = mergeCustomerFields(provisional, write('CRM', T1, { name: 'Keller Maschinenbau GmbH' }), charter);
      expect(result.record.name).toBe('Keller Maschinenbau GmbH');
    });
  });

  describe('when a source sends what Concord already holds from it', () => {
    it('changes nothing, not even the lineage’s time, so no CustomerChanged follows', () => {
      const before = establishedCustomer();
      const result = mergeCustomerFields(
        before,
        write('ERP', T3, { creditLimitAmount: new Decimal('25000.0000'), currency: 'EUR', paymentTerms: 'NET30', accountStatus: 'ACTIVE' }),
        charter,
      );
      expect(result.changed).toBe(false);
      expect(result.record).toEqual(before);
      expect(result.outcomes.every((outcome) => outcome.kind === 'unchanged')).toBe(true);
    });

    it('leaves the fields it did not send alone', () => {
      const before = establishedCustomer();
      const result = mergeCustomerFields(before, write('ERP', T2, { paymentTerms: 'NET45' }), charter);
      expect(result.record).toEqual({ ...before, paymentTerms: 'NET45', fieldSources: result.record.fieldSources });
      expect(result.outcomes).toEqual([{ field: 'paymentTerms', kind: 'applied', via: 'owner' }]);
    });
  });

  describe('when a source’s change overtook an older one in transit', () => {
    it('ignores the older value', () => {
      const current = mergeCustomerFields(establishedCustomer(), write('ERP', T3, { creditLimitAmount: new Decimal('30000'), currency: 'EUR' }), charter).record;
      const late = mergeCustomerFields(current, write('ERP', T2, { creditLimitAmount: new Decimal('28000'), currency: 'EUR' }), charter);
      expect(late.record.creditLimitAmount?.toFixed(4)).toBe('30000.0000');
      expect(late.outcomes).toContainEqual({ field: 'creditLimitAmount', kind: 'stale', heldSince: T3 });
      expect(late.changed).toBe(false);
    });
  });

  describe('when the charter records an approved exception', () => {
    const withException = (expires: string): Charter => {
      const document = parseDocument(readFileSync(resolveCharterPath(undefined), 'utf8'));
      document.addIn(['exceptions'], {
        system: 'CRM',
        domain: 'customer_account',
        field: 'credit_limit',
        reason: 'Sales sets provisional limits while finance migrates',
        approved_by: 'CFO',
        expires,
      });
      return parseCharter(String(document));
    };

    it('applies the excepted system’s value while the exception is in force', () => {
      const result = mergeCustomerFields(establishedCustomer(), write('CRM', T2, { creditLimitAmount: new Decimal('5000') }), withException('2027-12-31'));
      expect(result.outcomes).toEqual([{ field: 'creditLimitAmount', kind: 'applied', via: 'exception' }]);
      expect(result.record.creditLimitAmount?.toFixed(4)).toBe('5000.0000');
    });

    it('rejects it, naming the expired exception, once it has expired at the source’s change time', () => {
      const result = mergeCustomerFields(establishedCustomer(), write('CRM', T2, { creditLimitAmount: new Decimal('5000') }), withException('2026-01-31'));
      expect(result.rejected).toHaveLength(1);
      expect(result.rejected[0].reason).toMatch(/exception approved by CFO expired \(2026-01-31\)/);
    });
  });

  it('compares money by value: 25000 and 25000.0000 are the same limit', () => {
    const result = mergeCustomerFields(establishedCustomer(), write('CRM', T2, { creditLimitAmount: new Decimal('25000.0000') }), charter);
    expect(result.rejected).toEqual([]);
    expect(result.changed).toBe(false);
  });

  it('refuses a change time that is not a valid date', () => {
    expect(() => mergeCustomerFields(INITIAL_RECORD, write('CRM', new Date(Number.NaN), { name: 'x' }), charter)).toThrow(RangeError);
  });
});
