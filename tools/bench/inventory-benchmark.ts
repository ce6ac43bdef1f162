import { join } from 'node:path';
import type { Admin, Kafka, Message, Producer } from 'kafkajs';
import type { Client } from 'pg';
import { Topics, type InventoryAvailabilityChanged } from '@concord/contracts';
import { eventDescriptor, type AvroCodec } from '@concord/messaging';
import { AvailabilityMatcher } from './availability-matcher';
import { assertRunning, freePort, startNodeProcess, type BenchProcess } from './bench-processes';
import type { InventoryOutcome, SubjectResult } from './benchmark-results';
import { createMissingTopics, measureSustained, moveGroupToEnd, pollUntil, producePaced, tailFromEnd, type SustainedRun } from './kafka-measurements';
import { summarizeLatencies } from './latency-stats';

const ingress = eventDescriptor('InventoryUpdated');
const availability = eventDescriptor('InventoryAvailabilityChanged');

export interface InventoryBenchmarkOptions {
  kafka: Kafka;
  admin: Admin;
  producer: Producer;
  database: Client;
  codec: AvroCodec;
  /** Unique per benchmark run: names the service's schema and consumer group. */
  runId: string;
  runs: number;
  /** Extra Node flags for the service process (profiling). */
  nodeArgs?: string[];
  sustainedMessages: (run: number) => Message[];
  latency: {
    ratePerSecond: number;
    seconds: number;
    /** The i-th probe: its message, and the SKU and count it carries. */
    probe: (index: number, now: number) => { message: Message; sku: string; quantity: number; locationId: string };
  };
  timeoutMs: number;
  logDir: string;
  log: (line: string) => void;
}

/** The service could not be measured; the message says why. */
class NotMeasured extends Error {}

/**
 * Drives InventoryUpdated through a real inventory service process started from the build, with a
 * Postgres schema and consumer group of its own (INVENTORY_DB_SCHEMA, INVENTORY_GROUP_ID) whose
 * offsets start at the ingress topic's end, so it sees only the benchmark's records:
 * - sustained: N events as fast as possible, until the group committed every partition end (and,
 *   reported beside it, until the outbox published every availability change they caused);
 * - latency: probes at a fixed rate, each timed from its production to the arrival of the
 *   InventoryAvailabilityChanged that shows its count.
 */
export async function benchmarkInventory(options: InventoryBenchmarkOptions): Promise<InventoryOutcome> {
  const { admin, producer, database, log } = options;
  const schema = `bench_inventory_${options.runId.replace(/[^a-z0-9]/g, '_')}`;
  const groupId = `bench-inventory-${options.runId}`;
  await createMissingTopics(admin, [ingress.topic, availability.topic]);
  // Every catalog topic with records, not only the ingress: the service consumes more (reservation
  // requests, shipments, ...), and a new group would otherwise replay their whole history meanwhile.
  // One at a time: kafkajs sets a group's offsets by joining it, and joins in parallel never settle.
  const existing = new Set(await admin.listTopics());
  for (const topic of Object.values(Topics).filter((topic) => existing.has(topic))) {
    if (await hasRecords(admin, topic)) await moveGroupToEnd(admin, groupId, topic);
  }

  const port = await freePort();
  log(`inventory: starting dist/services/inventory/src/main.js (schema ${schema}, group ${groupId}, port ${port})`);
  const service = startNodeProcess(
    [...(options.nodeArgs ?? []), '--enable-source-maps', 'dist/services/inventory/src/main.js'],
    { HTTP_PORT: String(port), INVENTORY_DB_SCHEMA: schema, INVENTORY_GROUP_ID: groupId, LOG_LEVEL: 'warn' },
    join(options.logDir, 'inventory.log'),
  );
  try {
    await untilReady(service, `http://127.0.0.1:${port}/health/ready`);
    await confirmIsolated(admin, database, groupId, schema);

    const assertSubjectRunning = () => assertRunning(service, 'the inventory service');
    const sustained = async (run: number): Promise<SustainedRun> => {
      const messages = options.sustainedMessages(run);
      const result = await measureSustained({ admin, producer, groupId, topic: ingress.topic, messages, timeoutMs: options.timeoutMs, assertSubjectRunning });
      const started = performance.now() - result.seconds * 1000;
      const drained = await pollUntil(async () => {
        assertSubjectRunning();
        return (await pendingOutbox(database, schema)) === 0;
      }, options.timeoutMs, 50);
      return drained ? { ...result, publishedSeconds: (performance.now() - started) / 1000 } : result;
    };

    log('inventory: warm-up');
    await sustained(-1);
    const runs: SustainedRun[] = [];
    for (let run = 0; run < options.runs; run++) {
      const result = await sustained(run);
      log(
        `inventory: sustained run ${run + 1}: ${result.events} events in ${result.seconds.toFixed(2)} s = ${Math.round(result.eventsPerSecond)} events/s` +
          (result.publishedSeconds ? ` (availability published after ${result.publishedSeconds.toFixed(2)} s)` : '') +
          (result.complete ? '' : ' — INCOMPLETE, timed out'),
      );
      runs.push(result);
    }

    log(`inventory: latency at ${options.latency.ratePerSecond}/s for ${options.latency.seconds} s`);
    return { measured: { sustained: runs, ...(await measureLatency(options, assertSubjectRunning)) } };
  } catch (error) {
    if (error instanceof NotMeasured) return { notMeasured: error.message };
    throw error;
  } finally {
    await service.stop();
    await database.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await admin.deleteGroups([groupId]).catch(() => undefined);
  }
}

