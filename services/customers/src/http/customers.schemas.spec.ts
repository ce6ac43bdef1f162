import { BadRequestException } from '@nestjs/common';
import { crossReferenceQuery, customerIdParameter } from './customers.schemas';
import { ParsedWith } from '@concord/service-runtime';

function rejection(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestException);
    return ((error as BadRequestException).getResponse() as { message: string }).message;
  }
  throw new Error('expected a 400');
}

describe('validating the customers HTTP input', () => {
  it('passes on a customer id and a cross-reference query', () => {
    const id = '3f2b8c1e-9d4a-4e6b-8a7c-1d2e3f405162';
    expect(new ParsedWith(customerIdParameter, 'customerId').transform(id)).toBe(id);
    expect(new ParsedWith(crossReferenceQuery).transform({ sourceSystem: 'ECOMMERCE', externalId: '123' })).toEqual({ sourceSystem: 'ECOMMERCE', externalId: '123' });
  });

  it('names the customer id when it is not a UUID', () => {
    expect(rejection(() => new ParsedWith(customerIdParameter, 'customerId').transform('C123'))).toBe('customerId: expected a customer id (a UUID)');
  });

  it('names every bad or missing query field, and fields nobody asked for', () => {
    expect(rejection(() => new ParsedWith(crossReferenceQuery).transform({ sourceSystem: 'SHOP', colour: 'red' })).split('; ').sort()).toEqual([
      'colour: not a known field',
      'externalId: expected the customer’s id in that system',
      'sourceSystem: expected one of ERP, PIM, CRM, WMS, ECOMMERCE',
    ]);
  });
});
