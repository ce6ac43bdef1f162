import { Decimal } from 'decimal.js';
import { aContact, aCustomerUpserted, aPostalAddress } from '@concord/contracts';
import { fieldWriteOfUpsert, validateCustomerUpserted } from './customer-upsert';

const described = (errors: ReturnType<typeof validateCustomerUpserted>) => errors.map((error) => `${error.code} ${error.field}: ${error.message}`);

describe('validating a CustomerUpserted', () => {
  it('accepts a CRM account and an ERP customer with money in a currency', () => {
    expect(validateCustomerUpserted(aCustomerUpserted())).toEqual([]);
    expect(
      validateCustomerUpserted(
        aCustomerUpserted({ sourceSystem: 'ERP', externalId: 'C123', creditLimitAmount: new Decimal('25000'), openReceivablesAmount: new Decimal('-20'), currency: 'EUR' }),
      ),
    ).toEqual([]);
  });

  it('accepts a record that sends only some fields (null = not sent)', () => {
    expect(validateCustomerUpserted(aCustomerUpserted({ name: null, contacts: null, billingAddress: null, taxId: null, accountStatus: null }))).toEqual([]);
  });

  it('names every structural problem with its field', () => {
    const errors = validateCustomerUpserted(
      aCustomerUpserted({
        sourceSystem: 'WMS',
        externalId: ' ',
        name: '',
        contacts: [aContact({ name: '' }), aContact(), aContact()],
        billingAddress: aPostalAddress({ city: '', countryCode: 'de' }),
        creditLimitAmount: new Decimal('-1'),
        currency: null,
        accountStatus: 'UNKNOWN',
        updatedAt: new Date(Number.NaN),
      }),
    );
    expect(described(errors)).toEqual([
      'CUSTOMERS.UNEXPECTED_SOURCE_SYSTEM sourceSystem: expected one of CRM, ERP (got "WMS")',
      'CUSTOMERS.MISSING_REQUIRED_FIELD externalId: required, not blank',
      'CUSTOMERS.MISSING_REQUIRED_FIELD name: required, not blank',
      'CUSTOMERS.MISSING_REQUIRED_FIELD contacts[0].name: required, not blank',
      'CUSTOMERS.INVALID_FIELD contacts: at most one primary contact (got 3)',
      'CUSTOMERS.MISSING_REQUIRED_FIELD billingAddress.city: required, not blank',
      'CUSTOMERS.INVALID_FIELD billingAddress.countryCode: expected an ISO 3166-1 alpha-2 code in upper case (got "de")',
      'CUSTOMERS.INVALID_FIELD creditLimitAmount: expected zero or more (got -1)',
      'CUSTOMERS.MISSING_REQUIRED_FIELD currency: required when creditLimitAmount or openReceivablesAmount is sent',
      'CUSTOMERS.INVALID_FIELD accountStatus: UNKNOWN is the readers’ fallback; send null when the status is not known',
      'CUSTOMERS.INVALID_FIELD updatedAt: expected a valid instant',
    ]);
  });

  it('rejects a currency that is not an ISO 4217 code', () => {
    expect(described(validateCustomerUpserted(aCustomerUpserted({ currency: 'euro' })))).toEqual([
      'CUSTOMERS.INVALID_FIELD currency: expected an ISO 4217 code of three upper-case letters (got "euro")',
    ]);
  });
});

describe('what a CustomerUpserted writes', () => {
  it('is the fields it sent, stamped with its system and change time; blank optional texts count as not sent', () => {
    const upsert = aCustomerUpserted({
      sourceSystem: 'ERP',
      externalId: 'C123',
      contacts: null,
      taxId: ' ',
      creditLimitAmount: new Decimal('25000'),
      currency: 'EUR',
      paymentTerms: 'NET30',
      accountStatus: null,
    });
    expect(fieldWriteOfUpsert(upsert)).toEqual({
      system: 'ERP',
      at: upsert.updatedAt,
      fields: { name: upsert.name, billingAddress: upsert.billingAddress, creditLimitAmount: new Decimal('25000'), currency: 'EUR', paymentTerms: 'NET30' },
    });
  });
});
