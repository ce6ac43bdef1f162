import { BadRequestException } from '@nestjs/common';
import { z } from 'zod';
import { MAX_ORDER_RATE } from '../config/simulator.config';

/** The most orders one burst may send: a load run's 100,000 with room to spare. */
export const MAX_BURST_COUNT = 1_000_000;

const numberError = (issue: { input: unknown }) => (issue.input === undefined ? 'required' : `expected a number (got ${JSON.stringify(issue.input)})`);
const rate = z
  .number({ error: numberError })
  .min(0, `expected a number from 0 to ${MAX_ORDER_RATE}`)
  .max(MAX_ORDER_RATE, `expected a number from 0 to ${MAX_ORDER_RATE}`);
const share = z.number({ error: numberError }).min(0, 'expected a share from 0 to 1').max(1, 'expected a share from 0 to 1').optional();

/** Body of `POST /simulator/orders/rate`: `{ "ordersPerSecond": 50 }`. */
export const orderRateRequestSchema = z.object({ ordersPerSecond: rate }).strict();
export type OrderRateRequest = z.infer<typeof orderRateRequestSchema>;

/**
 * Body of `POST /simulator/orders/burst`: `{ "count": 100000, "rate": 2000 }`, optionally with the
 * burst's own `badShare`, `newCustomerShare` and `cancelShare` (by default the configured ones).
 */
export const orderBurstRequestSchema = z
  .object({
    count: z
      .number({ error: numberError })
      .int('expected a whole number')
      .min(0, `expected a whole number from 0 to ${MAX_BURST_COUNT}`)
      .max(MAX_BURST_COUNT, `expected a whole number from 0 to ${MAX_BURST_COUNT}`),
    rate: rate.refine((value) => value > 0, `expected a number above 0, at most ${MAX_ORDER_RATE}`),
    badShare: share,
    newCustomerShare: share,
    cancelShare: share,
  })
  .strict()
  .superRefine((body, ctx) => {
    const [bad, fresh] = [body.badShare ?? 0, body.newCustomerShare ?? 0];
    // Each share out of range is already named; only two valid shares can add up to too much.
    if (bad <= 1 && fresh <= 1 && bad + fresh > 1) {
      ctx.addIssue({ code: 'custom', path: ['newCustomerShare'], message: 'together with badShare it exceeds 1: the shares are of all orders' });
    }
  });
export type OrderBurstRequestBody = z.infer<typeof orderBurstRequestSchema>;

/** The validated body, or a 400 whose message names each bad field: `ordersPerSecond: required`. */
export function parseOrderRateRequest(body: unknown): OrderRateRequest {
  return parse(orderRateRequestSchema, body, 'ordersPerSecond');
}

/** The validated body, or a 400 whose message names each bad field: `count: expected a whole number`. */
export function parseOrderBurstRequest(body: unknown): OrderBurstRequestBody {
  return parse(orderBurstRequestSchema, body, 'count, rate, badShare, newCustomerShare, cancelShare');
}

function parse<S extends z.ZodType>(schema: S, body: unknown, fields: string): z.infer<S> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') return `${issue.keys.join(', ')}: unknown field (expected only ${fields})`;
    return `${issue.path.join('.') || 'body'}: ${issue.message}`;
  });
  throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: issues.join('; '), issues });
}
