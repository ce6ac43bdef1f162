import { z } from 'zod';
import { serviceConfigSchema } from '@concord/config';

/** An optional setting; an empty value counts as unset, as templates write it. */
const orUnset = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema);

const share = (fallback: number) => orUnset(z.coerce.number().min(0, 'expected a share from 0 to 1').max(1, 'expected a share from 0 to 1').default(fallback));

/** The most records per second one simulator process is asked to send (far above the demo's 20). */
export const MAX_INVENTORY_RATE = 50_000;

/** The most orders per second the storefront is asked to send, steadily or in a burst. */
export const MAX_ORDER_RATE = 20_000;

/** The longest delay a range setting may name: one hour. */
const MAX_DELAY_MS = 3_600_000;

/** A delay range in milliseconds, written `min-max` (`500-5000`); `250` alone is a fixed delay. */
const delayRange = (fallback: string) =>
  orUnset(
    z
      .string()
      .default(fallback)
      .transform((value, ctx) => {
        const match = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(value);
        const min = match ? Number(match[1]) : NaN;
        const max = match ? Number(match[2] ?? match[1]) : NaN;
        if (!match || min > max || max > MAX_DELAY_MS) {
          ctx.addIssue({ code: 'custom', message: `expected milliseconds as min-max with min <= max <= ${MAX_DELAY_MS}, e.g. 500-5000` });
          return z.NEVER;
        }
        return { min, max };
      }),
  );

export const simulatorConfigSchema = serviceConfigSchema(3007).extend({
  /** WMS records per second (movements, counts and bad records together); 0 stops the feed. */
  SIMULATOR_INVENTORY_RATE: orUnset(z.coerce.number().min(0).max(MAX_INVENTORY_RATE).default(20)),
  /** Share of WMS records that are bad: garbage text, a negative count or a blank location. */
  SIMULATOR_BAD_RECORD_SHARE: share(0.02),
  /** Seed of the warehouse model: the same seed replays the same traffic. */
  SIMULATOR_SEED: orUnset(z.coerce.number().int().min(0).max(2 ** 32 - 1).default(1)),
  /**
   * How many SKUs there are: `<prefix>00001` upwards — the range the warehouses stock, the catalog
   * and pricing stand-ins publish and the storefront sells.
   */
  SIMULATOR_SKU_COUNT: orUnset(z.coerce.number().int().min(1).max(100_000).default(2000)),
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
  /** Share of the range that is INACTIVE in the catalog (sold only by the inactive-sku bad kind). */
  SIMULATOR_INACTIVE_SKU_SHARE: share(0.03),
  /** Customers the ERP knows: storefront customers "1" … "n", ERP customers "C1" … "Cn". */
  SIMULATOR_CUSTOMER_COUNT: orUnset(z.coerce.number().int().min(1).max(1_000_000).default(1000)),
  /** ISO 4217 currency of every price, order and credit limit. */
  SIMULATOR_CURRENCY: orUnset(z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code, three upper-case letters').default('USD')),
  /** Reference data (products, prices, known customers) is published at start-up and again every this many ms; 0: only at start-up. */
  SIMULATOR_REFERENCE_REFRESH_MS: orUnset(z.coerce.number().int().min(0).max(86_400_000).default(600_000)),
  /** Storefront orders per second (bad ones included); 0 stops the steady stream (bursts still run). */
  SIMULATOR_ORDER_RATE: orUnset(z.coerce.number().min(0).max(MAX_ORDER_RATE).default(5)),
  /** Share of orders with bad data, spread evenly over the bad kinds. */
  SIMULATOR_ORDER_BAD_SHARE: share(0.05),
  /** Share of orders from a new customer (one the ERP does not know) with the customer's details. */
  SIMULATOR_NEW_CUSTOMER_SHARE: share(0.05),
  /** Share of orders the customer cancels later (OrderCancelled). */
  SIMULATOR_CANCEL_SHARE: share(0.02),
  /** How long after its order a cancellation comes, `min-max` ms. */
  SIMULATOR_CANCEL_DELAY_MS: delayRange('2000-30000'),
  /** How long the ERP takes to post an accepted order (OrderPostedToErp), `min-max` ms. */
  SIMULATOR_ERP_ORDER_DELAY_MS: delayRange('500-5000'),
  /** Share of accepted orders the ERP never answers. */
  SIMULATOR_ERP_UNANSWERED_SHARE: share(0.01),
  /** How long the ERP takes to create a customer asked for (CustomerUpserted), `min-max` ms. */
  SIMULATOR_ERP_CUSTOMER_DELAY_MS: delayRange('200-2000'),
  /** Share of posted orders the WMS ships (OrderShipped). */
  SIMULATOR_SHIP_SHARE: share(0.8),
  /** How long after posting the WMS ships, `min-max` ms. */
  SIMULATOR_SHIP_DELAY_MS: delayRange('5000-60000'),
  /** The Postgres schema of the simulator's tables (processed requests, ERP and WMS answers not yet due). */
  SIMULATOR_DB_SCHEMA: orUnset(
    z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'expected a lower-case Postgres identifier')
      .default('simulator'),
  ),
  /** The consumer group the simulator reads what Concord sends its systems in. */
  SIMULATOR_GROUP_ID: orUnset(z.string().min(1).default('simulator')),
}).superRefine((config, ctx) => {
  const [bad, fresh] = [config.SIMULATOR_ORDER_BAD_SHARE, config.SIMULATOR_NEW_CUSTOMER_SHARE];
  // Each share out of range is already named; only two valid shares can add up to too much.
  if (bad <= 1 && fresh <= 1 && bad + fresh > 1) {
    ctx.addIssue({
      code: 'custom',
      path: ['SIMULATOR_NEW_CUSTOMER_SHARE'],
      message: `together with SIMULATOR_ORDER_BAD_SHARE (${config.SIMULATOR_ORDER_BAD_SHARE}) it exceeds 1: the shares are of all orders`,
    });
  }
});

export type SimulatorConfig = z.infer<typeof simulatorConfigSchema>;
