import type { Admin, Kafka, Message, Producer } from 'kafkajs';
import type { Client } from 'pg';
import type { InventoryAvailabilityChanged } from '@concord/contracts';
import { eventDescriptor, type AvroCodec } from '@concord/messaging';
import { AvailabilityMatcher } from './availability-matcher';
import type { ServiceOutcome, SubjectResult } from './benchmark-results';
import { createMissingTopics, measureSustained, pollUntil, producePaced, tailFromEnd, type SustainedRun } from './kafka-measurements';
import { summarizeLatencies } from './latency-stats';
import { logRemark, NotMeasured, startService, type ServiceUnderTest } from './service-process';

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

/**
 * Drives InventoryUpdated through a real inventory service process started from the build, with a
 * Postgres schema and consumer group of its own (INVENTORY_DB_SCHEMA, INVENTORY_GROUP_ID) that
 * starts at the end of every topic (service-process.ts), so it sees only what is produced from then on:
 * - sustained: N events as fast as possible, until the group committed every partition end (and,
 *   reported beside it, until the outbox published every availability change they caused);
 * - latency: probes at a fixed rate, each timed from its production to the arrival of the
 *   InventoryAvailabilityChanged that shows its count.
 */
export async function benchmarkInventory(options: InventoryBenchmarkOptions): Promise<ServiceOutcome> {
  const { admin, producer, database, log } = options;
  await createMissingTopics(admin, [ingress.topic, availability.topic]);
  let service: ServiceUnderTest;
  try {
    service = await startService({ name: 'inventory', runId: options.runId, admin, database, startAtEndOf: [ingress.topic], nodeArgs: options.nodeArgs, logDir: options.logDir, log });
  } catch (error) {
    if (error instanceof NotMeasured) return { notMeasured: error.message };
    throw error;
  }
  const { schema, groupId } = service;
  let result: SubjectResult;
  try {
    const assertSubjectRunning = () => service.assertRunning();
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
    result = { sustained: runs, ...(await measureLatency(options, assertSubjectRunning)) };
  } finally {
    await service.stop();
  }
  const remark = await logRemark(service);
  return { measured: remark ? { ...result, remarks: [remark] } : result };
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

async function pendingOutbox(database: Client, schema: string): Promise<number> {
  const { rows } = await database.query(`SELECT count(*)::int AS n FROM "${schema}".outbox WHERE sent_at IS NULL`);
  return (rows[0] as { n: number }).n;
}
