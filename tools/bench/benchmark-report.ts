import type { InventoryOutcome, SubjectResult } from './benchmark-results';
import { median } from './latency-stats';

/** Spec section 10's inventory targets. */
export const TARGETS = { sustainedEventsPerSecond: 10_000, p99Ms: 250, atRatePerSecond: 1000 } as const;

export interface BenchmarkReport {
  startedAt: Date;
  finishedAt: Date;
  command: string;
  machine: string;
  /** The commit measured, and whether the working tree differed from it. */
  code?: string;
  settings: string;
  passThrough: SubjectResult;
  inventory: InventoryOutcome;
}

interface Row {
  measure: string;
  passThrough: string;
  inventory: string;
  ratio: string;
  target: string;
}

const whole = (value: number) => Math.round(value).toLocaleString('en-US');
const ms = (value: number) => `${whole(value)} ms`;

/** A latency percentile; `≥` when unmatched events entered it as lower bounds. */
function latencyFigure(latency: NonNullable<SubjectResult['latency']>, p: 'p50' | 'p95' | 'p99'): string {
  return `${latency.lowerBound ? '≥ ' : ''}${ms(latency[p])}`;
}

/** The median sustained rate of a subject's complete runs (all runs when none completed). */
export function medianSustained(result: SubjectResult): number {
  const complete = result.sustained.filter((run) => run.complete);
  return median((complete.length > 0 ? complete : result.sustained).map((run) => run.eventsPerSecond));
}

/** How fast the benchmark's producer wrote the load (median over runs): the ceiling of any sustained figure. */
function producerRate(result: SubjectResult): number {
  return median(result.sustained.map((run) => run.events / run.produceSeconds));
}

function ratio(inventory: number | undefined, passThrough: number): string {
  return inventory === undefined ? '—' : `${(inventory / passThrough).toFixed(2)}`;
}

/** The comparison table, one row per measure; '—' where the inventory was not measured. */
export function comparisonRows(report: Pick<BenchmarkReport, 'passThrough' | 'inventory'>): Row[] {
  const pass = report.passThrough;
  const inv = 'measured' in report.inventory ? report.inventory.measured : undefined;
  const passRate = medianSustained(pass);
  const invRate = inv ? medianSustained(inv) : undefined;
  const runs = (result: SubjectResult) => result.sustained.map((run) => whole(run.eventsPerSecond) + (run.complete ? '' : ' (timed out)')).join(', ');
  const rows: Row[] = [
    {
      measure: `sustained, events/s (median of ${pass.sustained.length})`,
      passThrough: whole(passRate),
      inventory: invRate === undefined ? '—' : whole(invRate),
      ratio: ratio(invRate, passRate),
      target: `≥ ${whole(TARGETS.sustainedEventsPerSecond)}${invRate === undefined ? '' : invRate >= TARGETS.sustainedEventsPerSecond ? ' — met' : ' — not met'}`,
    },
    { measure: 'sustained, each run', passThrough: runs(pass), inventory: inv ? runs(inv) : '—', ratio: '', target: '' },
    {
      measure: 'sustained, the load generator alone, events/s',
      passThrough: whole(producerRate(pass)),
      inventory: inv ? whole(producerRate(inv)) : '—',
      ratio: '',
      target: '',
    },
  ];
  const published = inv?.sustained.filter((run) => run.publishedSeconds !== undefined) ?? [];
  if (inv && published.length > 0) {
    const rate = median(published.map((run) => run.events / run.publishedSeconds!));
    rows.push({ measure: 'sustained, until availability published, events/s', passThrough: '', inventory: whole(rate), ratio: ratio(rate, passRate), target: '' });
  }
  const passLatency = pass.latency;
  const invLatency = inv?.latency;
  const rate = passLatency?.ratePerSecond ?? invLatency?.ratePerSecond ?? TARGETS.atRatePerSecond;
  for (const p of ['p50', 'p95', 'p99'] as const) {
    const target = p === 'p99' ? `< ${TARGETS.p99Ms} ms${invLatency ? (invLatency.p99 < TARGETS.p99Ms ? ' — met' : ' — not met') : ''}` : '';
    rows.push({
      measure: `latency ${p} at ${whole(rate)}/s`,
      passThrough: passLatency ? latencyFigure(passLatency, p) : '—',
      inventory: invLatency ? latencyFigure(invLatency, p) : '—',
      ratio: passLatency && invLatency ? `${invLatency.lowerBound ? '≥ ' : ''}${ratio(invLatency[p], Math.max(1, passLatency[p]))}` : '—',
      target,
    });
  }
  const counted = (latency: SubjectResult['latency']) =>
    latency ? `${whole(latency.sent)} sent, ${whole(latency.unmatched)} unmatched, max ${latency.lowerBound ? '≥ ' : ''}${ms(latency.max)}` : '—';
  rows.push({ measure: 'latency, events', passThrough: counted(passLatency), inventory: counted(invLatency), ratio: '', target: '' });
  return rows;
}

