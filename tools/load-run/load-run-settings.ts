import { z } from 'zod';

/** An optional setting; an empty value counts as unset, as templates write it. */
const orUnset = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema);

const whole = (fallback: number, min: number, max: number) =>
  orUnset(
    z.coerce
      .number({ message: 'expected a number' })
      .int('expected a whole number')
      .min(min, `expected a whole number from ${min} to ${max}`)
      .max(max, `expected a whole number from ${min} to ${max}`)
      .default(fallback),
  );

const share = (fallback: number) =>
  orUnset(z.coerce.number({ message: 'expected a number' }).min(0, 'expected a share from 0 to 1').max(1, 'expected a share from 0 to 1').default(fallback));

const flag = orUnset(z.enum(['0', '1'], { message: 'expected 0 or 1' }).default('0')).transform((value) => value === '1');

/**
 * The load run's knobs (`npm run load:orders`), from the environment. Defaults: the issue's run —
 * 100,000 orders, 5 % bad — at a rate this machine sustains (docs/load-run.md).
 */
export const loadRunSettingsSchema = z
  .object({
    /** Orders the simulator's burst sends: exactly this many. */
    LOAD_ORDERS: whole(100_000, 1, 1_000_000),
    /**
     * Orders per second the burst sends at (the simulator allows up to 20,000). The default is below
     * what this 2-core machine decided with everything else on it (docs/load-run.md): faster, the
     * orders queue up and the run measures a growing backlog.
     */
    LOAD_RATE: orUnset(z.coerce.number({ message: 'expected a number' }).gt(0, 'expected a number above 0').max(20_000, 'expected at most 20000').default(80)),
    /** Share of orders with bad data, spread evenly over the simulator's bad kinds. */
    LOAD_BAD_SHARE: share(0.05),
    /** Share of orders from a customer the ERP does not know yet (creation, sync, wait). */
    LOAD_NEW_CUSTOMER_SHARE: share(0.02),
    /** Share of orders the storefront cancels 2–30 s after placing them. */
    LOAD_CANCEL_SHARE: share(0.02),
    /** Deadline, from the burst's start, for every order to be sent and settled. */
    LOAD_TIMEOUT_S: whole(7200, 10, 86_400),
    /** Deadline for start-up: services ready, reference data in the read models, stock confirmed. */
    LOAD_SETUP_TIMEOUT_S: whole(600, 10, 3600),
    /**
     * Before the burst: how long other consumer groups on the order flow's topics (a benchmark, an
     * integration test) may keep the run waiting, and how long none must have been seen.
     */
    LOAD_FOREIGN_WAIT_S: whole(1800, 0, 86_400),
    LOAD_FOREIGN_QUIET_S: whole(60, 0, 3600),
    /** SKUs of the simulated range (and of the warehouses), and the customers the ERP knows. */
    LOAD_SKU_COUNT: whole(2000, 10, 100_000),
    LOAD_CUSTOMER_COUNT: whole(1000, 1, 1_000_000),
    /**
     * WMS records per second while the opening stock is reported, and during the burst. The warm-up
     * stays at 1,500/s: the simulated ERP posts the bookings of 5 s in one send, and at 3,000/s that
     * send exceeded the broker's message size and stalled the feed for good (docs/load-run.md).
     */
    LOAD_WMS_WARMUP_RATE: whole(1500, 1, 50_000),
    LOAD_WMS_RATE: whole(20, 0, 50_000),
    /**
     * Settings for the four service processes on top of the run's own, as NAME=value pairs separated
     * by spaces; reported with the figures. By default none: the services' own defaults. (Before
     * inventory reserved a chunk set-based, the load run gave it INVENTORY_CONSUMER_CHUNK_SIZE=20:
     * 500 requests a transaction held the SKUs' row locks for seconds; docs/load-run.md, notes.)
     */
    // Not orUnset: set but empty means none, the services' own defaults.
    LOAD_SERVICE_ENV: z
      .string()
      .default('')
      .transform((text, context) => {
        const pairs = text.split(/\s+/).filter((pair) => pair !== '');
        const env: Record<string, string> = {};
        for (const pair of pairs) {
          const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(pair);
          if (!match) {
            context.addIssue({ code: 'custom', message: `expected NAME=value pairs separated by spaces (got ${JSON.stringify(pair)})` });
            return z.NEVER;
          }
          env[match[1]] = match[2];
        }
        return env;
      }),
    /** Seed of the simulator (orders, range, warehouses). */
    LOAD_SEED: whole(1, 0, 2 ** 32 - 1),
    /** Where the page is written, relative to the repository; "-" for nowhere. */
    LOAD_REPORT: orUnset(z.string().min(1).default('docs/load-run.md')),
    /** 1: use the existing dist/ instead of running tools/build/build.mjs first. */
    LOAD_SKIP_BUILD: flag,
    /** 1: leave the run's schemas and consumer groups behind for investigation (processes are stopped anyway). */
    LOAD_KEEP_STATE: flag,
  })
  .superRefine((settings, context) => {
    if (settings.LOAD_BAD_SHARE + settings.LOAD_NEW_CUSTOMER_SHARE > 1) {
      context.addIssue({ code: 'custom', path: ['LOAD_NEW_CUSTOMER_SHARE'], message: `together with LOAD_BAD_SHARE (${settings.LOAD_BAD_SHARE}) it exceeds 1` });
    }
  });

export type LoadRunSettings = z.infer<typeof loadRunSettingsSchema>;

/** The validated settings, or an error naming every bad variable and what it got. */
export function loadRunSettings(env: NodeJS.ProcessEnv): LoadRunSettings {
  const result = loadRunSettingsSchema.safeParse(env);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => {
    const name = issue.path.join('.');
    const got = env[name];
    return `${name}: ${issue.message}${got === undefined ? '' : ` (got ${JSON.stringify(got)})`}`;
  });
  throw new Error(`invalid load run settings:\n  ${issues.join('\n  ')}`);
}
