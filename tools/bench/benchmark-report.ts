import type { ServiceSubject } from './bench-settings';
import type { Comparison, ServiceOutcome, SubjectResult } from './benchmark-results';
import { median } from './latency-stats';

type Percentile = 'p50' | 'p95' | 'p99';

/** How a service's figures are labelled and judged. */
export interface ServiceSpec {
  subject: ServiceSubject;
  /** Heading and column name, e.g. `orders service`. */
  name: string;
  /** What one unit of its load is, plural: `events`, `orders`. */
  unit: string;
  targets: { sustainedPerSecond: number; latencyPercentile: Percentile; latencyMs: number; atRatePerSecond: number; source: string };
}

/** The targets: ../shared/SPEC.md section 10 (inventory) and issue 5 (orders). */
export const SERVICES: Readonly<Record<ServiceSubject, ServiceSpec>> = {
  inventory: {
    subject: 'inventory',
    name: 'inventory service',
    unit: 'events',
    targets: { sustainedPerSecond: 10_000, latencyPercentile: 'p99', latencyMs: 250, atRatePerSecond: 1000, source: '../shared/SPEC.md section 10' },
  },
  orders: {
    subject: 'orders',
    name: 'orders service',
    unit: 'orders',
    targets: { sustainedPerSecond: 2000, latencyPercentile: 'p95', latencyMs: 300, atRatePerSecond: 500, source: 'issue 5' },
  },
};

export interface BenchmarkReport {
  startedAt: Date;
  finishedAt: Date;
  command: string;
  machine: string;
  /** The commit measured, and whether the working tree differed from it. */
  code?: string;
  /** Absent when the run did not select the service (BENCH_SUBJECTS). */
  inventory?: Comparison;
  orders?: Comparison;
}

export interface Row {
  measure: string;
  passThrough: string;
  service: string;
  ratio: string;
  target: string;
}

const whole = (value: number) => Math.round(value).toLocaleString('en-US');
const ms = (value: number) => `${whole(value)} ms`;

