import { z } from 'zod';

const count = (fallback: number, min: number, max: number) =>
  z.preprocess((value) => (value === '' ? undefined : value), z.coerce.number().int().min(min).max(max).default(fallback));

/** The services the benchmark can measure; the Kafka pass-through is measured beside each. */
export const SERVICE_SUBJECTS = ['inventory', 'orders'] as const;
export type ServiceSubject = (typeof SERVICE_SUBJECTS)[number];

const SUBJECT_WORDS = ['all', 'pass-through', ...SERVICE_SUBJECTS] as const;

/**
 * BENCH_SUBJECTS: `all`, or a comma-separated list of `inventory`, `orders`, `pass-through`. The
 * pass-through is always measured, with the records of each service measured; `pass-through` alone
 * measures it with the records of every service, without starting any service.
 */
const subjects = z.preprocess(
  (value) => (value === undefined || value === '' ? 'all' : value),
  z
    .string()
    .transform((text) => text.split(',').map((word) => word.trim()).filter((word) => word !== ''))
    .refine((words) => words.length > 0, 'expected all, or a comma-separated list of inventory, orders, pass-through')
    .refine((words) => words.every((word) => (SUBJECT_WORDS as readonly string[]).includes(word)), {
      message: `expected all, or a comma-separated list of ${SUBJECT_WORDS.slice(1).join(', ')}`,
    })
    .transform((words) => {
      const selected = words.includes('all') ? [...SERVICE_SUBJECTS] : SERVICE_SUBJECTS.filter((subject) => words.includes(subject));
      return { services: selected as ServiceSubject[], passThroughOnly: selected.length === 0 };
    }),
);

/** The benchmark's knobs, from the environment; each bounded so that a run stays bounded. */
export const benchSettingsSchema = z
  .object({
    /** What to measure (see `subjects`). */
    BENCH_SUBJECTS: subjects,
    /** InventoryUpdated events per sustained run. */
    BENCH_EVENTS: count(50_000, 1000, 1_000_000),
    /** Sustained runs per subject; the median is reported. */
    BENCH_RUNS: count(3, 1, 10),
    /** Distinct SKUs per sustained run (each at every charter location). */
    BENCH_SKUS: count(3000, 1, 100_000),
    /** Events per second in the inventory latency phase. */
    BENCH_LATENCY_RATE: count(1000, 1, 20_000),
    BENCH_LATENCY_SECONDS: count(20, 1, 300),
    /** SKUs of the latency phase, each getting RATE × SECONDS / SKUS updates. */
    BENCH_LATENCY_SKUS: count(2000, 1, 100_000),
    /** OrderPlaced per sustained orders run. */
    BENCH_ORDERS: count(10_000, 100, 200_000),
    /** Lines per benchmark order. */
    BENCH_ORDER_LINES: count(2, 1, 20),
    /** Known storefront customers the benchmark's orders are spread over. */
    BENCH_ORDERS_CUSTOMERS: count(200, 1, 10_000),
    /** Orders per second in the orders latency phase, and for how long. */
    BENCH_ORDERS_LATENCY_RATE: count(500, 1, 10_000),
    BENCH_ORDERS_LATENCY_SECONDS: count(20, 1, 300),
    /**
     * Before a service is started, how long to wait for other consumers of the order flow's topics
     * (another engineer's services, tests or load run on the shared stack) to finish; 0: do not wait.
     */
    BENCH_QUIET_WAIT_S: count(900, 0, 7200),
    /** Longest a phase may take before it is reported as incomplete. */
    BENCH_PHASE_TIMEOUT_S: count(300, 10, 3600),
    /** Where the results are written, relative to the repository; "-" for nowhere. */
    BENCH_REPORT: z.string().min(1).default('docs/benchmarks.md'),
    /** 1: use the existing dist/ instead of running tools/build/build.mjs first. */
    BENCH_SKIP_BUILD: z.enum(['0', '1']).default('0'),
    /** Replaced by BENCH_SUBJECTS=pass-through; refused rather than silently ignored. */
    BENCH_SKIP_INVENTORY: z.undefined({ message: 'replaced by BENCH_SUBJECTS (BENCH_SUBJECTS=pass-through measures only the pass-through)' }).optional(),
    /** Extra Node flags for the service processes, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile them. */
    BENCH_SERVICE_NODE_ARGS: z.string().default(''),
  });

export type BenchSettings = z.infer<typeof benchSettingsSchema>;

/** The validated settings, or an error naming every bad variable. */
export function loadBenchSettings(env: NodeJS.ProcessEnv): BenchSettings {
  const result = benchSettingsSchema.safeParse(env);
  if (result.success) return result.data;
  throw new Error(`invalid benchmark settings:\n  ${result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('\n  ')}`);
}
