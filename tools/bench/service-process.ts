import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Admin } from 'kafkajs';
import type { Client } from 'pg';
import { deadLetterTopic } from '@concord/messaging';
import { assertRunning, freePort, startNodeProcess, type BenchProcess } from './bench-processes';
import { createMissingTopics, moveGroupToEnd, pollUntil } from './kafka-measurements';

/** The service could not be measured; the message says why (it goes into the report). */
export class NotMeasured extends Error {}

/** A Concord service the benchmark started from the build, with a schema and consumer group of its own. */
export interface ServiceUnderTest {
  readonly name: string;
  readonly schema: string;
  readonly groupId: string;
  readonly port: number;
  readonly process: BenchProcess;
  /** Where its output goes. */
  readonly logPath: string;
  /** Throws when the process has exited. */
  assertRunning(): void;
  /** Stops the process, drops its schema, deletes its group and the group's dead-letter topics. */
  stop(): Promise<void>;
}

export interface StartServiceOptions {
  /** The service's folder under services/ and the prefix of its settings (`orders` → ORDERS_DB_SCHEMA). */
  name: string;
  /** Unique per benchmark run: names the schema and group. */
  runId: string;
  admin: Admin;
  database: Client;
  /**
   * Topics the benchmark produces to once the service runs: the group's offsets are committed at
   * their ends before it starts, so none of those records can slip in before the group has found
   * its start. Every other topic starts at its end when the group first reads it
   * (KAFKA_NEW_GROUP_STARTS_AT=latest), instead of at the shared stack's earliest record.
   */
  startAtEndOf: readonly string[];
  nodeArgs?: readonly string[];
  logDir: string;
  /** The log file's name in `logDir` (default `<name>.log`). */
  logFile?: string;
  log: (line: string) => void;
}

/** Ports `./concord up` gives the services (3001–3007): never used here, another engineer's services may hold them. */
const RESERVED_PORTS = { from: 3001, to: 3007 };

/**
 * Starts `node dist/services/<name>/src/main.js` with its own <NAME>_DB_SCHEMA and <NAME>_GROUP_ID,
 * LOG_LEVEL=warn, and resolves once it answers /health/ready, has created its schema and its
 * consumer has joined the group. Throws NotMeasured when it does not get there.
 */
export async function startService(options: StartServiceOptions): Promise<ServiceUnderTest> {
  const { name, admin, database } = options;
  const prefix = name.toUpperCase();
  const schema = `bench_${name}_${options.runId.replace(/[^a-z0-9]/g, '_')}`;
  const groupId = `bench-${name}-${options.runId}`;
  await createMissingTopics(admin, options.startAtEndOf);
  // One at a time: kafkajs sets a group's offsets by joining it, and joins in parallel never settle.
  for (const topic of options.startAtEndOf) await moveGroupToEnd(admin, groupId, topic);

  let port = await freePort();
  while (port >= RESERVED_PORTS.from && port <= RESERVED_PORTS.to) port = await freePort();
  options.log(`${name}: starting dist/services/${name}/src/main.js (schema ${schema}, group ${groupId}, port ${port})`);
  const logPath = join(options.logDir, options.logFile ?? `${name}.log`);
  const child = startNodeProcess(
    [...(options.nodeArgs ?? []), '--enable-source-maps', `dist/services/${name}/src/main.js`],
    {
      HTTP_PORT: String(port),
      [`${prefix}_DB_SCHEMA`]: schema,
      [`${prefix}_GROUP_ID`]: groupId,
      KAFKA_NEW_GROUP_STARTS_AT: 'latest',
      LOG_LEVEL: 'warn',
    },
    logPath,
  );
  const service: ServiceUnderTest = {
    name,
    schema,
    groupId,
    port,
    process: child,
    logPath,
    assertRunning: () => assertRunning(child, `the ${name} service`),
    async stop() {
      await child.stop();
      await database.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
      await admin.deleteGroups([groupId]).catch(() => undefined);
      const existing = new Set(await admin.listTopics().catch(() => [] as string[]));
      const deadLetters = [...existing].filter((topic) => topic.endsWith(deadLetterTopic('', groupId)));
      if (deadLetters.length > 0) await admin.deleteTopics({ topics: deadLetters }).catch(() => undefined);
    },
  };
  try {
    await untilReady(service, `http://127.0.0.1:${port}/health/ready`);
    await confirmIsolated(service, admin, database);
    return service;
  } catch (error) {
    await service.stop();
    throw error;
  }
}

