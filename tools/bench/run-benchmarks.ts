// `npm run bench`: the inventory and orders services, each against the raw Kafka pass-through with
// its own kind of records, in one run, on the local stack; prints the tables and writes
// docs/benchmarks.md. See that page for the method, and bench-settings.ts for the knobs
// (BENCH_SUBJECTS, BENCH_EVENTS, BENCH_ORDERS, ...).
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, type as osType, release } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel, Partitioners, type Admin } from 'kafkajs';
import { Client } from 'pg';
import { avroOptions, type InventoryUpdated } from '@concord/contracts';
import { loadCharter } from '@concord/governance';
import { AvroCodec, eventDescriptor } from '@concord/messaging';
import { resolveCharterPath } from '@concord/service-runtime';
import { stackEndpoints } from '@concord/testing';
import { buildServices, repositoryRoot, stopChildrenOnSignal } from './bench-processes';
import { loadBenchSettings, type BenchSettings, type ServiceSubject } from './bench-settings';
import { benchmarkMarkdown, reportFromJson, reportText, type BenchmarkReport } from './benchmark-report';
import type { Comparison, ServiceOutcome } from './benchmark-results';
import { benchmarkInventory } from './inventory-benchmark';
import { createMissingTopics, untilNoOtherConsumers } from './kafka-measurements';
import { benchSkus, inventoryUpdated, latencyProbe, sourceMessage, sustainedLoad } from './inventory-load';
import { benchmarkOrders, ORDER_FLOW_TOPICS, orderPlacedMessages } from './orders-benchmark';
import { BENCH_SOURCES, benchCustomers, stamp } from './order-load';
import { benchmarkPassThrough } from './pass-through-benchmark';

const orderPlaced = eventDescriptor('OrderPlaced');

function log(line: string): void {
  console.log(`${new Date().toISOString().slice(11, 19)} ${line}`);
}

function machine(): string {
  const cores = cpus();
  return `${cores.length} cores (${cores[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(totalmem() / 2 ** 30)} GiB RAM, ${osType()} ${release()}, Node ${process.versions.node}`;
}

/** `git f7051a4`, with `+ uncommitted changes` when the working tree differs. */
function codeVersion(): string | undefined {
  const git = (...args: string[]) => spawnSync('git', args, { cwd: repositoryRoot, encoding: 'utf8' });
  const head = git('rev-parse', '--short', 'HEAD');
  if (head.status !== 0) return undefined;
  const dirty = git('status', '--porcelain').stdout.trim() !== '';
  return `git ${head.stdout.trim()}${dirty ? ' + uncommitted changes in the working tree' : ''}`;
}

/** The command as run: `npm run bench`, after the BENCH_* settings given (not where the page goes). */
function commandLine(env: NodeJS.ProcessEnv): string {
  const given = Object.keys(env)
    .filter((name) => name.startsWith('BENCH_') && !['BENCH_REPORT', 'BENCH_RESULTS'].includes(name) && env[name] !== '')
    .sort()
    .map((name) => `${name}=${/^[\w.,:/-]+$/.test(env[name]!) ? env[name] : `'${env[name]}'`}`);
  return [...given, 'npm run bench'].join(' ');
}

const count = (n: number) => n.toLocaleString('en-US');

function inventorySettings(settings: BenchSettings): string {
  return (
    `${count(settings.BENCH_EVENTS)} events × ${settings.BENCH_RUNS} sustained runs (plus a warm-up) over ${settings.BENCH_SKUS} SKUs × every charter location; ` +
    `latency ${settings.BENCH_LATENCY_RATE}/s for ${settings.BENCH_LATENCY_SECONDS} s over ${settings.BENCH_LATENCY_SKUS} SKUs`
  );
}

function ordersSettings(settings: BenchSettings): string {
  return (
    `${count(settings.BENCH_ORDERS)} orders of ${settings.BENCH_ORDER_LINES} lines × ${settings.BENCH_RUNS} sustained runs (plus a warm-up), ` +
    `${settings.BENCH_ORDERS_CUSTOMERS} customers; latency ${settings.BENCH_ORDERS_LATENCY_RATE}/s for ${settings.BENCH_ORDERS_LATENCY_SECONDS} s`
  );
}

/** BENCH_RESULTS=<results.json of an earlier run>: print and write that run's report again, measuring nothing. */
function renderEarlierRun(path: string, reportPath: string): void {
  const report = reportFromJson(JSON.parse(readFileSync(path, 'utf8')));
  console.log(reportText(report));
  if (reportPath !== '-') writeFileSync(join(repositoryRoot, reportPath), benchmarkMarkdown(report));
}

