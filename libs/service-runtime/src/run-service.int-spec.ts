import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { waitFor } from '@concord/testing';

// A real service process (inventory, from source) started the way the supervisor starts one, so the
// exit code and the message an operator sees are the ones under test.
const repositoryRoot = resolve(__dirname, '../../..');
const EX_CONFIG = 78;

interface Started {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function startInventory(env: NodeJS.ProcessEnv): Started {
  const { NODE_OPTIONS: _jestNodeOptions, ...inherited } = process.env;
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'services/inventory/src/main.ts'], {
    cwd: repositoryRoot,
    env: { ...inherited, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}

describe('starting a service', () => {
  let workDir: string;
  let running: Started | undefined;

  beforeEach(() => {
    workDir = mkdtempSync(join(tmpdir(), 'run-service-'));
  });

  afterEach(async () => {
    if (running && running.child.exitCode === null) {
      running.child.kill('SIGKILL');
      await running.exited;
    }
    running = undefined;
    rmSync(workDir, { recursive: true, force: true });
  });

  /** The shipped charter with one edit, written to a temporary file. */
  function charterWith(edit: (text: string) => string): string {
    const text = readFileSync(join(repositoryRoot, 'charter/charter.yaml'), 'utf8');
    const edited = edit(text);
    expect(edited).not.toBe(text);
    const path = join(workDir, 'charter.yaml');
    writeFileSync(path, edited);
    return path;
  }

  describe('when the governance charter has an invalid value', () => {
    it('exits with 78 before connecting to anything, naming the charter field', async () => {
      const charterPath = charterWith((text) => text.replace(/^ {2}price_types: \{\}$/m, '  price_types:\n    PROMO: SAP'));
      running = startInventory({ CHARTER_PATH: charterPath });

      expect(await running.exited).toBe(EX_CONFIG);
      expect(running.stderr()).toContain(`${charterPath}: ownership.price_types.PROMO: expected one of ERP, PIM, CRM, WMS, ECOMMERCE (got "SAP")`);
      expect(running.stdout()).toBe(''); // not one log line: Nest, the database and the broker were never started
    });
  });

  describe('when CHARTER_PATH names no file', () => {
    it('exits with 78 naming the path', async () => {
      running = startInventory({ CHARTER_PATH: join(workDir, 'missing.yaml') });

      expect(await running.exited).toBe(EX_CONFIG);
      expect(running.stderr()).toContain(`${join(workDir, 'missing.yaml')}: cannot read the charter file (ENOENT)`);
    });
  });

  describe('when an environment variable is invalid', () => {
    it('exits with 78 naming HTTP_PORT', async () => {
      running = startInventory({ HTTP_PORT: 'abc' });

      expect(await running.exited).toBe(EX_CONFIG);
      expect(running.stderr()).toMatch(/HTTP_PORT: .*\(got "abc"\)/);
    });

    it('exits with 78 naming KAFKA_SASL_USERNAME when a SASL mechanism comes without one, never showing the password', async () => {
      running = startInventory({ KAFKA_SASL_MECHANISM: 'scram-sha-256', KAFKA_SASL_PASSWORD: 'never-printed' });

      expect(await running.exited).toBe(EX_CONFIG);
      expect(running.stderr()).toContain('KAFKA_SASL_USERNAME: required when KAFKA_SASL_MECHANISM is set');
      expect(running.stderr() + running.stdout()).not.toContain('never-printed');
    });
  });

  describe('when configuration and charter are valid', () => {
    it('loads the shipped charter, becomes ready on the real stack, and stops cleanly on SIGTERM', async () => {
      const port = await freePort();
      running = startInventory({ HTTP_PORT: String(port), CHARTER_PATH: '' });

      const ready = await waitFor(
        async () => {
          if (running!.child.exitCode !== null) throw new Error(`exited with ${running!.child.exitCode}: ${running!.stderr()}`);
          const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
          return response.status === 200 && ((await response.json()) as { checks: { name: string; status: string }[] });
        },
        { timeoutMs: 60_000, description: 'inventory to become ready' },
      );
      expect(ready.checks.map(({ name, status }) => `${name}:${status}`)).toEqual(['database:up', 'broker:up', 'schema-registry:up']);
      expect(running.stdout()).toContain(`"charterPath":"${join(repositoryRoot, 'charter/charter.yaml')}"`);

      running.child.kill('SIGTERM');
      expect(await running.exited).toBe(0);
      expect(running.stdout()).toContain('"msg":"messaging stopped"');
    });
  });
});
