import { z } from 'zod';
import { serviceConfigSchema } from '@concord/config';

/** An optional setting; an empty value counts as unset, as templates write it. */
const orUnset = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema);

export const customersConfigSchema = serviceConfigSchema(3004).extend({
  /** The Postgres schema customers owns: golden records, cross-references, sync requests, its outbox and processed events. */
  CUSTOMERS_DB_SCHEMA: orUnset(
    z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'expected a lower-case Postgres identifier (letters, digits, "_"; at most 63)')
      .default('customers'),
  ),
  /** The consumer group every customers instance joins; also names its dead-letter topics. */
  CUSTOMERS_GROUP_ID: orUnset(
    z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,200}$/, 'expected letters, digits, ".", "_" or "-" (at most 200)')
      .default('customers'),
  ),
  /** Database connections per instance. */
  CUSTOMERS_DB_POOL_SIZE: orUnset(
    z.coerce.number({ message: 'expected a number' }).int('expected a whole number').min(2, 'expected at least 2').max(100, 'expected at most 100').default(10),
  ),
});

export type CustomersConfig = z.infer<typeof customersConfigSchema>;

/** Injection token of the validated CustomersConfig. */
export const CUSTOMERS_CONFIG = Symbol('CUSTOMERS_CONFIG');
