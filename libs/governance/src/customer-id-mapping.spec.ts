import { CustomerIdMapping } from './customer-id-mapping';

const mapping = new CustomerIdMapping({ ECOMMERCE: { externalIdPattern: '\\d{1,12}', erpIdPrefix: 'C' } });

describe('erpCustomerIdFor', () => {
  describe('when eCommerce customer "123" arrives', () => {
    it('is ERP customer "C123"', () => {
      expect(mapping.erpCustomerIdFor('ECOMMERCE', '123')).toEqual({ mapped: true, erpCustomerId: 'C123' });
    });
  });

  describe('when the id does not have the shape the rule expects', () => {
    it('is not mapped, with the reason', () => {
      expect(mapping.erpCustomerIdFor('ECOMMERCE', 'guest-123')).toEqual({ mapped: false, reason: 'ECOMMERCE customer id "guest-123" does not match ^(?:\\d{1,12})$' });
    });
  });

  describe('when the source system has no rule', () => {
    it('is not mapped (the cross-reference table decides)', () => {
      expect(mapping.erpCustomerIdFor('CRM', '123')).toEqual({ mapped: false, reason: 'the charter has no customer id rule for CRM' });
    });
  });

  it('maps ERP ids to themselves', () => {
    expect(mapping.erpCustomerIdFor('ERP', 'C123')).toEqual({ mapped: true, erpCustomerId: 'C123' });
  });
});

describe('externalCustomerIdFor', () => {
  it('reverses the rule', () => {
    expect(mapping.externalCustomerIdFor('ECOMMERCE', 'C123')).toBe('123');
  });

  it('gives nothing for an ERP id the rule did not make', () => {
    expect(mapping.externalCustomerIdFor('ECOMMERCE', 'K123')).toBeUndefined();
    expect(mapping.externalCustomerIdFor('ECOMMERCE', 'CABC')).toBeUndefined();
    expect(mapping.externalCustomerIdFor('CRM', 'C123')).toBeUndefined();
  });
});
