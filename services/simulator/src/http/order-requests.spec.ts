import { BadRequestException } from '@nestjs/common';
import { parseOrderBurstRequest, parseOrderRateRequest } from './order-requests';

function rejection(parse: (body: unknown) => unknown, body: unknown): string {
  try {
    parse(body);
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestException);
    return ((error as BadRequestException).getResponse() as { message: string }).message;
  }
  throw new Error('expected a 400');
}

describe('parseOrderRateRequest', () => {
  it('accepts a rate from 0 upwards', () => {
    expect(parseOrderRateRequest({ ordersPerSecond: 0 })).toEqual({ ordersPerSecond: 0 });
    expect(parseOrderRateRequest({ ordersPerSecond: 2.5 })).toEqual({ ordersPerSecond: 2.5 });
  });

  it('names a missing, mistyped, out-of-range or unknown field', () => {
    expect(rejection(parseOrderRateRequest, {})).toBe('ordersPerSecond: required');
    expect(rejection(parseOrderRateRequest, { ordersPerSecond: 'many' })).toBe('ordersPerSecond: expected a number (got "many")');
    expect(rejection(parseOrderRateRequest, { ordersPerSecond: -1 })).toBe('ordersPerSecond: expected a number from 0 to 20000');
    expect(rejection(parseOrderRateRequest, { ordersPerSecond: 1, rate: 1 })).toBe('rate: unknown field (expected only ordersPerSecond)');
  });
});

describe('parseOrderBurstRequest', () => {
  it('accepts a count and a rate, with optional shares of its own', () => {
    expect(parseOrderBurstRequest({ count: 100_000, rate: 2000 })).toEqual({ count: 100_000, rate: 2000 });
    expect(parseOrderBurstRequest({ count: 10, rate: 5, badShare: 0.05, newCustomerShare: 0, cancelShare: 0 })).toEqual({ count: 10, rate: 5, badShare: 0.05, newCustomerShare: 0, cancelShare: 0 });
  });

  it('names each bad field', () => {
    expect(rejection(parseOrderBurstRequest, {})).toBe('count: required; rate: required');
    expect(rejection(parseOrderBurstRequest, { count: 1.5, rate: 10 })).toBe('count: expected a whole number');
    expect(rejection(parseOrderBurstRequest, { count: 10, rate: 0 })).toBe('rate: expected a number above 0, at most 20000');
    expect(rejection(parseOrderBurstRequest, { count: 10, rate: 10, badShare: 2 })).toBe('badShare: expected a share from 0 to 1');
    expect(rejection(parseOrderBurstRequest, { count: 10, rate: 10, badShare: 0.6, newCustomerShare: 0.6 })).toBe(
      'newCustomerShare: together with badShare it exceeds 1: the shares are of all orders',
    );
    expect(rejection(parseOrderBurstRequest, { count: 10, rate: 10, size: 3 })).toBe('size: unknown field (expected only count, rate, badShare, newCustomerShare, cancelShare)');
  });
});
