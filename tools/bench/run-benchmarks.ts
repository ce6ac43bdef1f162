// `npm run bench`: the inventory service against the raw Kafka pass-through, in one run, on the
// local stack; prints a table and writes docs/benchmarks.md. See that page for the method, and
// bench-settings.ts for the knobs (BENCH_EVENTS, BENCH_RUNS, ...).
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, type as osType, release } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { Client } from 'pg';
import { avroOptions, type InventoryUpdated } from '@concord/contracts';
import { loadCharter } from '@concord/governance';
import { AvroCodec } from '@concord/messaging';
import { resolveCharterPath } from '@concord/service-runtime';
import { stackEndpoints } from '@concord/testing';
import { buildServices, repositoryRoot, stopChildrenOnSignal } from './bench-processes';
import { loadBenchSettings, type BenchSettings } from './bench-settings';
import { benchmarkMarkdown, comparisonRows, reportNotes, textTable, type BenchmarkReport } from './benchmark-report';
import type { InventoryOutcome } from './benchmark-results';
import { benchmarkInventory } from './inventory-benchmark';
import { createMissingTopics } from './kafka-measurements';
import { benchSkus, inventoryUpdated, latencyProbe, sourceMessage, sustainedLoad } from './inventory-load';
import { benchmarkPassThrough } from './pass-through-benchmark';

const COMMAND = 'npm run bench';

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

function describeSettings(settings: BenchSettings): string {
  return (
    `${settings.BENCH_EVENTS.toLocaleString('en-US')} events × ${settings.BENCH_RUNS} sustained runs (plus a warm-up) over ${settings.BENCH_SKUS} SKUs × every charter location; ` +
    `latency ${settings.BENCH_LATENCY_RATE}/s for ${settings.BENCH_LATENCY_SECONDS} s over ${settings.BENCH_LATENCY_SKUS} SKUs`
  );
}

/** BENCH_RESULTS=<results.json of an earlier run>: print and write that run's report again, measuring nothing. */
function renderEarlierRun(path: string, reportPath: string): void {
  const saved = JSON.parse(readFileSync(path, 'utf8')) as BenchmarkReport;
  const report = { ...saved, startedAt: new Date(saved.startedAt), finishedAt: new Date(saved.finishedAt) };
  console.log(textTable(comparisonRows(report)));
  for (const note of reportNotes(report)) console.log(note);
  if (reportPath !== '-') writeFileSync(join(repositoryRoot, reportPath), benchmarkMarkdown(report));
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
  const code = codeVersion();
  log(`benchmark ${runId} on ${machine()}${code ? `, ${code}` : ''}`);
  if (settings.BENCH_SKIP_BUILD === '0' && settings.BENCH_SKIP_INVENTORY === '0') buildServices();

  const kafka = new Kafka({ clientId: 'concord-bench', brokers: endpoints.kafkaBrokers, logLevel: logLevel.ERROR });
  const admin = kafka.admin();
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
  const database = new Client({ connectionString: endpoints.databaseUrl });
  const codec = new AvroCodec({ registryUrl: endpoints.schemaRegistryUrl, avroOptions });
  await Promise.all([admin.connect(), producer.connect(), database.connect()]);
  try {
    await codec.registerWriter(inventoryUpdated);
    await createMissingTopics(admin, [inventoryUpdated.topic]);
    const [ingressMetadata] = (await admin.fetchTopicMetadata({ topics: [inventoryUpdated.topic] })).topics;
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

    log(`Kafka pass-through (${ingressMetadata.partitions.length} partitions, like ${inventoryUpdated.topic})`);
    const passThroughProbe = probe(latencySkus('P'));
    const passThrough = await benchmarkPassThrough({
      kafka,
      admin,
      partitions: ingressMetadata.partitions.length,
      runs: settings.BENCH_RUNS,
      sustainedMessages: sustainedMessages('P'),
      latency: { ...latency, message: (index, now) => passThroughProbe(index, now).message },
      timeoutMs,
      logDir,
      log,
    });

    let inventory: InventoryOutcome;
    if (settings.BENCH_SKIP_INVENTORY === '1') {
      inventory = { notMeasured: 'skipped (BENCH_SKIP_INVENTORY=1)' };
    } else {
      log('inventory service');
      inventory = await benchmarkInventory({
        kafka,
        admin,
        producer,
        database,
        codec,
        runId,
        runs: settings.BENCH_RUNS,
        nodeArgs: settings.BENCH_SERVICE_NODE_ARGS.split(' ').filter((arg) => arg !== ''),
        sustainedMessages: sustainedMessages('I'),
        latency: { ...latency, probe: probe(latencySkus('I')) },
        timeoutMs,
        logDir,
        log,
      }).catch((error: unknown): InventoryOutcome => ({ notMeasured: `the measurement failed: ${error instanceof Error ? error.message : String(error)}` }));
      if ('notMeasured' in inventory) log(`inventory NOT measured: ${inventory.notMeasured}`);
    }

    const report = { startedAt, finishedAt: new Date(), command: COMMAND, machine: machine(), code, settings: describeSettings(settings), passThrough, inventory };
    console.log(`\n${textTable(comparisonRows(report))}\n`);
    for (const note of reportNotes(report)) console.log(note);
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
