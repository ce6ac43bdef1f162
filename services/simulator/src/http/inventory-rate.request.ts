import { BadRequestException } from '@nestjs/common';
import { z } from 'zod';
import { MAX_INVENTORY_RATE } from '../config/simulator.config';

/** Body of `POST /simulator/inventory/rate`: `{ "eventsPerSecond": 500 }`. */
export const inventoryRateRequestSchema = z
  .object({
    eventsPerSecond: z
      .number({ error: (issue) => (issue.input === undefined ? 'required' : `expected a number (got ${JSON.stringify(issue.input)})`) })
      .min(0, `expected a number from 0 to ${MAX_INVENTORY_RATE}`)
      .max(MAX_INVENTORY_RATE, `expected a number from 0 to ${MAX_INVENTORY_RATE}`),
  })
  .strict();

export type InventoryRateRequest = z.infer<typeof inventoryRateRequestSchema>;

/** The validated body, or a 400 whose message names each bad field: `eventsPerSecond: required`. */
export function parseInventoryRateRequest(body: unknown): InventoryRateRequest {
  const result = inventoryRateRequestSchema.safeParse(body ?? {});
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') return `${issue.keys.join(', ')}: unknown field (expected only eventsPerSecond)`;
    return `${issue.path.join('.') || 'body'}: ${issue.message}`;
  });
  throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: issues.join('; '), issues });
}
