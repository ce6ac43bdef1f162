import { randomUUID } from 'node:crypto';
import { Decimal } from 'decimal.js';
import { aContact, aPostalAddress } from '@concord/contracts';
import { INITIAL_RECORD, toCustomerChanged, valueAsJson, type StoredCustomer } from './golden-record';

describe('the golden record as CustomerChanged', () => {
  it('carries every cross-reference, the values, their lineage, the version and the charter version', () => {
    const updatedAt = new Date('2026-03-01T09:00:00.000Z');
    const customer: StoredCustomer = {
      customerId: randomUUID(),
      record: {
        ...INITIAL_RECORD,
        name: 'Keller Maschinenbau GmbH',
        contacts: [aContact()],
        billingAddress: aPostalAddress(),
        creditLimitAmount: new Decimal('25000'),
        currency: 'EUR',
        accountStatus: 'ACTIVE',
        fieldSources: [{ field: 'creditLimitAmount', sourceSystem: 'ERP', updatedAt }],
      },
      crossReferences: [
        { sourceSystem: 'ECOMMERCE', externalId: '123' },
        { sourceSystem: 'ERP', externalId: 'C123' },
      ],
      version: 2,
      changedAt: updatedAt,
      charterVersion: '2026.11.1',
    };
    expect(toCustomerChanged(customer)).toEqual({
      customerId: customer.customerId,
      crossReferences: customer.crossReferences,
      name: 'Keller Maschinenbau GmbH',
      contacts: [aContact()],
      billingAddress: aPostalAddress(),
      taxId: null,
      creditLimitAmount: new Decimal('25000'),
      openReceivablesAmount: null,
      currency: 'EUR',
      paymentTerms: null,
      parentCustomerId: null,
      accountStatus: 'ACTIVE',
      fieldSources: [{ field: 'creditLimitAmount', sourceSystem: 'ERP', updatedAt }],
      version: 2,
      changedAt: updatedAt,
      charterVersion: '2026.11.1',
    });
  });
});

describe('a field value as JSON', () => {
  it('writes money with its four places and records in contract order', () => {
    expect(valueAsJson('creditLimitAmount', new Decimal('12.5'))).toBe('12.5000');
    expect(Object.keys(valueAsJson('billingAddress', { countryCode: 'DE', postalCode: '70565', city: 'Stuttgart', line1: 'Industriestrasse 12', region: null, line2: null }) as object)).toEqual([
      'line1',
      'line2',
      'city',
      'region',
      'postalCode',
      'countryCode',
    ]);
    expect(valueAsJson('taxId', null)).toBeNull();
  });
});