async function measureLatency(options: InventoryBenchmarkOptions, assertSubjectRunning: () => void): Promise<Pick<SubjectResult, 'latency' | 'latencyProblem'>> {
  const { kafka, admin, producer, codec } = options;
  const matcher = new AvailabilityMatcher();
  const probeLocation = new Map<string, string>();
  const arrivals: Promise<void>[] = [];
  const stopTail = await tailFromEnd(kafka, admin, availability.topic, (messages, arrivedAt) => {
    for (const message of messages) {
      const sku = message.key?.toString('utf8');
      if (!sku || !probeLocation.has(sku)) continue;
      arrivals.push(
        codec.decode<InventoryAvailabilityChanged>(message.value, availability).then(({ payload }) => {
          const at = payload.locations.find((location) => location.locationId === probeLocation.get(sku));
          matcher.observe(sku, at?.onHand ?? payload.totalOnHand, arrivedAt);
        }),
      );
    }
  });
  try {
    const sent = await producePaced(producer, ingress.topic, options.latency, (index, now) => {
      const { message, sku, quantity, locationId } = options.latency.probe(index, now);
      probeLocation.set(sku, locationId);
      matcher.expect(sku, quantity, now);
      return message;
    });
    await pollUntil(() => {
      assertSubjectRunning();
      return matcher.unmatched === 0;
    }, 30_000);
    await Promise.all(arrivals);
    const { ratePerSecond, seconds } = options.latency;
    if (matcher.matched.length === 0) return { latencyProblem: `none of the ${sent} probes produced an InventoryAvailabilityChanged within 30 s` };
    // A probe still unmatched has waited at least its age: counted so, the percentiles stay honest lower bounds.
    const latencies = [...matcher.matched, ...matcher.unmatchedAges(Date.now())];
    const unmatched = matcher.unmatched;
    return { latency: { ...summarizeLatencies(latencies), ratePerSecond, seconds, sent, unmatched, lowerBound: unmatched > 0 } };
  } finally {
    await stopTail();
  }
}

async function untilReady(service: BenchProcess, readyUrl: string): Promise<void> {
  const ready = await pollUntil(async () => {
    if (service.child.exitCode !== null) throw new NotMeasured(`the inventory service exited with ${service.child.exitCode} before it was ready:\n${service.recentOutput()}`);
    try {
      return (await fetch(readyUrl, { signal: AbortSignal.timeout(2000) })).ok;
    } catch {
      return false;
    }
  }, 90_000, 250);
  if (!ready) throw new NotMeasured(`the inventory service was not ready within 90 s:\n${service.recentOutput()}`);
}

/**
 * The service must consume in the benchmark's own group and write to the benchmark's own schema;
 * a service that ignores INVENTORY_GROUP_ID or INVENTORY_DB_SCHEMA (or does not consume
 * InventoryUpdated yet) would measure nothing, or work on the shared `inventory` group and schema.
 */
async function confirmIsolated(admin: Admin, database: Client, groupId: string, schema: string): Promise<void> {
  const { rows } = await database.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [schema]);
  if (rows.length === 0) throw new NotMeasured(`the inventory service did not create schema ${schema}: it does not read INVENTORY_DB_SCHEMA yet`);
  const joined = await pollUntil(async () => {
    const [group] = (await admin.describeGroups([groupId])).groups;
    return group?.state === 'Stable' && group.members.length > 0;
  }, 30_000, 250);
  if (!joined) {
    throw new NotMeasured(
      `no consumer joined group ${groupId} within 30 s: the inventory service does not consume InventoryUpdated yet, or does not read INVENTORY_GROUP_ID`,
    );
  }
}

async function hasRecords(admin: Admin, topic: string): Promise<boolean> {
  return (await admin.fetchTopicOffsets(topic)).some(({ high, low }) => BigInt(high) > BigInt(low));
}

async function pendingOutbox(database: Client, schema: string): Promise<number> {
  const { rows } = await database.query(`SELECT count(*)::int AS n FROM "${schema}".outbox WHERE sent_at IS NULL`);
  return (rows[0] as { n: number }).n;
}
