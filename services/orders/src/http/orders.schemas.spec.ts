import { BadRequestException } from '@nestjs/common';
import { ParsedWith } from '@concord/service-runtime';
import { externalOrderQuery, heldOrdersQuery, orderIdParameter, releaseBody } from './orders.schemas';

function rejection(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestException);
    return ((error as BadRequestException).getResponse() as { message: string }).message;
  }
  throw new Error('expected a 400');
}

describe('validating the orders HTTP input', () => {
  it('passes on the parsed values', () => {
    expect(new ParsedWith(orderIdParameter, 'orderId').transform('3F1C9A2E-7B4D-4E8A-9C10-5D2E6F7A8B90')).toBe('3f1c9a2e-7b4d-4e8a-9c10-5d2e6f7a8b90');
    expect(new ParsedWith(externalOrderQuery).transform({ sourceSystem: 'CRM', externalOrderId: ' CRM-7 ' })).toEqual({ sourceSystem: 'CRM', externalOrderId: 'CRM-7' });
    expect(new ParsedWith(heldOrdersQuery).transform({ limit: '20', offset: '40' })).toEqual({ limit: 20, offset: 40 });
    expect(new ParsedWith(releaseBody).transform({ releasedBy: 'j.doe' })).toEqual({ releasedBy: 'j.doe' });
  });

  it('names the order id parameter', () => {
    expect(rejection(() => new ParsedWith(orderIdParameter, 'orderId').transform('held-orders'))).toBe('orderId: expected an order id (a UUID)');
  });

  it('names every bad query field, and fields nobody asked for', () => {
    expect(rejection(() => new ParsedWith(externalOrderQuery).transform({ sourceSystem: 'ERP', externalOrderId: '' })).split('; ').sort()).toEqual([
      'externalOrderId: expected the order id in the source system',
      'sourceSystem: expected "ECOMMERCE" or "CRM" (the systems orders are placed in)',
    ]);
    expect(rejection(() => new ParsedWith(heldOrdersQuery).transform({ limit: '0', page: '2' })).split('; ').sort()).toEqual(['limit: expected at least 1', 'page: not a known field']);
  });

  it('needs who releases an order, and a JSON object', () => {
    expect(rejection(() => new ParsedWith(releaseBody).transform({ note: 'fixed' }))).toBe('releasedBy: expected who releases the order');
    expect(rejection(() => new ParsedWith(releaseBody).transform({ releasedBy: '  ' }))).toBe('releasedBy: expected who releases the order');
    expect(rejection(() => new ParsedWith(releaseBody).transform('j.doe'))).toMatch(/^body: expected a JSON object like/);
  });
});
