import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, startNodeProcess, type BenchProcess, pollUntil } from '@concord/bench';

export type LoadServiceName = 'inventory' | 'customers' | 'orders' | 'simulator';

/** A service process of the load run: its own port, Postgres schema and consumer group. */
export interface LoadService {
  name: LoadServiceName;
  url: string;
  schema: string;
  groupId: string;
  process: BenchProcess;
}

/** The run's names for a service: schema `load_<service>_<run>` and group `load-<service>-<run>`. */
export function runNames(name: LoadServiceName, runId: string): { schema: string; groupId: string } {
  return { schema: `load_${name}_${runId.replace(/[^a-z0-9]/g, '_')}`, groupId: `load-${name}-${runId}` };
}

/** Throws naming the service and showing its last output when it is no longer running. */
export function assertAlive(service: LoadService): void {
  const { exitCode, signalCode } = service.process.child;
  if (exitCode !== null || signalCode !== null) throw new Error(`the ${service.name} service exited (${exitCode ?? signalCode}):\n${service.process.recentOutput()}`);
}

/**
 * Starts `dist/services/<name>/src/main.js` (built by tools/build/build.mjs) as its own process on a
 * free port, never the developers' 3001–3007, with the run's schema and group; its consumer group
 * starts at the topics' end (KAFKA_NEW_GROUP_STARTS_AT=latest): it sees only what happens from now
 * on, not the history of the shared topics. Output goes to `<logDir>/<name>.log`.
 */
export async function startLoadService(name: LoadServiceName, options: { runId: string; logDir: string; env?: Record<string, string> }): Promise<LoadService> {
  const { schema, groupId } = runNames(name, options.runId);
  let port = await freePort();
  while (port >= 3001 && port <= 3007) port = await freePort();
  const prefix = name.toUpperCase();
  const child = startNodeProcess(
    ['--enable-source-maps', `dist/services/${name}/src/main.js`],
    {
      NODE_OPTIONS: '',
      HTTP_PORT: String(port),
      [`${prefix}_DB_SCHEMA`]: schema,
      [`${prefix}_GROUP_ID`]: groupId,
      KAFKA_NEW_GROUP_STARTS_AT: 'latest',
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    join(options.logDir, `${name}.log`),
  );
  return { name, url: `http://127.0.0.1:${port}`, schema, groupId, process: child };
}

/** Waits for `GET /health/ready` (database, broker and registry reachable, consumer running). */
export async function waitUntilReady(service: LoadService, timeoutMs: number): Promise<void> {
  const ready = await pollUntil(async () => {
    assertAlive(service);
    try {
      return (await fetch(`${service.url}/health/ready`, { signal: AbortSignal.timeout(2000) })).ok;
    } catch {
      return false;
    }
  }, timeoutMs, 250);
  if (!ready) throw new Error(`the ${service.name} service was not ready within ${Math.round(timeoutMs / 1000)} s:\n${service.process.recentOutput()}`);
}

/**
 * CPU time the service's process has used so far (user + system, seconds), from /proc (Linux;
 * undefined elsewhere or once it has exited). Clock ticks are taken as 100 per second (USER_HZ).
 */
export function cpuSeconds(service: LoadService): number | undefined {
  const pid = service.process.child.pid;
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command (which may contain spaces) start after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** CPU time the whole machine has spent busy (all cores, seconds; not idle or waiting for I/O), from /proc/stat. */
export function machineBusySeconds(): number | undefined {
  try {
    const [cpu] = readFileSync('/proc/stat', 'utf8').split('\n');
    const ticks = cpu.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal: all but idle and iowait is work.
    const [user, nice, system, , , irq, softirq, steal] = ticks;
    return (user + nice + system + irq + softirq + steal) / 100;
  } catch {
    return undefined;
  }
}
