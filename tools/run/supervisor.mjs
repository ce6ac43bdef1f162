// Runs every Concord service as a child process on a developer machine, the way Kubernetes would:
// a service that crashes is restarted with backoff (a crashed Kafka consumer exits on purpose so
// that this happens); a service that exits with 78 (EX_CONFIG, bad configuration) is not, since
// restarting cannot fix it. SIGTERM stops restarting, forwards SIGTERM so every service shuts down
// gracefully (finish the batch, drain the outbox), and exits when all have.
//
//   node tools/run/supervisor.mjs <state-dir>
//
// kafkajs 2.2.4 trips Node 24's TimeoutNegativeWarning on every start, harmlessly; it is muted.
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const stateDir = process.argv[2];
const { services } = JSON.parse(readFileSync(join(root, 'tools/run/services.json'), 'utf8'));
const only = process.env.CONCORD_SERVICES ? process.env.CONCORD_SERVICES.split(',') : null;
const logDir = join(stateDir, 'logs');
mkdirSync(logDir, { recursive: true });

const EX_CONFIG = 78;
const GRACE_MS = Number(process.env.CONCORD_SHUTDOWN_GRACE_MS ?? 45_000);
const children = new Map(); // name -> ChildProcess
let stopping = false;

function note(message) {
  appendFileSync(join(logDir, 'supervisor.log'), `${new Date().toISOString()} ${message}\n`);
}

function start(service, attempt = 0) {
  const log = openSync(join(logDir, `${service.name}.log`), 'a');
  const child = spawn(process.execPath, ['--enable-source-maps', '--disable-warning=TimeoutNegativeWarning', join(root, 'dist/services', service.name, 'src/main.js')], {
    cwd: root,
    env: { ...process.env, HTTP_PORT: String(service.port) },
    stdio: ['ignore', log, log],
  });
  const startedAt = Date.now();
  children.set(service.name, child);
  writeFileSync(join(stateDir, `${service.name}.pid`), String(child.pid));
  note(`${service.name} started (pid ${child.pid})`);
  child.on('exit', (code, signal) => {
    children.delete(service.name);
    note(`${service.name} exited (code ${code}, signal ${signal})`);
    if (stopping) return maybeExit();
    if (code === EX_CONFIG) return note(`${service.name} has invalid configuration; not restarting (see its log)`);
    // Back off while it keeps crashing; a run of a minute or more resets the count.
    const next = Date.now() - startedAt > 60_000 ? 0 : attempt + 1;
    const delay = Math.min(30_000, 500 * 2 ** next);
    note(`${service.name} restarting in ${delay} ms`);
    setTimeout(() => !stopping && start(service, next), delay);
  });
}

function maybeExit() {
  if (children.size === 0) {
    note('all services stopped');
    process.exit(0);
  }
}

function stop(signal) {
  if (stopping) return;
  stopping = true;
  note(`${signal}: stopping ${[...children.keys()].join(', ')}`);
  for (const child of children.values()) child.kill('SIGTERM');
  setTimeout(() => {
    for (const [name, child] of children) {
      note(`${name} did not stop within ${GRACE_MS} ms; killing it`);
      child.kill('SIGKILL');
    }
  }, GRACE_MS).unref();
  maybeExit();
}

process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
for (const service of services) if (!only || only.includes(service.name)) start(service);