/** The rows as a Markdown table. */
export function markdownTable(rows: readonly Row[]): string {
  const lines = ['| measure | Kafka pass-through | inventory service | ratio (inventory / pass-through) | target |', '|---|---:|---:|---:|---|'];
  for (const row of rows) lines.push(`| ${row.measure} | ${row.passThrough} | ${row.inventory} | ${row.ratio} | ${row.target} |`);
  return lines.join('\n');
}

/** The rows as a plain-text table for the terminal. */
export function textTable(rows: readonly Row[]): string {
  const header: Row = { measure: 'measure', passThrough: 'pass-through', inventory: 'inventory', ratio: 'ratio', target: 'target' };
  const all = [header, ...rows];
  const keys = ['measure', 'passThrough', 'inventory', 'ratio', 'target'] as const;
  const widths = keys.map((key) => Math.max(...all.map((row) => row[key].length)));
  return all.map((row) => keys.map((key, i) => row[key].padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}

/** A subject measured at 80 % or more of the load generator's own rate is bounded by the generator. */
export function generatorNotes(name: string, result: SubjectResult): string[] {
  const rate = medianSustained(result);
  const generator = producerRate(result);
  if (rate < 0.8 * generator) return [];
  return [
    `- The ${name} figure (${whole(rate)} events/s) is ${Math.round((rate / generator) * 100)} % of what the benchmark's own producer managed (${whole(generator)} events/s) on the same cores: it is a lower bound of the ${name}'s capacity.`,
  ];
}

/** What a reader must know to read the inventory figures right. */
export function inventoryNotes(inventory: SubjectResult): string[] {
  const notes: string[] = [];
  if (inventory.latencyProblem) notes.push(`- inventory latency: ${inventory.latencyProblem}`);
  const capacity = medianSustained(inventory);
  const offered = inventory.latency?.ratePerSecond;
  if (offered !== undefined && capacity < offered) {
    notes.push(
      `- The service's sustained capacity (${whole(capacity)} events/s) is below the ${whole(offered)} events/s the latency phase offers, so that phase measures a growing queue, not steady-state latency.`,
    );
  } else if (offered !== undefined && offered > 0.8 * capacity) {
    notes.push(
      `- The latency phase's ${whole(offered)} events/s is ${Math.round((offered / capacity) * 100)} % of the service's sustained capacity (${whole(capacity)} events/s): its latency is mostly time spent queueing.`,
    );
  }
  if (inventory.latency?.lowerBound) {
    notes.push(
      `- ${whole(inventory.latency.unmatched)} of ${whole(inventory.latency.sent)} latency probes had no InventoryAvailabilityChanged within 30 s of the last send; they count with their age at that moment, so the inventory latency figures (marked ≥) are lower bounds.`,
    );
  }
  return notes;
}

/** Every note that goes under the table. */
export function reportNotes(report: Pick<BenchmarkReport, 'passThrough' | 'inventory'>): string[] {
  return [
    report.passThrough.latencyProblem ? `- pass-through latency: ${report.passThrough.latencyProblem}` : '',
    ...generatorNotes('pass-through', report.passThrough),
    ...('measured' in report.inventory ? [...generatorNotes('inventory service', report.inventory.measured), ...inventoryNotes(report.inventory.measured)] : []),
  ].filter(Boolean);
}

/** docs/benchmarks.md: the method, the latest figures, and what they say about the targets. */
export function benchmarkMarkdown(report: BenchmarkReport): string {
  const rows = comparisonRows(report);
  const inventoryNote =
    'notMeasured' in report.inventory
      ? `\n**The inventory service was not measured in this run:** ${report.inventory.notMeasured.split('\n')[0]}\n`
      : '';
  const latencyNotes = reportNotes(report);
  return `# Benchmarks

Generated by \`npm run bench\` (tools/bench/run-benchmarks.ts); rerun it to refresh this page. The
figures below are from the latest run, whether or not they meet the targets of ../shared/SPEC.md
section 10 (inventory: sustained ≥ 10,000 InventoryUpdated/s; p99 source-to-availability latency
< 250 ms at 1,000 events/s), reported beside a raw Kafka pass-through measured in the same run.

## Latest run

- Command: \`${report.command}\`
- Started ${report.startedAt.toISOString()}, took ${Math.round((report.finishedAt.getTime() - report.startedAt.getTime()) / 1000)} s
- Machine: ${report.machine}
${report.code ? `- Code: ${report.code}\n` : ''}- Settings: ${report.settings}
${inventoryNote}
${markdownTable(rows)}
${latencyNotes.length > 0 ? `\n${latencyNotes.join('\n')}\n` : ''}
## What is measured

Everything runs on the one machine, against the local stack (\`./concord stack up\`: Kafka, the
Apicurio schema registry, Postgres and Jaeger as local processes), over loopback. The benchmark
process produces the load and measures; the subject under test runs as a process of its own.

**Kafka pass-through** (tools/bench/pass-through-relay.ts): consumes a topic with kafkajs
\`eachBatch\` and re-produces every record unchanged to another topic with \`sendBatch\`, then commits —
no decoding, no database. Client settings as the backbone's (idempotent producer, one request in
flight, acks=all; one partition at a time; manual commits); topics with as many partitions as the
inventory ingress topic.

**Inventory service**: \`node tools/build/build.mjs\`, then \`node dist/services/inventory/src/main.js\`
with its own \`INVENTORY_DB_SCHEMA\` and \`INVENTORY_GROUP_ID\` (unique per run, dropped afterwards), its
group's offsets set to the end of every catalog topic before it starts, so it reads only the
benchmark's records. The service runs as in production: tracing to Jaeger on, LOG_LEVEL=warn.

- **Sustained**: N valid WMS InventoryUpdated events (Confluent-framed Avro, schema registered
  first, CloudEvents headers, \`ce_source\` /wms/bench) for a few thousand SKUs at every charter
  location — per SKU and location a count, then picks and receipts, sequences 1, 2, 3… — are
  encoded up front, then produced as fast as the producer goes. The clock runs from the first send
  until the consumer group has committed the end offset of every partition (admin \`fetchOffsets\`
  against \`fetchTopicOffsets\`, polled every 50 ms): every event decoded, applied and committed with
  its outbox rows. The row "until availability published" runs the clock on until the service's
  outbox holds no unsent row; "the load generator alone" is how fast the benchmark's producer
  wrote the events (a subject cannot be measured faster than that). A warm-up run precedes the measured runs; the median is reported.
  The pass-through gets the same records, measured the same way to its group's commit.
- **Latency**: events at a fixed rate for a fixed time. Inventory: each event is a SNAPSHOT of a
  SKU at one location whose count goes 1, 2, 3, …; it is timed from the moment it is produced to
  the arrival (at the benchmark's consumer) of the first InventoryAvailabilityChanged showing at
  least that count at that location — so an event the service folds into a later availability
  change counts until that change arrives. Pass-through: from each record's producer timestamp
  (copied by the relay) to its arrival on the output topic. Percentiles are nearest-rank.

The ratio is inventory / pass-through: below 1 for throughput means slower than raw Kafka, above 1
for latency means slower. The benchmark produces its own load; the service must not be fed by
anything else meanwhile (stop the simulator, or \`./concord down\`, for clean figures).

## Settings

| variable | default | |
|---|---|---|
| \`BENCH_EVENTS\` | 50000 | events per sustained run |
| \`BENCH_RUNS\` | 3 | sustained runs per subject (median reported) |
| \`BENCH_SKUS\` | 3000 | SKUs per sustained run, each at every charter location |
| \`BENCH_LATENCY_RATE\`, \`BENCH_LATENCY_SECONDS\`, \`BENCH_LATENCY_SKUS\` | 1000, 20, 2000 | the latency phase |
| \`BENCH_PHASE_TIMEOUT_S\` | 300 | a phase taking longer is reported as incomplete |
| \`BENCH_SKIP_BUILD\`, \`BENCH_SKIP_INVENTORY\` | 0, 0 | 1 to reuse dist/, or to measure the pass-through only |
| \`BENCH_SERVICE_NODE_ARGS\` | — | extra Node flags for the service, e.g. \`--cpu-prof --cpu-prof-dir=/tmp/prof\` to profile it |
| \`BENCH_REPORT\` | docs/benchmarks.md | where this page is written; \`-\` for nowhere |
| \`BENCH_RESULTS\` | — | path of an earlier run's results.json: write its report again, measure nothing |

Logs of the processes it starts, and the run's raw results (\`results.json\`), go to
\`.concord/bench/<run>/\`.
`;
}
