// Starts, stops and reports the Concord services through tools/run/supervisor.mjs.
//   node tools/run/services.mjs up       start the supervisor (once), wait until every service is ready
//   node tools/run/services.mjs down     SIGTERM the supervisor, wait until it and its services are gone
//   node tools/run/services.mjs status   each service's readiness
//   node tools/run/services.mjs url <name> | logs <name>
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const stateDir = process.env.CONCORD_SERVICES_STATE_DIR ?? join(root, '.concord', 'services');
const pidFile = join(stateDir, 'supervisor.pid');
const host = process.env.CONCORD_HOST ?? '127.0.0.1';
const { services } = JSON.parse(readFileSync(join(root, 'tools/run/services.json'), 'utf8'));
const READY_TIMEOUT_MS = Number(process.env.CONCORD_SERVICES_TIMEOUT_MS ?? 90_000);

const url = (service) => `http://${host}:${service.port}`;
const byName = (name) => services.find((s) => s.name === name) ?? fail(`unknown service "${name}"; one of ${services.map((s) => s.name).join(', ')}`);

function fail(message) {
  console.error(`services: ${message}`);
  process.exit(1);
}

/** The supervisor's pid, when the pid file names a live supervisor process. */
function supervisorPid() {
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8'));
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes('supervisor.mjs') ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** The process exists and is not a zombie waiting to be reaped. */
function running(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

async function readiness(service) {
  try {
    const response = await fetch(`${url(service)}/health/ready`, { signal: AbortSignal.timeout(2000) });
    return response.ok ? 'ready' : `not ready (${response.status}: ${(await response.text()).slice(0, 200)})`;
  } catch {
    return 'not answering';
  }
}

async function up() {
  mkdirSync(join(stateDir, 'logs'), { recursive: true });
  if (supervisorPid()) {
    console.log('services: already running');
  } else {
    const log = openSync(join(stateDir, 'logs', 'supervisor.log'), 'a');
    const child = spawn(process.execPath, [join(root, 'tools/run/supervisor.mjs'), stateDir], {
      cwd: root,
      detached: true,
      stdio: ['ignore', log, log],
      env: process.env,
    });
    writeFileSync(pidFile, String(child.pid));
    child.unref();
  }
  const deadline = Date.now() + READY_TIMEOUT_MS;
  const pending = new Set(services.filter((s) => !process.env.CONCORD_SERVICES || process.env.CONCORD_SERVICES.split(',').includes(s.name)));
  while (pending.size > 0) {
    for (const service of [...pending]) {
      if ((await readiness(service)) === 'ready') {
        console.log(`${service.name}: ready at ${url(service)}`);
        pending.delete(service);
      }
    }
    if (pending.size === 0) break;
    if (!supervisorPid()) fail(`the supervisor exited; see ${join(stateDir, 'logs', 'supervisor.log')}`);
    if (Date.now() > deadline) {
      const names = [...pending].map((s) => `${s.name} (log ${join(stateDir, 'logs', `${s.name}.log`)})`);
      fail(`not ready within ${READY_TIMEOUT_MS} ms: ${names.join(', ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function down() {
  const pid = supervisorPid();
  if (!pid) {
    rmSync(pidFile, { force: true });
    return console.log('services: not running');
  }
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 60_000;
  while (supervisorPid() || running(pid)) {
    if (Date.now() > deadline) {
      process.kill(-pid, 'SIGKILL');
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  rmSync(pidFile, { force: true });
  console.log('services: stopped');
}

async function status() {
  const running = supervisorPid();
  console.log(`supervisor: ${running ? `running (pid ${running})` : 'stopped'}`);
  for (const service of services) console.log(`${service.name}: ${await readiness(service)} ${url(service)}`);
}

const [command, name] = process.argv.slice(2);
switch (command) {
  case 'up':
    await up();
    break;
  case 'down':
    await down();
    break;
  case 'status':
    await status();
    break;
  case 'url':
    console.log(url(byName(name)));
    break;
  case 'logs': {
    byName(name);
    const file = join(stateDir, 'logs', `${name}.log`);
    console.log(existsSync(file) ? readFileSync(file, 'utf8') : `no log for ${name} yet`);
    break;
  }
  default:
    fail('usage: services.mjs up|down|status|url <name>|logs <name>');
}