async function partitionsOf(admin: Admin, topic: string): Promise<number> {
  await createMissingTopics(admin, [topic]);
  const [metadata] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
  return metadata.partitions.length;
}

async function main(): Promise<void> {
  const settings = loadBenchSettings(process.env);
  if (process.env.BENCH_RESULTS) return renderEarlierRun(process.env.BENCH_RESULTS, settings.BENCH_REPORT);
  stopChildrenOnSignal();
  const startedAt = new Date();
  const runId = `${startedAt.toISOString().slice(0, 10).replace(/-/g, '')}-${randomUUID().slice(0, 8)}`;
  const logDir = join(repositoryRoot, '.concord', 'bench', runId);
  const endpoints = stackEndpoints();
  const locations = loadCharter(resolveCharterPath(undefined)).inventoryRouting.locations.map((location) => location.id);
  const timeoutMs = settings.BENCH_PHASE_TIMEOUT_S * 1000;
  const { passThroughOnly } = settings.BENCH_SUBJECTS;
  const measured: ServiceSubject[] = passThroughOnly ? ['inventory', 'orders'] : settings.BENCH_SUBJECTS.services;
  const code = codeVersion();
  log(`benchmark ${runId} on ${machine()}${code ? `, ${code}` : ''}: ${passThroughOnly ? 'the pass-through only' : measured.join(' and ')}`);
  if (settings.BENCH_SKIP_BUILD === '0' && !passThroughOnly) buildServices();

  const kafka = new Kafka({ clientId: 'concord-bench', brokers: endpoints.kafkaBrokers, logLevel: logLevel.ERROR });
  const admin = kafka.admin();
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
  const database = new Client({ connectionString: endpoints.databaseUrl });
  const codec = new AvroCodec({ registryUrl: endpoints.schemaRegistryUrl, avroOptions });
  const nodeArgs = settings.BENCH_SERVICE_NODE_ARGS.split(' ').filter((arg) => arg !== '');
  const notSelected: ServiceOutcome = { notMeasured: 'not selected (BENCH_SUBJECTS=pass-through)' };
  const failed = (error: unknown): ServiceOutcome => ({ notMeasured: `the measurement failed: ${error instanceof Error ? error.message : String(error)}` });
  /** What every measurement is given. */
  const common = { kafka, admin, runs: settings.BENCH_RUNS, timeoutMs, logDir, log };
  const services = { ...common, producer, database, codec, runId, nodeArgs };
  /**
   * A service the benchmark starts takes part in any order flow running on the shared stack (its
   * inventory answers others' reservation requests), and others' services take part in its: so it
   * waits until no other consumer reads the flow's topics. Resolves with a remark when it gave up.
   */
  const whenQuiet = async (subject: string): Promise<string | undefined> => {
    if (settings.BENCH_QUIET_WAIT_S === 0) return undefined;
    const ours = (groupId: string) => groupId.includes(runId) || groupId.startsWith('bench-tail');
    const waitMs = settings.BENCH_QUIET_WAIT_S * 1000;
    const busy = await untilNoOtherConsumers(admin, ORDER_FLOW_TOPICS, ours, waitMs, (groups) =>
      log(`${subject}: waiting up to ${settings.BENCH_QUIET_WAIT_S} s for other consumers of the order flow's topics to finish: ${groups.join(', ')}`),
    );
    if (busy.length === 0) return undefined;
    log(`${subject}: still not alone after ${settings.BENCH_QUIET_WAIT_S} s; measuring anyway`);
    return `The measurement started while other consumer groups read the order flow's topics (${busy.join(', ')}), after waiting ${settings.BENCH_QUIET_WAIT_S} s for them to finish.`;
  };
  /** The outcome with `remark` added first, when there is one. */
  const remarked = (outcome: ServiceOutcome, remark: string | undefined): ServiceOutcome =>
    remark && 'measured' in outcome ? { measured: { ...outcome.measured, remarks: [remark, ...(outcome.measured.remarks ?? [])] } } : outcome;
  await Promise.all([admin.connect(), producer.connect(), database.connect()]);
  try {
    const report: BenchmarkReport = { startedAt, finishedAt: startedAt, command: commandLine(process.env), machine: machine(), code };

    if (measured.includes('inventory')) {
      await codec.registerWriter(inventoryUpdated);
      const partitions = await partitionsOf(admin, inventoryUpdated.topic);
      const encode = (event: InventoryUpdated) => codec.encode(inventoryUpdated, event);
      /** Sustained run `run` (-1: warm-up, a tenth of the size): fresh SKUs, so every run starts from nothing. */
      const sustainedMessages = (subject: string) => (run: number) => {
        const now = new Date();
        const events = run < 0 ? Math.max(1000, Math.floor(settings.BENCH_EVENTS / 10)) : settings.BENCH_EVENTS;
        const skus = benchSkus(`BENCH-${runId}-${subject}${run < 0 ? 'W' : run}-`, settings.BENCH_SKUS);
        return sustainedLoad(events, skus, locations, now).map((event) => sourceMessage(event, encode, now.getTime()));
      };
      const latencySkus = (subject: string) => benchSkus(`BENCH-${runId}-${subject}L-`, settings.BENCH_LATENCY_SKUS);
      /** The i-th latency probe: SKU i mod n gets its k-th count, at a location of its own. */
      const probe = (skus: string[]) => (index: number, now: number) => {
        const sku = skus[index % skus.length];
        const locationId = locations[(index % skus.length) % locations.length];
        const quantity = Math.floor(index / skus.length) + 1;
        return { message: sourceMessage(latencyProbe(sku, locationId, quantity, new Date(now)), encode, now), sku, quantity, locationId };
      };
      const latency = { ratePerSecond: settings.BENCH_LATENCY_RATE, seconds: settings.BENCH_LATENCY_SECONDS };
      const passThroughProbe = probe(latencySkus('P'));
      const passThrough = await benchmarkPassThrough({
        ...common,
        partitions,
        label: 'pass-through (InventoryUpdated records)',
        sustainedMessages: sustainedMessages('P'),
        latency: { ...latency, message: (index, now) => passThroughProbe(index, now).message },
      });
      let service: ServiceOutcome = notSelected;
      if (!passThroughOnly) {
        log('inventory service');
        const busy = await whenQuiet('inventory');
        service = await benchmarkInventory({ ...services, sustainedMessages: sustainedMessages('I'), latency: { ...latency, probe: probe(latencySkus('I')) } }).catch(failed);
        service = remarked(service, busy);
        if ('notMeasured' in service) log(`inventory NOT measured: ${service.notMeasured}`);
      }
      report.inventory = { settings: inventorySettings(settings), passThrough, service } satisfies Comparison;
    }

    if (measured.includes('orders')) {
      await codec.registerWriter(orderPlaced);
      const partitions = await partitionsOf(admin, orderPlaced.topic);
      const customers = benchCustomers(10_000_000_000, settings.BENCH_ORDERS_CUSTOMERS);
      const records = (label: string, orders: number) =>
        orderPlacedMessages(codec, { prefix: `BENCH-${runId}-P${label}-`, count: orders, linesPerOrder: settings.BENCH_ORDER_LINES, customers, now: new Date() });
      const latency = { ratePerSecond: settings.BENCH_ORDERS_LATENCY_RATE, seconds: settings.BENCH_ORDERS_LATENCY_SECONDS };
      const latencyRecords = records('L', Math.round(latency.ratePerSecond * latency.seconds));
      const passThrough = await benchmarkPassThrough({
        ...common,
        partitions,
        label: 'pass-through (OrderPlaced records)',
        sustainedMessages: (run) => {
          const now = Date.now();
          return records(run < 0 ? 'W' : String(run), run < 0 ? Math.max(100, Math.floor(settings.BENCH_ORDERS / 10)) : settings.BENCH_ORDERS).map((record) =>
            stamp(record, BENCH_SOURCES.storefront, now),
          );
        },
        latency: { ...latency, message: (index, now) => stamp(latencyRecords[index % latencyRecords.length], BENCH_SOURCES.storefront, now) },
      });
      let service: ServiceOutcome = notSelected;
      if (!passThroughOnly) {
        log('orders service (with the inventory service answering its reservations)');
        const busy = await whenQuiet('orders');
        service = await benchmarkOrders({
          ...services,
          orders: settings.BENCH_ORDERS,
          linesPerOrder: settings.BENCH_ORDER_LINES,
          customers: settings.BENCH_ORDERS_CUSTOMERS,
          latency,
        }).catch(failed);
        service = remarked(service, busy);
        if ('notMeasured' in service) log(`orders NOT measured: ${service.notMeasured}`);
      }
      report.orders = { settings: ordersSettings(settings), passThrough, service } satisfies Comparison;
    }

    report.finishedAt = new Date();
    console.log(`\n${reportText(report)}\n`);
    mkdirSync(logDir, { recursive: true });
    writeFileSync(join(logDir, 'results.json'), `${JSON.stringify(report, null, 2)}\n`);
    if (settings.BENCH_REPORT !== '-') {
      writeFileSync(join(repositoryRoot, settings.BENCH_REPORT), benchmarkMarkdown(report));
      log(`written to ${settings.BENCH_REPORT}; process logs in ${logDir}`);
    }
  } finally {
    await Promise.allSettled([producer.disconnect(), admin.disconnect(), database.end()]);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
