import { z } from 'zod';
import { serviceConfigSchema } from '@concord/config';

/** An optional setting; an empty value counts as unset, as templates write it. */
const orUnset = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema);

const milliseconds = (fallback: number, min: number, max: number) =>
  orUnset(
    z.coerce
      .number({ message: 'expected a number of milliseconds' })
      .int('expected a whole number of milliseconds')
      .min(min, `expected at least ${min} ms`)
      .max(max, `expected at most ${max} ms`)
      .default(fallback),
  );

export const inventoryConfigSchema = serviceConfigSchema(3001).extend({
  /** The Postgres schema inventory owns: stock, reservations, its outbox and processed events. */
  INVENTORY_DB_SCHEMA: orUnset(
    z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'expected a lower-case Postgres identifier (letters, digits, "_"; at most 63)')
      .default('inventory'),
  ),
  /** The consumer group every inventory instance joins; also names its dead-letter topics. */
  INVENTORY_GROUP_ID: orUnset(
    z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,200}$/, 'expected letters, digits, ".", "_" or "-" (at most 200)')
      .default('inventory'),
  ),
  /**
   * How often the staleness sweep looks for SKUs whose data expired while no event arrived
   * (published as 0/UNCONFIRMED, snapshot requested).
   */
  INVENTORY_STALE_SWEEP_INTERVAL_MS: milliseconds(30_000, 100, 3_600_000),
  /** SKUs one sweep transaction handles; a sweep takes batches until nothing is due. */
  INVENTORY_STALE_SWEEP_BATCH_SIZE: orUnset(
    z.coerce.number({ message: 'expected a number' }).int('expected a whole number').min(1, 'expected at least 1').max(10_000, 'expected at most 10000').default(200),
  ),
  /** Database connections per instance. */
  INVENTORY_DB_POOL_SIZE: orUnset(
    z.coerce.number({ message: 'expected a number' }).int('expected a whole number').min(2, 'expected at least 2').max(100, 'expected at most 100').default(10),
  ),
  /**
   * Partitions of the consumed topics processed at the same time; order stays per partition (and
   * so per SKU). More overlaps one chunk's database round trips with another's work.
   */
  INVENTORY_CONSUMER_CONCURRENCY: orUnset(
    z.coerce.number({ message: 'expected a number' }).int('expected a whole number').min(1, 'expected at least 1').max(32, 'expected at most 32').default(3),
  ),
  /** Consumed records applied per database transaction by the set-based paths (InventoryUpdated, reservations). */
  INVENTORY_CONSUMER_CHUNK_SIZE: orUnset(
    z.coerce.number({ message: 'expected a number' }).int('expected a whole number').min(1, 'expected at least 1').max(10_000, 'expected at most 10000').default(500),
  ),
  /** Most SKUs GET /inventory/stock?status=stale returns when no limit is asked for. */
  INVENTORY_STALE_LIST_DEFAULT_LIMIT: orUnset(
    z.coerce.number({ message: 'expected a number' }).int('expected a whole number').min(1, 'expected at least 1').max(1000, 'expected at most 1000').default(100),
  ),
});

export type InventoryConfig = z.infer<typeof inventoryConfigSchema>;

/** Injection token of the validated InventoryConfig. */
export const INVENTORY_CONFIG = Symbol('INVENTORY_CONFIG');
