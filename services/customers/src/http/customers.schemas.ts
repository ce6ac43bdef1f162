import { z } from 'zod';
import { SYSTEMS } from '@concord/governance';

/** A canonical customer id in a path. */
export const customerIdParameter = z.uuid({ message: 'expected a customer id (a UUID)' });

/** GET /customers?sourceSystem=&externalId=: a system's id of a customer. */
export const crossReferenceQuery = z
  .object({
    sourceSystem: z.enum(SYSTEMS, { message: `expected one of ${SYSTEMS.join(', ')}` }),
    externalId: z
      .string({ message: 'expected the customer’s id in that system' })
      .min(1, 'expected the customer’s id in that system')
      .max(200, 'expected at most 200 characters'),
  })
  .strict();

export type CrossReferenceQuery = z.infer<typeof crossReferenceQuery>;
