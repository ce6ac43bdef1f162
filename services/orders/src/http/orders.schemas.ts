import { z } from 'zod';

/** An order id in a path: the UUID orders gave the order. */
export const orderIdParameter = z.uuid({ message: 'expected an order id (a UUID)' }).transform((id) => id.toLowerCase());

/** GET /orders?sourceSystem=&externalOrderId= */
export const externalOrderQuery = z
  .object({
    sourceSystem: z.enum(['ECOMMERCE', 'CRM'], { message: 'expected "ECOMMERCE" or "CRM" (the systems orders are placed in)' }),
    externalOrderId: z.string().trim().min(1, 'expected the order id in the source system').max(200, 'expected at most 200 characters'),
  })
  .strict();

export type ExternalOrderQuery = z.infer<typeof externalOrderQuery>;

/** GET /orders/held?limit=&offset= */
export const heldOrdersQuery = z
  .object({
    limit: z.coerce.number({ message: 'expected a number' }).int('expected a whole number').min(1, 'expected at least 1').max(500, 'expected at most 500').optional(),
    offset: z.coerce.number({ message: 'expected a number' }).int('expected a whole number').min(0, 'expected 0 or more').optional(),
  })
  .strict();

export type HeldOrdersQuery = z.infer<typeof heldOrdersQuery>;

/** POST /orders/:orderId/release */
export const releaseBody = z
  .object(
    {
      releasedBy: z.string({ message: 'expected who releases the order' }).trim().min(1, 'expected who releases the order').max(200, 'expected at most 200 characters'),
      note: z.string({ message: 'expected a text' }).trim().max(2000, 'expected at most 2000 characters').nullable().optional(),
    },
    { message: 'expected a JSON object like {"releasedBy": "j.doe", "note": "price corrected in the ERP"}' },
  )
  .strict();

export type ReleaseBody = z.infer<typeof releaseBody>;
