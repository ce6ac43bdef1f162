import { z } from 'zod';
import { serviceConfigSchema } from '@concord/config';

/** An optional setting; an empty value counts as unset, as templates write it. */
const orUnset = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema);

const share = (fallback: number) => orUnset(z.coerce.number().min(0, 'expected a share from 0 to 1').max(1, 'expected a share from 0 to 1').default(fallback));

/** The most records per second one simulator process is asked to send (far above the demo's 20). */
export const MAX_INVENTORY_RATE = 50_000;

export const simulatorConfigSchema = serviceConfigSchema(3007).extend({
  /** WMS records per second (movements, counts and bad records together); 0 stops the feed. */
  SIMULATOR_INVENTORY_RATE: orUnset(z.coerce.number().min(0).max(MAX_INVENTORY_RATE).default(20)),
  /** Share of WMS records that are bad: garbage text, a negative count or a blank location. */
  SIMULATOR_BAD_RECORD_SHARE: share(0.02),
  /** Seed of the warehouse model: the same seed replays the same traffic. */
  SIMULATOR_SEED: orUnset(z.coerce.number().int().min(0).max(2 ** 32 - 1).default(1)),
  /** How many SKUs the simulated warehouses stock: `<prefix>00001` upwards. */
  SIMULATOR_SKU_COUNT: orUnset(z.coerce.number().int().min(1).max(100_000).default(500)),
  SIMULATOR_SKU_PREFIX: orUnset(
    z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, 'expected letters, digits, ".", "_" or "-" (at most 40)')
      .default('SKU-'),
  ),
  /** Comma-separated location ids; by default every location of the charter's inventory routing. */
  SIMULATOR_LOCATIONS: orUnset(
    z
      .string()
      .transform((value) => value.split(',').map((location) => location.trim()))
      .refine((locations) => locations.every((location) => /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(location)), 'expected location ids separated by commas')
      .optional(),
  ),
  /**
   * The ERP books the WMS's movements in posting runs, one every this many milliseconds (an ERP
   * posts in batches, not as things happen); 0 books each movement in the same send as the WMS.
   */
  SIMULATOR_ERP_POSTING_INTERVAL_MS: orUnset(z.coerce.number().int().min(0).max(3_600_000).default(5000)),
  /** Share of movements the ERP books off by a few units: the drift reconciliation must find. */
  SIMULATOR_ERP_DRIFT_SHARE: share(0.02),
  /** The Postgres schema of the simulator's backbone tables (processed snapshot requests). */
  SIMULATOR_DB_SCHEMA: orUnset(
    z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'expected a lower-case Postgres identifier')
      .default('simulator'),
  ),
  /** The consumer group the simulator reads snapshot requests in. */
  SIMULATOR_GROUP_ID: orUnset(z.string().min(1).default('simulator')),
});

export type SimulatorConfig = z.infer<typeof simulatorConfigSchema>;
