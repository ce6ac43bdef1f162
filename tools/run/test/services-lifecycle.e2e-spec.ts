import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { waitFor } from '@concord/testing';

// The local runner as `./concord up` uses it: two real services under the supervisor.
const root = join(__dirname, '..', '..', '..');
const stateDir = mkdtempSync(join(tmpdir(), 'concord-services-'));
const env = { ...process.env, NODE_OPTIONS: '', CONCORD_SERVICES: 'inventory,orders', CONCORD_SERVICES_STATE_DIR: stateDir };
const services = (...args: string[]) => promisify(execFile)(process.execPath, [join(root, 'tools/run/services.mjs'), ...args], { env, cwd: root, timeout: 180_000 });
const pidOf = (name: string) => Number(readFileSync(join(stateDir, `${name}.pid`), 'utf8'));
/** Running, not merely a zombie waiting for its parent to reap it. */
const alive = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
};
const ready = async (port: number) => (await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => undefined))?.ok === true;

describe('the local service runner', () => {
  beforeAll(async () => {
    await promisify(execFile)(process.execPath, [join(root, 'tools/build/build.mjs')], { cwd: root });
  });

  afterAll(async () => {
    await services('down').catch(() => undefined);
    rmSync(stateDir, { recursive: true, force: true });
  });

  let supervisor: number;
  let firstInventory: number;

  it('starts the services and waits until each is ready', async () => {
    const { stdout } = await services('up');
    expect(stdout).toMatch(/inventory: ready at http:\/\/127\.0\.0\.1:3001/);
    expect(stdout).toMatch(/orders: ready at http:\/\/127\.0\.0\.1:3002/);
    supervisor = Number(readFileSync(join(stateDir, 'supervisor.pid'), 'utf8'));
    firstInventory = pidOf('inventory');
  });

  it('changes nothing when started again', async () => {
    const { stdout } = await services('up');
    expect(stdout).toMatch(/already running/);
    expect(Number(readFileSync(join(stateDir, 'supervisor.pid'), 'utf8'))).toBe(supervisor);
    expect(pidOf('inventory')).toBe(firstInventory);
  });

  it('restarts a service that was killed', async () => {
    process.kill(firstInventory, 'SIGKILL');
    await waitFor(() => pidOf('inventory') !== firstInventory && alive(pidOf('inventory')), { timeoutMs: 30_000, description: 'a new inventory process' });
    await waitFor(() => ready(3001), { timeoutMs: 60_000, description: 'the restarted inventory to be ready' });
  });

  it('stops every service gracefully and leaves no process behind', async () => {
    const pids = [supervisor, pidOf('inventory'), pidOf('orders')];
    await services('down');
    expect(pids.filter(alive)).toEqual([]);
    const log = readFileSync(join(stateDir, 'logs', 'supervisor.log'), 'utf8');
    expect(log).toMatch(/inventory exited \(code 0/); // SIGTERM → graceful shutdown → exit 0
    expect(log).toMatch(/orders exited \(code 0/);
  });
});
