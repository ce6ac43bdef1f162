import { z } from 'zod';

/** A SKU in a path: what source systems send, without whitespace or slashes. */
export const skuParameter = z
  .string()
  .min(1, 'expected a SKU')
  .max(100, 'expected at most 100 characters')
  .regex(/^[^\s/]+$/, 'expected a SKU without whitespace or "/"');

export const stockListQuery = z
  .object({
    status: z.enum(['stale'], { message: 'expected "stale" (the only list there is: SKUs whose stock is UNCONFIRMED)' }),
    limit: z.coerce
      .number({ message: 'expected a number' })
      .int('expected a whole number')
      .min(1, 'expected at least 1')
      .max(1000, 'expected at most 1000')
      .optional(),
  })
  .strict();

export type StockListQuery = z.infer<typeof stockListQuery>;

export const velocityTierBody = z
  .object(
    {
      tier: z.enum(['HIGH', 'MEDIUM', 'SLOW'], { message: 'expected "HIGH", "MEDIUM", "SLOW", or null to clear the override' }).nullable(),
    },
    { message: 'expected a JSON object like {"tier": "HIGH"}' },
  )
  .strict();

export type VelocityTierBody = z.infer<typeof velocityTierBody>;