/** A latency percentile; `≥` when unmatched events entered it as lower bounds. */
function latencyFigure(latency: NonNullable<SubjectResult['latency']>, p: Percentile): string {
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

function ratio(service: number | undefined, passThrough: number): string {
  return service === undefined ? '—' : `${(service / passThrough).toFixed(2)}`;
}

const measuredOf = (outcome: ServiceOutcome) => ('measured' in outcome ? outcome.measured : undefined);

/** The comparison table of one service, one row per measure; '—' where the service was not measured. */
export function comparisonRows(spec: ServiceSpec, comparison: Pick<Comparison, 'passThrough' | 'service'>): Row[] {
  const { unit, targets } = spec;
  const pass = comparison.passThrough;
  const service = measuredOf(comparison.service);
  const passRate = medianSustained(pass);
  const serviceRate = service && service.sustained.length > 0 ? medianSustained(service) : undefined;
  const runs = (result: SubjectResult) => result.sustained.map((run) => whole(run.eventsPerSecond) + (run.complete ? '' : ' (timed out)')).join(', ') || '—';
  const met = (ok: boolean) => (ok ? ' — met' : ' — not met');
  const rows: Row[] = [
    {
      measure: `sustained, ${unit}/s (median of ${(service ?? pass).sustained.length})`,
      passThrough: whole(passRate),
      service: serviceRate === undefined ? '—' : whole(serviceRate),
      ratio: ratio(serviceRate, passRate),
      target: `≥ ${whole(targets.sustainedPerSecond)}${serviceRate === undefined ? '' : met(serviceRate >= targets.sustainedPerSecond)}`,
    },
    { measure: 'sustained, each run', passThrough: runs(pass), service: service ? runs(service) : '—', ratio: '', target: '' },
    {
      measure: `sustained, the load generator alone, ${unit}/s`,
      passThrough: whole(producerRate(pass)),
      service: service && service.sustained.length > 0 ? whole(producerRate(service)) : '—',
      ratio: '',
      target: '',
    },
  ];
  const published = service?.sustained.filter((run) => run.publishedSeconds !== undefined) ?? [];
  if (published.length > 0) {
    const rate = median(published.map((run) => run.events / run.publishedSeconds!));
    rows.push({ measure: `sustained, until availability published, ${unit}/s`, passThrough: '', service: whole(rate), ratio: ratio(rate, passRate), target: '' });
  }
  const passLatency = pass.latency;
  const serviceLatency = service?.latency;
  const rate = serviceLatency?.ratePerSecond ?? passLatency?.ratePerSecond ?? targets.atRatePerSecond;
  for (const p of ['p50', 'p95', 'p99'] as const) {
    const judged = p === targets.latencyPercentile;
    const target = judged
      ? `< ${whole(targets.latencyMs)} ms at ${whole(targets.atRatePerSecond)}/s${serviceLatency ? (rate === targets.atRatePerSecond ? met(serviceLatency[p] < targets.latencyMs) : ' — measured at another rate') : ''}`
      : '';
    rows.push({
      measure: `latency ${p} at ${whole(rate)}/s`,
      passThrough: passLatency ? latencyFigure(passLatency, p) : '—',
      service: serviceLatency ? latencyFigure(serviceLatency, p) : '—',
      ratio: passLatency && serviceLatency ? `${serviceLatency.lowerBound ? '≥ ' : ''}${ratio(serviceLatency[p], Math.max(1, passLatency[p]))}` : '—',
      target,
    });
  }
  const counted = (latency: SubjectResult['latency']) =>
    latency ? `${whole(latency.sent)} sent, ${whole(latency.unmatched)} unmatched, max ${latency.lowerBound ? '≥ ' : ''}${ms(latency.max)}` : '—';
  rows.push({ measure: `latency, ${unit}`, passThrough: counted(passLatency), service: counted(serviceLatency), ratio: '', target: '' });
  return rows;
}

/** The rows as a Markdown table. */
export function markdownTable(spec: ServiceSpec, rows: readonly Row[]): string {
  const short = spec.name.replace(/ service$/, '');
  const lines = [`| measure | Kafka pass-through | ${spec.name} | ratio (${short} / pass-through) | target |`, '|---|---:|---:|---:|---|'];
  for (const row of rows) lines.push(`| ${row.measure} | ${row.passThrough} | ${row.service} | ${row.ratio} | ${row.target} |`);
  return lines.join('\n');
}

/** The rows as a plain-text table for the terminal. */
export function textTable(spec: ServiceSpec, rows: readonly Row[]): string {
  const header: Row = { measure: 'measure', passThrough: 'pass-through', service: spec.name.replace(/ service$/, ''), ratio: 'ratio', target: 'target' };
  const all = [header, ...rows];
  const keys = ['measure', 'passThrough', 'service', 'ratio', 'target'] as const;
  const widths = keys.map((key) => Math.max(...all.map((row) => row[key].length)));
  return all.map((row) => keys.map((key, i) => row[key].padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}

/** A subject measured at 80 % or more of the load generator's own rate is bounded by the generator. */
export function generatorNotes(name: string, unit: string, result: SubjectResult): string[] {
  if (result.sustained.length === 0) return [];
  const rate = medianSustained(result);
  const generator = producerRate(result);
  if (rate < 0.8 * generator) return [];
  return [
    `- The ${name} figure (${whole(rate)} ${unit}/s) is ${Math.round((rate / generator) * 100)} % of what the benchmark's own producer managed (${whole(generator)} ${unit}/s) on the same cores: it is a lower bound of the ${name}'s capacity.`,
  ];
}

/** What a reader must know to read a service's figures right. */
export function serviceNotes(spec: ServiceSpec, result: SubjectResult): string[] {
  const { unit } = spec;
  const short = spec.name.replace(/ service$/, '');
  const notes: string[] = [];
  if (result.latencyProblem) notes.push(`- ${short} latency: ${result.latencyProblem}`);
  const capacity = result.sustained.length > 0 ? medianSustained(result) : undefined;
  const offered = result.latency?.ratePerSecond;
  if (offered !== undefined && capacity !== undefined && capacity < offered) {
    notes.push(
      `- The service's sustained capacity (${whole(capacity)} ${unit}/s) is below the ${whole(offered)} ${unit}/s the latency phase offers, so that phase measures a growing queue, not steady-state latency.`,
    );
  } else if (offered !== undefined && capacity !== undefined && offered > 0.8 * capacity) {
    notes.push(
      `- The latency phase's ${whole(offered)} ${unit}/s is ${Math.round((offered / capacity) * 100)} % of the service's sustained capacity (${whole(capacity)} ${unit}/s): its latency is mostly time spent queueing.`,
    );
  }
  if (result.latency?.lowerBound) {
    notes.push(
      `- ${whole(result.latency.unmatched)} of ${whole(result.latency.sent)} latency probes had no answer within 30 s of the last send; they count with their age at that moment, so the ${short} latency figures (marked ≥) are lower bounds.`,
    );
  }
  for (const remark of result.remarks ?? []) notes.push(`- ${remark}`);
  return notes;
}

/** Every note that goes under a service's table. */
export function reportNotes(spec: ServiceSpec, comparison: Pick<Comparison, 'passThrough' | 'service'>): string[] {
  const service = measuredOf(comparison.service);
  return [
    comparison.passThrough.latencyProblem ? `- pass-through latency: ${comparison.passThrough.latencyProblem}` : '',
    ...generatorNotes('pass-through', spec.unit, comparison.passThrough),
    ...(service ? [...generatorNotes(spec.name, spec.unit, service), ...serviceNotes(spec, service)] : []),
  ].filter(Boolean);
}

/** The services a report holds, in page order. */
export function reportedServices(report: Pick<BenchmarkReport, 'inventory' | 'orders'>): Array<{ spec: ServiceSpec; comparison: Comparison }> {
  return (['inventory', 'orders'] as const).flatMap((subject) => {
    const comparison = report[subject];
    return comparison ? [{ spec: SERVICES[subject], comparison }] : [];
  });
}

/** The terminal's view of a report: per service, its table and notes. */
export function reportText(report: Pick<BenchmarkReport, 'inventory' | 'orders'>): string {
  return reportedServices(report)
    .map(({ spec, comparison }) => {
      const notMeasured = 'notMeasured' in comparison.service ? [`${spec.name} NOT measured: ${comparison.service.notMeasured.split('\n')[0]}`] : [];
      return [`${spec.name} (${comparison.settings})`, textTable(spec, comparisonRows(spec, comparison)), ...notMeasured, ...reportNotes(spec, comparison)].join('\n');
    })
    .join('\n\n');
}

/**
 * A report as saved in results.json, with its dates revived. Files of runs before the orders
 * benchmark (`{ settings, passThrough, inventory }`, inventory only) are read as such a run.
 */
export function reportFromJson(json: unknown): BenchmarkReport {
  const saved = json as BenchmarkReport & { settings?: string; passThrough?: SubjectResult; inventory?: Comparison | ServiceOutcome };
  if (typeof saved !== 'object' || saved === null || typeof saved.startedAt !== 'string' || typeof saved.command !== 'string') {
    throw new Error('not the results.json of a benchmark run (no startedAt or command)');
  }
  const { settings, passThrough, inventory, orders, ...meta } = saved;
  const earlier = passThrough !== undefined && inventory !== undefined && !('service' in inventory);
  return {
    ...meta,
    startedAt: new Date(saved.startedAt),
    finishedAt: new Date(saved.finishedAt),
    ...(earlier ? { inventory: { settings: settings ?? '', passThrough, service: inventory } } : inventory ? { inventory: inventory as Comparison } : {}),
    ...(orders ? { orders } : {}),
  };
}

function serviceSection({ spec, comparison }: { spec: ServiceSpec; comparison: Comparison }): string {
  const notMeasured =
    'notMeasured' in comparison.service ? `\n**The ${spec.name} was not measured in this run:** ${comparison.service.notMeasured.split('\n')[0]}\n` : '';
  const notes = reportNotes(spec, comparison);
  const title = spec.name[0].toUpperCase() + spec.name.slice(1);
  return `### ${title}

Settings: ${comparison.settings}
${notMeasured}
${markdownTable(spec, comparisonRows(spec, comparison))}
${notes.length > 0 ? `\n${notes.join('\n')}\n` : ''}`;
}

/** docs/benchmarks.md: the method, the latest figures, and what they say about the targets. */
export function benchmarkMarkdown(report: BenchmarkReport): string {
  const sections = reportedServices(report).map(serviceSection).join('\n');
  return `# Benchmarks

Generated by \`npm run bench\` (tools/bench/run-benchmarks.ts); rerun it to refresh this page. The
figures below are from the latest run, whether or not they meet the targets, each reported beside
a raw Kafka pass-through measured in the same run with the same kind of records:

- inventory (../shared/SPEC.md section 10): sustained ≥ 10,000 InventoryUpdated/s; p99
  source-to-availability latency < 250 ms at 1,000 events/s;
- orders (issue 5): sustained ≥ 2,000 orders/s from OrderPlaced to OrderAccepted; p95 latency
  < 300 ms at 500 orders/s.

## Latest run

- Command: \`${report.command}\`
- Started ${report.startedAt.toISOString()}, took ${Math.round((report.finishedAt.getTime() - report.startedAt.getTime()) / 1000)} s
- Machine: ${report.machine}
${report.code ? `- Code: ${report.code}\n` : ''}
${sections}
## What is measured

Everything runs on the one machine, against the local stack (\`./concord stack up\`: Kafka, the
Apicurio schema registry, Postgres and Jaeger as local processes), over loopback. The benchmark
process produces the load and measures; the subjects under test run as processes of their own. On
a machine whose cores are shared with other work the figures are noisy: compare a service with the
pass-through of the same run (the ratio) rather than absolute figures of different runs.

**Kafka pass-through** (tools/bench/pass-through-relay.ts): consumes a topic with kafkajs
\`eachBatch\` and re-produces every record unchanged to another topic with \`sendBatch\`, then commits —
no decoding, no database. Client settings as the backbone's (idempotent producer, one request in
flight, acks=all; one partition at a time; manual commits); topics with as many partitions as the
service's ingress topic. It is measured once per service, with that service's records (the same
encoded InventoryUpdated, or OrderPlaced, of the same sizes), in the same run.

**Services**: \`node tools/build/build.mjs\`, then \`node dist/services/<name>/src/main.js\` on a free
port, each with its own \`<NAME>_DB_SCHEMA\` and \`<NAME>_GROUP_ID\` (unique per run; schemas, groups
and the groups' dead-letter topics removed afterwards). A new group would start at the earliest
record of every topic it consumes (\`KAFKA_NEW_GROUP_STARTS_AT\` defaults to \`earliest\`) and replay
the shared stack's history, so the benchmark commits the group's offsets at the end of the topics it
will produce to before the service starts, and starts the service with
\`KAFKA_NEW_GROUP_STARTS_AT=latest\` for every other topic: the services read only what is produced
from then on. They run as in production: tracing to Jaeger on, LOG_LEVEL=warn.

**Inventory service**:

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
- **Latency**: events at a fixed rate for a fixed time. Each event is a SNAPSHOT of a
  SKU at one location whose count goes 1, 2, 3, …; it is timed from the moment it is produced to
  the arrival (at the benchmark's consumer) of the first InventoryAvailabilityChanged showing at
  least that count at that location — so an event the service folds into a later availability
  change counts until that change arrives. Pass-through: from each record's producer timestamp
  (copied by the relay) to its arrival on the output topic. Percentiles are nearest-rank.

**Orders service** (with the inventory service beside it, which answers its reservation requests;
the path of one order is OrderPlaced → orders: validation against its read models, governed prices,
StockReservationRequested → inventory: all-or-nothing reservation, StockReserved → orders:
acceptance, OrderAccepted — three consumer transactions and three outbox relays):

- **Reference data**, seeded by the benchmark on the topics the services consume, as their
  producers would send it, before anything is timed: storefront customers as CustomerChanged golden
  records with an ECOMMERCE and the ERP cross-reference (storefront "123" ↔ ERP "C123", the charter's
  rule), and for each phase fresh SKUs — ProductChanged (ACTIVE), a LIST PriceChanged in EUR, and a WMS
  InventoryUpdated SNAPSHOT of 1,000,000 units at DC-EAST. The benchmark waits until the orders
  read models (\`customers\`, \`products\`, \`price_points\`) and inventory's \`stock_levels\` hold all of
  it. A phase gets about one SKU per ten order lines, so no SKU reaches the charter's HIGH velocity
  tier (20 orders a day) and its 5-minute freshness limit during the phase.
- **Sustained**: N valid storefront OrderPlaced (unique external order ids, a known customer, lines
  of active SKUs at their governed price, ship-to US-EAST, a delivery date two weeks ahead) are
  encoded up front, then produced as fast as the producer goes. The clock runs from the first send
  until the benchmark's consumer of the OrderAccepted topic has read an OrderAccepted for every one of
  them (matched by external order id, and checked against the order id the measured service stored,
  so acceptances by any other orders service on the shared stack do not count); the rate is N over
  that time. Orders that end otherwise (held, rejected) stop the run early, reported as incomplete.
  A warm-up run precedes the measured runs; the median is reported. The pass-through gets the same
  encoded OrderPlaced records, measured to its group's commit.
- **Latency**: orders at a fixed rate for a fixed time, each timed from the moment it is produced to
  the arrival of its OrderAccepted at the benchmark's consumer. Pass-through: OrderPlaced records
  at the same rate, from each record's producer timestamp to its arrival on the output topic.

The ratio is service / pass-through: below 1 for throughput means slower than raw Kafka, above 1
for latency means slower. The benchmark produces its own load; the services must not be fed by
anything else meanwhile (stop the simulator, or \`./concord down\`, for clean figures) — records other
engineers' tests produce on the shared catalog topics meanwhile are processed too, and the services
started here answer theirs (the inventory answers any reservation request). So before it starts a
service the benchmark waits (\`BENCH_QUIET_WAIT_S\`) until no other consumer group reads the order
flow's topics (OrderPlaced, StockReservationRequested, StockReserved, OrderAccepted), and the notes
under each table say what other work did during the measurement: other consumer groups seen, records
others produced, and the deadlocks, retries, consumer crashes and dead letters in the services' logs.

## Settings

| variable | default | |
|---|---|---|
| \`BENCH_SUBJECTS\` | all | \`all\`, or a comma-separated list of \`inventory\`, \`orders\`, \`pass-through\`; the pass-through is always measured beside each service, \`pass-through\` alone measures only it |
| \`BENCH_EVENTS\` | 50000 | InventoryUpdated events per sustained run |
| \`BENCH_RUNS\` | 3 | sustained runs per subject (median reported) |
| \`BENCH_SKUS\` | 3000 | SKUs per inventory sustained run, each at every charter location |
| \`BENCH_LATENCY_RATE\`, \`BENCH_LATENCY_SECONDS\`, \`BENCH_LATENCY_SKUS\` | 1000, 20, 2000 | the inventory latency phase |
| \`BENCH_ORDERS\`, \`BENCH_ORDER_LINES\`, \`BENCH_ORDERS_CUSTOMERS\` | 10000, 2, 200 | orders per sustained run, lines per order, known customers |
| \`BENCH_ORDERS_LATENCY_RATE\`, \`BENCH_ORDERS_LATENCY_SECONDS\` | 500, 20 | the orders latency phase |
| \`BENCH_QUIET_WAIT_S\` | 900 | before starting a service, wait this long at most for other consumers of the order flow's topics (others' services, tests, load runs) to finish; \`0\`: do not wait |
| \`BENCH_PHASE_TIMEOUT_S\` | 300 | a phase taking longer is reported as incomplete |
| \`BENCH_SKIP_BUILD\` | 0 | 1 to reuse dist/ |
| \`BENCH_SERVICE_NODE_ARGS\` | — | extra Node flags for the services, e.g. \`--cpu-prof --cpu-prof-dir=/tmp/prof\` to profile them |
| \`BENCH_REPORT\` | docs/benchmarks.md | where this page is written; \`-\` for nowhere |
| \`BENCH_RESULTS\` | — | path of an earlier run's results.json: write its report again, measure nothing |

Logs of the processes it starts, and the run's raw results (\`results.json\`), go to
\`.concord/bench/<run>/\`.
`;
}
