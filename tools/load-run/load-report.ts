import type { LogEntryCount } from './service-logs';
import { BUCKETS, bucketOf, bucketTotals, expectedOutcomes, type Bucket, type Check, type OrderPolicies, type OutcomeRow } from './load-checks';

/** One load run, as measured: what docs/load-run.md and the terminal show. */
export interface LoadRunReport {
  runId: string;
  startedAt: Date;
  finishedAt: Date;
  command: string;
  machine: string;
  /** The commit measured, and whether the working tree differed from it. */
  code?: string;
  settings: {
    orders: number;
    ratePerSecond: number;
    badShare: number;
    newCustomerShare: number;
    cancelShare: number;
    skus: number;
    customers: number;
    wmsRate: number;
    seed: number;
    /** LOAD_SERVICE_ENV: settings given to the services beyond the run's own ('' = their defaults). */
    serviceEnv?: string;
  };
  policies: OrderPolicies;
  /** Start of the services to stock confirmed, seconds. */
  setupSeconds: number;
  /** Waiting, after the set-up, for other consumers of the order flow's topics to leave, seconds. */
  foreignWaitSeconds?: number;
  burst: {
    /** From the burst's start until the simulator had sent every order, seconds. */
    sendSeconds: number;
    /** From the burst's start until every order had settled and the pipeline was quiet, seconds. */
    settleSeconds: number;
    sent: Record<string, number>;
    cancellationsSent: Record<string, number>;
  };
  outcomes: OutcomeRow[];
  timing?: {
    /** First placed → last first outcome, seconds; the rate the pipeline decided orders at. */
    decideSeconds: number;
    decidedPerSecond: number;
    decided: { p50: number; p95: number; p99: number; max: number };
    accepted: { p50: number; p95: number; p99: number; max: number; orders: number };
  };
  backorders?: { units: number; backordered: number; lines: number; backordered_lines: number };
  /** The most orders sent but not yet stored, and the most not yet settled, seen while polling. */
  peakBacklog: { unstored: number; unsettled: number };
  /**
   * CPU over the burst (start → settled): seconds each service process used, and the whole machine
   * busy (every process: Kafka, Postgres, registry, Jaeger, other users' work), out of wall × cores.
   */
  cpu?: { wallSeconds: number; cores: number; services: Array<{ service: string; seconds: number }>; machineSeconds?: number };
  /** Other users' traffic on the shared topics that the run's services took in (not counted, not judged). */
  foreign?: { orders: number; reservations: number; deadLetters: number; consumers?: Array<{ groupId: string; topics: string[] }> };
  checks: Check[];
  /** Warnings and errors in each service's log, by kind, most frequent first. */
  logs?: Array<{ service: string; entries: LogEntryCount[] }>;
  /** Why the run could not be completed, when it could not. */
  problem?: string;
}

const n = (value: number) => Math.round(value).toLocaleString('en-US');
const seconds = (value: number) => `${value.toFixed(1)} s`;
const pct = (part: number, whole: number) => (whole === 0 ? '—' : `${((part / whole) * 100).toFixed(2)} %`);

export function allPassed(report: Pick<LoadRunReport, 'checks' | 'problem'>): boolean {
  return report.problem === undefined && report.checks.length > 0 && report.checks.every((check) => check.passed);
}

/** Rows of the outcome table: each bucket with its states, and the total. */
export function outcomeRows(outcomes: readonly OutcomeRow[], sentTotal: number): string[][] {
  const totals = bucketTotals(outcomes);
  const states = (bucket: Bucket) => {
    const byState = new Map<string, number>();
    for (const row of outcomes.filter((r) => bucketOf(r.state) === bucket)) {
      const key = row.holdReason ? `${row.state} ${row.holdReason}` : row.state;
      byState.set(key, (byState.get(key) ?? 0) + row.orders);
    }
    return [...byState].map(([state, count]) => `${state} ${n(count)}`).join(', ');
  };
  const rows = BUCKETS.filter((bucket) => bucket !== 'unsettled' || totals.unsettled > 0).map((bucket) => [bucket, n(totals[bucket]), pct(totals[bucket], sentTotal), states(bucket)]);
  const sum = BUCKETS.reduce((s, bucket) => s + totals[bucket], 0);
  rows.push(['total', n(sum), pct(sum, sentTotal), `simulator sent ${n(sentTotal)}`]);
  return rows;
}

