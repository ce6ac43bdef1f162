import { BadRequestException } from '@nestjs/common';
import { parseInventoryRateRequest } from './inventory-rate.request';

function rejection(body: unknown): string {
  try {
    parseInventoryRateRequest(body);
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestException);
    return ((error as BadRequestException).getResponse() as { message: string }).message;
  }
  throw new Error('expected a 400');
}

describe('parseInventoryRateRequest', () => {
  it('accepts a rate from 0 upwards, fractions included', () => {
    expect(parseInventoryRateRequest({ eventsPerSecond: 0 })).toEqual({ eventsPerSecond: 0 });
    expect(parseInventoryRateRequest({ eventsPerSecond: 0.5 })).toEqual({ eventsPerSecond: 0.5 });
    expect(parseInventoryRateRequest({ eventsPerSecond: 2000 })).toEqual({ eventsPerSecond: 2000 });
  });

  describe('when the body is wrong', () => {
    it('names a missing field', () => {
      expect(rejection({})).toBe('eventsPerSecond: required');
      expect(rejection(undefined)).toBe('eventsPerSecond: required');
    });

    it('names a field that is not a number, showing what came', () => {
      expect(rejection({ eventsPerSecond: 'fast' })).toBe('eventsPerSecond: expected a number (got "fast")');
    });

    it('names a rate out of range', () => {
      expect(rejection({ eventsPerSecond: -1 })).toBe('eventsPerSecond: expected a number from 0 to 50000');
      expect(rejection({ eventsPerSecond: 1e9 })).toBe('eventsPerSecond: expected a number from 0 to 50000');
    });

    it('names an unknown field', () => {
      expect(rejection({ eventsPerSecond: 5, rate: 5 })).toBe('rate: unknown field (expected only eventsPerSecond)');
    });
  });
});
