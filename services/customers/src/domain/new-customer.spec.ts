import { randomUUID } from 'node:crypto';
import { aCustomerCreationRequested, aNewCustomerDetails, aPostalAddress } from '@concord/contracts';
import { INITIAL_RECORD } from './golden-record';
import { buildCustomerSyncRequested, fieldWriteOfCreationRequest, validateCustomerCreationRequest } from './new-customer';

describe('validating a CustomerCreationRequested', () => {
  it('accepts what the orders service sends for a storefront customer', () => {
    expect(validateCustomerCreationRequest(aCustomerCreationRequested())).toEqual([]);
  });

  it('names every structural problem with its field', () => {
    const request = aCustomerCreationRequested({
      sourceSystem: 'ERP',
      externalCustomerId: '',
      customer: aNewCustomerDetails({ name: '  ', billingAddress: aPostalAddress({ line1: '', postalCode: '', countryCode: 'Germany' }) }),
    });
    expect(validateCustomerCreationRequest(request).map((error) => `${error.code} ${error.field}`)).toEqual([
      'CUSTOMERS.UNEXPECTED_SOURCE_SYSTEM sourceSystem',
      'CUSTOMERS.MISSING_REQUIRED_FIELD externalCustomerId',
      'CUSTOMERS.MISSING_REQUIRED_FIELD customer.name',
      'CUSTOMERS.MISSING_REQUIRED_FIELD customer.billingAddress.line1',
      'CUSTOMERS.MISSING_REQUIRED_FIELD customer.billingAddress.postalCode',
      'CUSTOMERS.INVALID_FIELD customer.billingAddress.countryCode',
    ]);
  });
});

describe('what a creation request writes', () => {
  it('is the captured name, address and tax id, with a primary contact named like the account when an e-mail or phone was given', () => {
    const request = aCustomerCreationRequested({ customer: aNewCustomerDetails({ email: 'orders@keller.example', phone: '', taxId: 'DE123456789' }) });
    expect(fieldWriteOfCreationRequest(request)).toEqual({
      system: 'ECOMMERCE',
      at: request.requestedAt,
      fields: {
        name: request.customer.name,
        billingAddress: request.customer.billingAddress,
        taxId: 'DE123456789',
        contacts: [{ name: request.customer.name, email: 'orders@keller.example', phone: null, role: null, primary: true }],
      },
    });
  });

  it('has no contact when neither an e-mail nor a phone was captured', () => {
    const request = aCustomerCreationRequested({ customer: aNewCustomerDetails({ email: null, phone: null, taxId: null }) });
    expect(fieldWriteOfCreationRequest(request).fields).toEqual({ name: request.customer.name, billingAddress: request.customer.billingAddress });
  });
});

describe('the CustomerSyncRequested to the ERP', () => {
  it('carries the golden record, the origin id and the waiting order', () => {
    const customerId = randomUUID();
    const syncRequestId = randomUUID();
    const orderId = randomUUID();
    const requestedAt = new Date('2026-03-01T09:00:00.000Z');
    const record = { ...INITIAL_RECORD, name: 'Keller Maschinenbau GmbH', billingAddress: aPostalAddress(), taxId: 'DE123456789' };
    expect(buildCustomerSyncRequested(record, { customerId, syncRequestId, origin: { system: 'ECOMMERCE', externalId: '123', orderId }, requestedAt })).toEqual({
      syncRequestId,
      customerId,
      targetSystem: 'ERP',
      reason: 'NEW_CUSTOMER',
      originSystem: 'ECOMMERCE',
      originExternalId: '123',
      orderId,
      name: 'Keller Maschinenbau GmbH',
      contacts: [],
      billingAddress: aPostalAddress(),
      taxId: 'DE123456789',
      parentTargetId: null,
      requestedAt,
    });
  });

  it('cannot be built for a customer without a billing address', () => {
    const origin = { system: 'CRM' as const, externalId: 'CRM-1', orderId: null };
    expect(() => buildCustomerSyncRequested(INITIAL_RECORD, { customerId: 'c-1', syncRequestId: 's-1', origin, requestedAt: new Date() })).toThrow(/no billing address/);
  });
});