/** Rows of the per-kind table: sent by the simulator, where they ended, and where they had to end. */
export function kindRows(report: Pick<LoadRunReport, 'outcomes' | 'burst' | 'policies'>): string[][] {
  const kinds = [...new Set([...Object.keys(report.burst.sent).filter((k) => k !== 'total'), ...report.outcomes.map((row) => row.kind)])];
  return kinds.map((kind) => {
    const rows = report.outcomes.filter((row) => row.kind === kind);
    const of = (bucket: Bucket) => rows.filter((row) => bucketOf(row.state) === bucket).reduce((s, row) => s + row.orders, 0);
    const expected = expectedOutcomes(kind, report.policies);
    return [
      kind,
      n(report.burst.sent[kind] ?? 0),
      n(rows.reduce((s, row) => s + row.orders, 0)),
      n(of('accepted')),
      n(of('rejected')),
      n(of('held')),
      n(of('cancelled')),
      n(report.burst.cancellationsSent[kind] ?? 0),
      expected ? expected.map((e) => (e.holdReason ? `${e.bucket} ${e.holdReason}` : e.bucket)).join(' / ') : '(unknown kind)',
    ];
  });
}

const KIND_HEADER = ['kind', 'sent', 'stored', 'accepted', 'rejected', 'held', 'cancelled', 'cancellations sent', 'must end'];