async function untilReady(service: ServiceUnderTest, readyUrl: string): Promise<void> {
  const { child } = service.process;
  const ready = await pollUntil(async () => {
    if (child.exitCode !== null) throw new NotMeasured(`the ${service.name} service exited with ${child.exitCode} before it was ready:\n${service.process.recentOutput()}`);
    try {
      return (await fetch(readyUrl, { signal: AbortSignal.timeout(2000) })).ok;
    } catch {
      return false;
    }
  }, 90_000, 250);
  if (!ready) throw new NotMeasured(`the ${service.name} service was not ready within 90 s:\n${service.process.recentOutput()}`);
}

/**
 * The service must consume in the benchmark's own group and write to the benchmark's own schema;
 * one that ignored <NAME>_GROUP_ID or <NAME>_DB_SCHEMA would measure nothing, or work on the shared
 * group and schema.
 */
async function confirmIsolated(service: ServiceUnderTest, admin: Admin, database: Client): Promise<void> {
  const prefix = service.name.toUpperCase();
  const { rows } = await database.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [service.schema]);
  if (rows.length === 0) throw new NotMeasured(`the ${service.name} service did not create schema ${service.schema}: it does not read ${prefix}_DB_SCHEMA`);
  const joined = await pollUntil(async () => {
    const [group] = (await admin.describeGroups([service.groupId])).groups;
    return group?.state === 'Stable' && group.members.length > 0;
  }, 30_000, 250);
  if (!joined) throw new NotMeasured(`no consumer joined group ${service.groupId} within 30 s: the ${service.name} service does not read ${prefix}_GROUP_ID`);
}

/** What went wrong inside a service during a measurement, counted from its log (LOG_LEVEL=warn). */
export interface LogTroubles {
  /** Log lines reporting a Postgres deadlock (40P01). */
  deadlocks: number;
  /** Records the consumer retried after its handler failed. */
  retries: number;
  /** Batches whose failure escaped the runner: kafkajs restarted the consumer. */
  failedBatches: number;
  /** The consumer crashed beyond its retries (kafkajs restarts it, or the service exits). */
  consumerCrashes: number;
  deadLettered: number;
}

export function countLogTroubles(log: string): LogTroubles {
  const troubles: LogTroubles = { deadlocks: 0, retries: 0, failedBatches: 0, consumerCrashes: 0, deadLettered: 0 };
  for (const line of log.split('\n')) {
    if (line.includes('deadlock detected')) troubles.deadlocks++;
    if (line.includes('"msg":"handler failed; retrying"')) troubles.retries++;
    if (line.includes('"msg":"Error when calling eachBatch"')) troubles.failedBatches++;
    if (line.includes('"msg":"Crash: ')) troubles.consumerCrashes++;
    if (line.includes('"msg":"record dead-lettered"')) troubles.deadLettered++;
  }
  return troubles;
}

/** A sentence for the report about what the service's log shows, or none when it shows nothing of this. */
export function troublesRemark(name: string, troubles: LogTroubles, logPath: string): string | undefined {
  const counted = (n: number, one: string, many: string) => (n === 0 ? '' : `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`);
  const parts = [
    counted(troubles.deadlocks, 'line reporting a Postgres deadlock', 'lines reporting a Postgres deadlock'),
    counted(troubles.retries, 'handler retry', 'handler retries'),
    counted(troubles.failedBatches, 'batch that failed whole (kafkajs restarted the consumer)', 'batches that failed whole (kafkajs restarted the consumer)'),
    counted(troubles.consumerCrashes, 'consumer crash', 'consumer crashes'),
    counted(troubles.deadLettered, 'record dead-lettered', 'records dead-lettered'),
  ].filter(Boolean);
  if (parts.length === 0) return undefined;
  return `The ${name} service logged ${parts.join(', ')} during the measurement (${logPath.replace(/^.*\/\.concord\//, '.concord/')}).`;
}

/** The remark about a stopped service's log, if it has one to make. */
export async function logRemark(service: ServiceUnderTest): Promise<string | undefined> {
  const log = await readFile(service.logPath, 'utf8').catch(() => '');
  return troublesRemark(service.name, countLogTroubles(log), service.logPath);
}
