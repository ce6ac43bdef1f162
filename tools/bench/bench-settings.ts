import { z } from 'zod';

const count = (fallback: number, min: number, max: number) =>
  z.preprocess((value) => (value === '' ? undefined : value), z.coerce.number().int().min(min).max(max).default(fallback));

/** The benchmark's knobs, from the environment; each bounded so that a run stays bounded. */
export const benchSettingsSchema = z.object({
  /** InventoryUpdated events per sustained run. */
  BENCH_EVENTS: count(50_000, 1000, 1_000_000),
  /** Sustained runs per subject; the median is reported. */
  BENCH_RUNS: count(3, 1, 10),
  /** Distinct SKUs per sustained run (each at every charter location). */
  BENCH_SKUS: count(3000, 1, 100_000),
  /** Events per second in the latency phase. */
  BENCH_LATENCY_RATE: count(1000, 1, 20_000),
  BENCH_LATENCY_SECONDS: count(20, 1, 300),
  /** SKUs of the latency phase, each getting RATE × SECONDS / SKUS updates. */
  BENCH_LATENCY_SKUS: count(2000, 1, 100_000),
  /** Longest a phase may take before it is reported as incomplete. */
  BENCH_PHASE_TIMEOUT_S: count(300, 10, 3600),
  /** Where the results are written, relative to the repository; "-" for nowhere. */
  BENCH_REPORT: z.string().min(1).default('docs/benchmarks.md'),
  /** 1: use the existing dist/ instead of running tools/build/build.mjs first. */
  BENCH_SKIP_BUILD: z.enum(['0', '1']).default('0'),
  /** 1: measure only the Kafka pass-through. */
  BENCH_SKIP_INVENTORY: z.enum(['0', '1']).default('0'),
  /** Extra Node flags for the inventory service process, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile it. */
  BENCH_SERVICE_NODE_ARGS: z.string().default(''),
});

export type BenchSettings = z.infer<typeof benchSettingsSchema>;

/** The validated settings, or an error naming every bad variable. */
export function loadBenchSettings(env: NodeJS.ProcessEnv): BenchSettings {
  const result = benchSettingsSchema.safeParse(env);
  if (result.success) return result.data;
  throw new Error(`invalid benchmark settings:\n  ${result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('\n  ')}`);
}
