import { join } from 'node:path';
import { Partitioners, type Admin, type Kafka, type Message } from 'kafkajs';
import { uniqueName } from '@concord/testing';
import { assertRunning, repositoryRoot, startNodeProcess, waitForOutput } from './bench-processes';
import type { SubjectResult } from './benchmark-results';
import { measureSustained, pollUntil, producePaced, tailFromEnd } from './kafka-measurements';
import { summarizeLatencies } from './latency-stats';

export interface PassThroughOptions {
  kafka: Kafka;
  admin: Admin;
  /** Partitions of the topics, as many as the service's ingress topic has. */
  partitions: number;
  /** Names the measurement in the log, e.g. `pass-through (OrderPlaced records)`. */
  label?: string;
  runs: number;
  /** The messages of sustained run `run` (0-based); run -1 is the warm-up. */
  sustainedMessages: (run: number) => Message[];
  latency: { ratePerSecond: number; seconds: number; message: (index: number, now: number) => Message };
  timeoutMs: number;
  logDir: string;
  log: (line: string) => void;
}

/**
 * The raw Kafka pass-through (tools/bench/pass-through-relay.ts, a process of its own like a service)
 * between two fresh topics: sustained runs with a service's kind of records (measured to the relay
 * group's commit of every partition end), then end-to-end latency at a fixed rate from each
 * record's producer timestamp (which the relay copies) to its arrival on the output topic.
 */
export async function benchmarkPassThrough(options: PassThroughOptions): Promise<SubjectResult> {
  const { kafka, admin } = options;
  const label = options.label ?? 'pass-through';
  const log = (line: string) => options.log(`${label}: ${line}`);
  const input = uniqueName('bench.pass-through-in');
  const output = uniqueName('bench.pass-through-out');
  const groupId = uniqueName('bench-pass-through');
  await admin.createTopics({
    topics: [input, output].map((topic) => ({ topic, numPartitions: options.partitions })),
    waitForLeaders: true,
  });
  const relay = startNodeProcess(['-r', '@swc-node/register', join(repositoryRoot, 'tools/bench/pass-through-relay.ts')], {
    BENCH_INPUT_TOPIC: input,
    BENCH_OUTPUT_TOPIC: output,
    BENCH_GROUP_ID: groupId,
  }, join(options.logDir, 'pass-through-relay.log'));
  // A producer of its own: one that has sent to the topics deleted at the end fails its next metadata refresh.
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
  await producer.connect();
  try {
    await waitForOutput(relay, 'ready', 60_000);
    const assertSubjectRunning = () => assertRunning(relay, 'the pass-through relay');
    const sustained = (run: number) =>
      measureSustained({ admin, producer, groupId, topic: input, messages: options.sustainedMessages(run), timeoutMs: options.timeoutMs, assertSubjectRunning });

    log('warm-up');
    await sustained(-1);
    const runs = [];
    for (let run = 0; run < options.runs; run++) {
      const result = await sustained(run);
      log(`sustained run ${run + 1}: ${result.events} records in ${result.seconds.toFixed(2)} s = ${Math.round(result.eventsPerSecond)} records/s`);
      runs.push(result);
    }

    log(`latency at ${options.latency.ratePerSecond}/s for ${options.latency.seconds} s`);
    const latencies: number[] = [];
    const stopTail = await tailFromEnd(kafka, admin, output, (messages, arrivedAt) => {
      for (const message of messages) latencies.push(arrivedAt - Number(message.timestamp));
    });
    try {
      const sent = await producePaced(producer, input, options.latency, options.latency.message);
      await pollUntil(() => {
        assertSubjectRunning();
        return latencies.length >= sent;
      }, 30_000);
      const unmatched = sent - latencies.length;
      if (latencies.length === 0) return { sustained: runs, latencyProblem: 'no record arrived on the output topic' };
      const { ratePerSecond, seconds } = options.latency;
      return { sustained: runs, latency: { ...summarizeLatencies(latencies), ratePerSecond, seconds, sent, unmatched, lowerBound: false } };
    } finally {
      await stopTail();
    }
  } finally {
    await producer.disconnect();
    await relay.stop();
    await admin.deleteTopics({ topics: [input, output] }).catch(() => undefined);
    await admin.deleteGroups([groupId]).catch(() => undefined);
  }
}
