import { aCustomer, charter, CUSTOMER_ID } from './__fixtures__/order-fixtures';
import { answersCustomerWait, customerKeysOf, resolveCustomer } from './customer-resolution';

const OTHER_ID = '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';

describe('mapping the order’s customer to ERP ids', () => {
  describe('with the charter’s customer_id_mapping rule (ECOMMERCE "123" is ERP "C123")', () => {
    it('looks the customer up under the mapped ERP id as well as the source id', () => {
      expect(customerKeysOf({ sourceSystem: 'ECOMMERCE', externalCustomerId: '123' }, charter)).toEqual({
        source: { sourceSystem: 'ECOMMERCE', externalId: '123' },
        erp: { sourceSystem: 'ERP', externalId: 'C123' },
      });
    });

    it('knows the customer whose golden record holds the mapped ERP id, even without the storefront id', () => {
      const erpOnly = aCustomer({ crossReferences: [{ sourceSystem: 'ERP', externalId: 'C123' }] });
      expect(resolveCustomer({ sourceSystem: 'ECOMMERCE', externalCustomerId: '123' }, [erpOnly], charter)).toEqual({
        kind: 'known',
        customerId: CUSTOMER_ID,
        erpCustomerId: 'C123',
        accountStatus: 'ACTIVE',
      });
    });

    it('expects the mapped ERP id while the customer is unknown', () => {
      expect(resolveCustomer({ sourceSystem: 'ECOMMERCE', externalCustomerId: '123' }, [], charter)).toEqual({ kind: 'unknown', expectedErpCustomerId: 'C123' });
    });

    it('does not map an id of another shape, and has no rule for the CRM', () => {
      expect(customerKeysOf({ sourceSystem: 'ECOMMERCE', externalCustomerId: 'guest-42' }, charter).erp).toBeNull();
      expect(customerKeysOf({ sourceSystem: 'CRM', externalCustomerId: '123' }, charter).erp).toBeNull();
    });
  });

  describe('through the cross-reference', () => {
    const crm = { sourceSystem: 'CRM' as const, externalCustomerId: 'CRM-ACC-42' };

    it('knows a customer whose golden record holds the source id and an ERP id', () => {
      const customer = aCustomer({ crossReferences: [{ sourceSystem: 'CRM', externalId: 'CRM-ACC-42' }, { sourceSystem: 'ERP', externalId: 'E-777' }] });
      expect(resolveCustomer(crm, [customer], charter)).toMatchObject({ kind: 'known', erpCustomerId: 'E-777' });
    });

    it('does not know a customer the ERP has no id for yet', () => {
      const crmOnly = aCustomer({ crossReferences: [{ sourceSystem: 'CRM', externalId: 'CRM-ACC-42' }] });
      expect(resolveCustomer(crm, [crmOnly], charter)).toEqual({ kind: 'unknown', expectedErpCustomerId: null });
    });

    it('takes the most recently changed record when two claim the same id', () => {
      const older = aCustomer({ customerId: OTHER_ID, changedAt: new Date('2026-01-01'), crossReferences: [{ sourceSystem: 'CRM', externalId: 'CRM-ACC-42' }, { sourceSystem: 'ERP', externalId: 'E-1' }] });
      const newer = aCustomer({ changedAt: new Date('2026-06-01'), crossReferences: [{ sourceSystem: 'CRM', externalId: 'CRM-ACC-42' }, { sourceSystem: 'ERP', externalId: 'E-2' }] });
      expect(resolveCustomer(crm, [older, newer], charter)).toMatchObject({ customerId: CUSTOMER_ID, erpCustomerId: 'E-2' });
    });
  });

  it('reports the account status for the order to act on', () => {
    expect(resolveCustomer({ sourceSystem: 'ECOMMERCE', externalCustomerId: '123' }, [aCustomer({ accountStatus: 'ON_HOLD' })], charter)).toMatchObject({
      kind: 'known',
      accountStatus: 'ON_HOLD',
    });
  });
});

describe('whether a CustomerChanged answers an order waiting for its customer', () => {
  const wait = { sourceSystem: 'ECOMMERCE' as const, externalCustomerId: '123', expectedErpCustomerId: 'C123' };

  it('does when it carries the order’s own id and an ERP id', () => {
    expect(answersCustomerWait(aCustomer({ crossReferences: [{ sourceSystem: 'ECOMMERCE', externalId: '123' }, { sourceSystem: 'ERP', externalId: 'C900' }] }), wait)).toBe(true);
  });

  it('does when it carries the ERP id the charter’s rule expects', () => {
    expect(answersCustomerWait(aCustomer({ crossReferences: [{ sourceSystem: 'ERP', externalId: 'C123' }] }), wait)).toBe(true);
  });

  it('does not without an ERP id, or for another customer', () => {
    expect(answersCustomerWait(aCustomer({ crossReferences: [{ sourceSystem: 'ECOMMERCE', externalId: '123' }] }), wait)).toBe(false);
    expect(answersCustomerWait(aCustomer({ crossReferences: [{ sourceSystem: 'ECOMMERCE', externalId: '124' }, { sourceSystem: 'ERP', externalId: 'C124' }] }), wait)).toBe(false);
  });
});
