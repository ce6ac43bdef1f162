import { z } from 'zod';
import { serviceConfigSchema } from '@concord/config';

/** An optional setting; an empty value counts as unset, as templates write it. */
const orUnset = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema);

const wholeNumber = (fallback: number, min: number, max: number, unit = '') =>
  orUnset(
    z.coerce
      .number({ message: `expected a number${unit}` })
      .int(`expected a whole number${unit}`)
      .min(min, `expected at least ${min}${unit}`)
      .max(max, `expected at most ${max}${unit}`)
      .default(fallback),
  );

const ISO_DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
const UNIT_MS = [7 * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000];

/**
 * An ISO-8601 duration of weeks, days, hours, minutes and seconds (`PT15M`, `PT30S`, `P1D`), as a
 * number of milliseconds. Months and years have no fixed length and are refused, like the charter's.
 */
const isoDuration = (fallback: string) =>
  orUnset(
    z
      .string()
      .default(fallback)
      .transform((text, context) => {
        const match = ISO_DURATION.exec(text);
        const ms = match && text !== 'P' && !text.endsWith('T') ? match.slice(1).reduce((total, part, index) => total + Number(part ?? 0) * UNIT_MS[index], 0) : 0;
        if (ms <= 0) {
          context.addIssue({ code: 'custom', message: 'expected an ISO-8601 duration longer than 0 such as PT15M, PT30S or P1D (no months or years)' });
          return z.NEVER;
        }
        return ms;
      }),
  );

export const ordersConfigSchema = serviceConfigSchema(3002).extend({
  /** The Postgres schema orders owns: orders, their history, the read models, its outbox and processed events. */
  ORDERS_DB_SCHEMA: orUnset(
    z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'expected a lower-case Postgres identifier (letters, digits, "_"; at most 63)')
      .default('orders'),
  ),
  /** The consumer group every orders instance joins; also names its dead-letter topics. */
  ORDERS_GROUP_ID: orUnset(
    z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,200}$/, 'expected letters, digits, ".", "_" or "-" (at most 200)')
      .default('orders'),
  ),
  /** Database connections per instance. */
  ORDERS_DB_POOL_SIZE: wholeNumber(10, 2, 100),
  /**
   * Partitions of the consumed topics processed at the same time; order stays per partition. Safe
   * because every use case locks what it reads (as two instances would need anyway).
   */
  ORDERS_CONSUMER_CONCURRENCY: wholeNumber(3, 1, 32),
  /**
   * How long an order with a new customer waits for the ERP's id (CustomerChanged) before it is
   * held for review (AWAITING_CUSTOMER_CREATION). Read as milliseconds.
   */
  ORDERS_CUSTOMER_WAIT: isoDuration('PT15M'),
  /** How often the sweep looks for orders whose customer wait has run out. */
  ORDERS_CUSTOMER_WAIT_SWEEP_INTERVAL_MS: wholeNumber(30_000, 100, 3_600_000, ' of milliseconds'),
  /** Orders one sweep transaction handles; a sweep takes batches until nothing is due. */
  ORDERS_CUSTOMER_WAIT_SWEEP_BATCH_SIZE: wholeNumber(200, 1, 10_000),
  /** Held orders GET /orders/held returns per page when no limit is asked for. */
  ORDERS_HELD_LIST_DEFAULT_LIMIT: wholeNumber(50, 1, 500),
});

export type OrdersConfig = z.infer<typeof ordersConfigSchema>;

/** Injection token of the validated OrdersConfig. */
export const ORDERS_CONFIG = Symbol('ORDERS_CONFIG');