export function textTable(header: readonly string[], rows: readonly string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  return all.map((row) => row.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}

function markdownTable(header: readonly string[], rows: readonly string[][], align: readonly ('l' | 'r')[]): string {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  return [`| ${header.join(' | ')} |`, `|${align.map((a) => (a === 'r' ? '---:' : '---')).join('|')}|`, ...rows.map((row) => `| ${row.map(escape).join(' | ')} |`)].join('\n');
}

function figureRows(report: LoadRunReport): string[][] {
  const rows: string[][] = [
    ['set-up (services started → reference data in the read models, stock confirmed)', seconds(report.setupSeconds)],
    ...(report.foreignWaitSeconds !== undefined ? [['waiting for other consumers of the order flow’s topics to leave', seconds(report.foreignWaitSeconds)]] : []),
    ['burst: sending', `${seconds(report.burst.sendSeconds)} (${n((report.burst.sent.total ?? 0) / Math.max(report.burst.sendSeconds, 0.001))} orders/s sent, ${n(report.settings.ratePerSecond)}/s asked)`],
    ['burst start → every order settled, pipeline quiet', seconds(report.burst.settleSeconds)],
  ];
  if (report.timing) {
    const t = report.timing;
    rows.push(
      ['first order placed → last order decided', `${seconds(t.decideSeconds)}: **${n(t.decidedPerSecond)} orders/s** decided on average`],
      ['placed → first outcome, p50 / p95 / p99 / max', `${t.decided.p50.toFixed(2)} / ${t.decided.p95.toFixed(2)} / ${t.decided.p99.toFixed(2)} / ${t.decided.max.toFixed(2)} s`],
      [`placed → ACCEPTED (${n(t.accepted.orders)} orders), p50 / p95 / p99 / max`, `${t.accepted.p50.toFixed(2)} / ${t.accepted.p95.toFixed(2)} / ${t.accepted.p99.toFixed(2)} / ${t.accepted.max.toFixed(2)} s`],
    );
  }
  rows.push(['peak backlog seen (sent, not stored / stored, not settled)', `${n(report.peakBacklog.unstored)} / ${n(report.peakBacklog.unsettled)}`]);
  if (report.cpu) {
    const c = report.cpu;
    const capacity = c.wallSeconds * c.cores;
    const services = c.services.map((s) => `${s.service} ${n(s.seconds)}`).join(', ');
    const own = c.services.reduce((sum, s) => sum + (Number.isFinite(s.seconds) ? s.seconds : 0), 0);
    rows.push([
      `CPU during the burst, seconds (of ${n(capacity)} = ${seconds(c.wallSeconds)} × ${c.cores} cores)`,
      `${services}; the four services ${n(own)} (${pct(own, capacity)})${c.machineSeconds === undefined ? '' : `; whole machine busy ${n(c.machineSeconds)} (${pct(c.machineSeconds, capacity)}), everything else ${n(c.machineSeconds - own)}`}`,
    ]);
  }
  if (report.foreign) {
    const f = report.foreign;
    rows.push(['other users’ traffic taken in from the shared topics (orders / reservations / dead letters)', `${n(f.orders)} / ${n(f.reservations)} / ${n(f.deadLetters)}`]);
    rows.push([
      'other consumer groups reading the order flow’s topics during the burst',
      f.consumers && f.consumers.length > 0 ? f.consumers.map((c) => `${c.groupId} (${c.topics.join(', ')})`).join('; ') : 'none seen',
    ]);
  }
  if (report.backorders) {
    const b = report.backorders;
    rows.push(['accepted orders: units back-ordered (charter: insufficient_stock BACKORDER)', `${n(b.backordered)} of ${n(b.units)} units (${pct(b.backordered, b.units)}), on ${n(b.backordered_lines)} of ${n(b.lines)} lines`]);
  }
  return rows;
}

const LOG_KINDS_SHOWN = 8;

function logTable(logs: NonNullable<LoadRunReport['logs']>): string {
  const rows = logs.flatMap(({ service, entries }) =>
    entries.length === 0 ? [[service, '', 'nothing', '']] : entries.slice(0, LOG_KINDS_SHOWN).map((entry) => [service, entry.level, entry.what, n(entry.count)]),
  );
  return markdownTable(['service', 'level', 'message', 'lines'], rows, ['l', 'l', 'l', 'r']);
}

/** What the terminal shows at the end of a run. */
export function terminalSummary(report: LoadRunReport): string {
  const sentTotal = report.burst.sent.total ?? 0;
  const parts = [
    textTable(['outcome', 'orders', 'share', 'states'], outcomeRows(report.outcomes, sentTotal)),
    '',
    textTable(KIND_HEADER, kindRows(report)),
    '',
    textTable(['figure', 'value'], figureRows(report).map(([k, v]) => [k, v.replace(/\*\*/g, '')])),
    '',
    textTable(['check', 'result'], report.checks.map((check) => [check.name, `${check.passed ? 'PASS' : 'FAIL'}: ${check.detail}`])),
  ];
  if (report.logs) {
    const rows = report.logs.flatMap(({ service, entries }) => entries.slice(0, 5).map((entry) => [service, entry.level, n(entry.count), entry.what]));
    if (rows.length > 0) parts.splice(parts.length - 1, 0, textTable(['service', 'level', 'lines', 'logged'], rows), '');
  }
  if (report.problem) parts.push('', `RUN INCOMPLETE: ${report.problem}`);
  parts.push('', allPassed(report) ? 'load run: every check passed' : `load run: FAILED (${report.checks.filter((c) => !c.passed).map((c) => c.name).join('; ') || report.problem})`);
  return parts.join('\n');
}

const NOTES_START = '<!-- notes: kept when the page is written again -->';
const NOTES_END = '<!-- end of notes -->';

/** The hand-written notes of an existing page (between the markers), to carry into the next one. */
export function notesOf(page: string): string | undefined {
  const start = page.indexOf(NOTES_START);
  const end = page.indexOf(NOTES_END);
  return start >= 0 && end > start ? page.slice(start + NOTES_START.length, end).trim() : undefined;
}

/** docs/load-run.md: method, command, figures, checks — and the hand-written notes of the page it replaces. */
export function loadRunMarkdown(report: LoadRunReport, notes?: string): string {
  const s = report.settings;
  const sentTotal = report.burst.sent.total ?? 0;
  const verdict = allPassed(report) ? 'every check passed' : `**FAILED**: ${report.checks.filter((c) => !c.passed).map((c) => c.name).join('; ') || report.problem}`;
  return `# Load run: 100,000 orders through the order flow

Issue 5's acceptance: *a load run of 100,000 orders from the simulator with 5 % bad data: every order
ends in exactly one of accepted / rejected / held, the counts add up to 100,000 exactly, and no stock
is left reserved by a rejected or cancelled order (counted in the databases).*

Generated by \`${report.command}\` (tools/load-run/); re-running it rewrites this page.

## Result

Run \`${report.runId}\`, ${report.startedAt.toISOString()} → ${report.finishedAt.toISOString()}: ${verdict}.
Machine: ${report.machine}${report.code ? `; code: ${report.code}` : ''}.

Settings: ${n(s.orders)} orders at ${n(s.ratePerSecond)}/s, bad share ${s.badShare}, new-customer share ${s.newCustomerShare},
cancel share ${s.cancelShare}; ${n(s.skus)} SKUs × every charter location, ${n(s.customers)} known customers, WMS feed ${n(s.wmsRate)} records/s
during the burst, seed ${s.seed}; services ${s.serviceEnv ? `with \`${s.serviceEnv}\`` : 'with their default settings'}. Charter policies: price_mismatch ${report.policies.priceMismatch}, insufficient_stock ${report.policies.insufficientStock}.

${markdownTable(['outcome', 'orders', 'share', 'states'], outcomeRows(report.outcomes, sentTotal), ['l', 'r', 'r', 'l'])}

Cancelled is reported as its own bucket: an order its source cancelled before shipment ends CANCELLED
(services/orders README, "Life cycle and cancellation") — neither accepted, rejected nor held. Accepted
counts ACCEPTED, POSTED (the ERP answered), SHIPPED and RETURNED.

### By kind of order

The simulator counts what it sent per kind; the load run classifies every stored order by what it
carries (each bad order has exactly one defect) and compares.

${markdownTable(KIND_HEADER, kindRows(report), ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'])}

### Throughput and timing

${markdownTable(['figure', 'value'], figureRows(report), ['l', 'l'])}

### Checks

${markdownTable(['check', 'result', 'figures'], report.checks.map((check) => [check.name, check.passed ? 'pass' : '**FAIL**', check.detail]), ['l', 'l', 'l'])}
${report.problem ? `\nThe run could not be completed: ${report.problem}\n` : ''}
### Service logs

Warnings and errors each service logged during the run (LOG_LEVEL=warn), by kind, the most frequent
first (ids, SKUs and numbers shown as #; at most ${LOG_KINDS_SHOWN} kinds per service).

${logTable(report.logs ?? [])}

## Notes

${NOTES_START}
${notes ?? '(none yet)'}
${NOTES_END}

## Method

1. Build (\`node tools/build/build.mjs\`) and start inventory, customers and orders as processes from
   \`dist/\` (tools/bench/bench-processes.ts), each on a free port (never 3001–3007), with a Postgres
   schema \`load_<service>_<run>\` and a consumer group \`load-<service>-<run>\` of the run's own, logs in
   \`.concord/load-run/<run>/\`. Wait for \`/health/ready\` and for each group to be Stable with a member.
2. **Where the new groups start.** The topics are shared with everything else on the local stack and
   hold its history (hundreds of thousands of InventoryUpdated, thousands of orders, products,
   customers of other runs). Read from the beginning, inventory would replay all of it for minutes and
   orders would create other runs' orders in the run's schema. So the services run with
   \`KAFKA_NEW_GROUP_STARTS_AT=latest\` and see only what is produced after they joined; the simulator
   is started only after every group is Stable, so the reference data it publishes at start-up
   reaches them. Its SKUs carry a prefix of the run's own (\`LR<run>-\`), so another simulator's stock
   or catalog never mixes in.
3. Start the simulator (steady order rate 0, reference data published once, no bad WMS records — the
   5 % bad data are the orders'), wait until the orders read models hold every product and price it
   published and the ERP id of every known customer, and until inventory holds every SKU CONFIRMED
   (the WMS has reported each SKU at each location); the WMS feed runs fast for that, then slows.
4. **Other consumers of the same topics.** Anything else reading the order flow's topics with a group
   of its own (a benchmark's services, an integration test) acts on the run's events and answers
   them onto the same topics: another inventory answers the run's reservation requests, another
   orders service takes its orders. Before starting anything the run waits (\`LOAD_FOREIGN_WAIT_S\`)
   until no other group has read OrderPlaced, OrderCancelled, StockReservationRequested,
   StockReleaseRequested, CustomerCreationRequested or CustomerSyncRequested for
   \`LOAD_FOREIGN_QUIET_S\` in a row (so its services do not take in a benchmark's load either), and
   checks again before the burst; groups that join during the burst are named in the figures, and a
   reservation request answered twice fails a check.
5. \`POST /simulator/orders/burst {count, rate, badShare, newCustomerShare, cancelShare}\`: exactly
   \`count\` orders. Poll until the burst is done, its cancellations sent, the simulator's ERP/WMS answers
   all sent, the orders schema holds as many of the run's orders as were sent with none in a
   transitional state (AWAITING_CUSTOMER, AWAITING_STOCK), and the pipeline is quiet: no outbox row
   pending and no uncommitted record on the topics the four groups consume, with the same committed
   offsets before and after the database reads (so nothing moved in between). Deadline: \`LOAD_TIMEOUT_S\`;
   orders waiting for stock while nothing at all is in flight for a minute end the wait early, with
   their history as evidence.
6. Count in the database (orders schema, and the inventory schema joined on the order id) and judge
   (tools/load-run/load-checks.ts); then stop the processes and drop the schemas, groups and their
   dead-letter topics — also on failure and Ctrl-C (\`LOAD_KEEP_STATE=1\` keeps the schemas to investigate).

Knobs: \`LOAD_ORDERS\` (100000), \`LOAD_RATE\` (orders/s), \`LOAD_BAD_SHARE\` (0.05), \`LOAD_NEW_CUSTOMER_SHARE\`,
\`LOAD_CANCEL_SHARE\`, \`LOAD_TIMEOUT_S\`, \`LOAD_SETUP_TIMEOUT_S\`, \`LOAD_SKU_COUNT\`, \`LOAD_CUSTOMER_COUNT\`,
\`LOAD_WMS_WARMUP_RATE\`, \`LOAD_WMS_RATE\`, \`LOAD_SERVICE_ENV\` (NAME=value pairs for the services), \`LOAD_FOREIGN_WAIT_S\`, \`LOAD_FOREIGN_QUIET_S\`, \`LOAD_SEED\`, \`LOAD_REPORT\` (this page; \`-\` for none),
\`LOAD_SKIP_BUILD\`, \`LOAD_KEEP_STATE\`. The exit code is 0 only when every check passed.
`;
}
