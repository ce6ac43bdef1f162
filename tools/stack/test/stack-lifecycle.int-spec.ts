import { mkdtempSync, readdirSync, readFileSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runStack } from './stack-command';

// A second, private stack on other ports and its own state directory, so this test can start and
// stop everything without touching the stack the other integration tests use.
const stateDir = mkdtempSync(join(tmpdir(), 'concord-stack-lifecycle-'));
chmodSync(stateDir, 0o755); // PostgreSQL runs as an unprivileged user when the tests run as root
const env = {
  CONCORD_STATE_DIR: stateDir,
  PG_PORT: '15432',
  KAFKA_PORT: '19092',
  KAFKA_CONTROLLER_PORT: '19093',
  REGISTRY_PORT: '18081',
  REGISTRY_MANAGEMENT_PORT: '18082',
  JAEGER_OTLP_GRPC_PORT: '14317',
  JAEGER_OTLP_HTTP_PORT: '14318',
  JAEGER_QUERY_PORT: '26686',
  JAEGER_QUERY_GRPC_PORT: '26685',
  JAEGER_HEALTH_PORT: '23133',
};
const components = ['postgres', 'kafka', 'registry', 'jaeger'];

function pidsFromFiles(): Record<string, number> {
  return Object.fromEntries(
    components.map((name) => [name, Number(readFileSync(join(stateDir, 'run', `${name}.pid`), 'utf8'))]),
  );
}

/** The process and all its descendants, read from /proc. */
function processTree(root: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(Number(entry), ppid);
    } catch {
      // exited while we read
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) {
    for (const [pid, ppid] of parents) if (ppid === tree[i]) tree.push(pid);
  }
  return tree;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('stack.sh lifecycle', () => {
  afterAll(async () => {
    await runStack(['down'], env).catch(() => undefined);
    rmSync(stateDir, { recursive: true, force: true });
  });

  let firstPids: Record<string, number>;
  let everyProcess: number[];

  it('brings every component up from nothing and reports it ready', async () => {
    const output = await runStack(['up'], env);
    for (const name of components) expect(output).toMatch(new RegExp(`^${name}: started`, 'm'));
    firstPids = pidsFromFiles();
    everyProcess = Object.values(firstPids).flatMap(processTree);
    expect(everyProcess.every(alive)).toBe(true);
    await expect(runStack(['status'], env)).resolves.toMatch(/registry: running/);
  });

  it('changes nothing when run again while the stack runs', async () => {
    const output = await runStack(['up'], env);
    for (const name of components) expect(output).toMatch(new RegExp(`^${name}: already running`, 'm'));
    expect(pidsFromFiles()).toEqual(firstPids);
  });

  it('refuses to start a component whose port another process holds, naming the port', async () => {
    await expect(
      runStack(['up'], { ...env, CONCORD_STATE_DIR: `${stateDir}-other`, PG_PORT: env.KAFKA_PORT }),
    ).rejects.toThrow(new RegExp(`port ${env.KAFKA_PORT}`));
    rmSync(`${stateDir}-other`, { recursive: true, force: true });
  });

  it('stops exactly what it started and leaves no process behind', async () => {
    everyProcess = [...new Set([...everyProcess, ...Object.values(firstPids).flatMap(processTree)])];
    await runStack(['down'], env);
    expect(everyProcess.filter(alive)).toEqual([]);
    const status = await runStack(['status'], env).catch((error: { stdout: string }) => error.stdout);
    for (const name of components) expect(status).toMatch(new RegExp(`^${name}: stopped`, 'm'));
  });
});
