import { BadRequestException } from '@nestjs/common';
import { ParsedWith } from '@concord/service-runtime';
import { skuParameter, stockListQuery, velocityTierBody } from './stock.schemas';

function rejection(run: () => unknown): { message: string; issues: unknown } {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestException);
    return (error as BadRequestException).getResponse() as { message: string; issues: unknown };
  }
  throw new Error('expected a 400');
}

describe('validating HTTP input', () => {
  it('passes on the parsed value', () => {
    expect(new ParsedWith(skuParameter, 'sku').transform('SKU-00042')).toBe('SKU-00042');
    expect(new ParsedWith(stockListQuery).transform({ status: 'stale', limit: '25' })).toEqual({ status: 'stale', limit: 25 });
    expect(new ParsedWith(velocityTierBody).transform({ tier: null })).toEqual({ tier: null });
  });

  it('names a path parameter by the name it is given', () => {
    expect(rejection(() => new ParsedWith(skuParameter, 'sku').transform('SKU 42'))).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'sku: expected a SKU without whitespace or "/"',
      issues: [{ field: 'sku', message: 'expected a SKU without whitespace or "/"' }],
    });
  });

  it('names every bad query field, and fields nobody asked for', () => {
    const { message } = rejection(() => new ParsedWith(stockListQuery).transform({ status: 'old', limit: '5000', colour: 'red' }));
    expect(message.split('; ').sort()).toEqual([
      'colour: not a known field',
      'limit: expected at most 1000',
      'status: expected "stale" (the only list there is: SKUs whose stock is UNCONFIRMED)',
    ]);
  });

  it('names the body field, also when it is missing or the body is not an object', () => {
    expect(rejection(() => new ParsedWith(velocityTierBody).transform({})).message).toMatch(/^tier: expected "HIGH", "MEDIUM", "SLOW", or null/);
    expect(rejection(() => new ParsedWith(velocityTierBody).transform('HIGH')).message).toBe('body: expected a JSON object like {"tier": "HIGH"}');
  });
});
