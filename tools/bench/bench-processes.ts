import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { pollUntil } from './kafka-measurements';

export const repositoryRoot = resolve(__dirname, '../..');

/** A Node process the benchmark started: its output goes to a log file, the last part is kept for errors. */
export interface BenchProcess {
  readonly child: ChildProcess;
  /** The last 8 kB of stdout and stderr. */
  recentOutput(): string;
  readonly exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

const running = new Set<ChildProcess>();

/** On SIGINT/SIGTERM, stops every process the benchmark started before exiting, so none is left behind. */
export function stopChildrenOnSignal(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      for (const child of running) child.kill('SIGTERM');
      process.exit(130);
    });
  }
}

/** Throws naming the process and showing its last output when it is no longer running. */
export function assertRunning(benchProcess: BenchProcess, name: string): void {
  const { exitCode, signalCode } = benchProcess.child;
  if (exitCode !== null || signalCode !== null) {
    throw new Error(`${name} exited (${exitCode ?? signalCode}) during the measurement:\n${benchProcess.recentOutput()}`);
  }
}

export function startNodeProcess(args: string[], env: NodeJS.ProcessEnv, logPath: string): BenchProcess {
  mkdirSync(dirname(logPath), { recursive: true });
  const log = createWriteStream(logPath, { flags: 'a' });
  const child = spawn(process.execPath, args, { cwd: repositoryRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let recent = '';
  const keep = (chunk: Buffer) => {
    log.write(chunk);
    recent = (recent + chunk.toString('utf8')).slice(-8000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  running.add(child);
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  void exited.then(() => running.delete(child));
  void exited.then(() => log.end());
  return {
    child,
    recentOutput: () => recent,
    exited,
    async stop(graceMs = 45_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Waits until the process has printed `text`; fails when it exits first or the time is up. */
export async function waitForOutput(process: BenchProcess, text: string, timeoutMs: number): Promise<void> {
  const seen = await pollUntil(() => {
    if (process.child.exitCode !== null) throw new Error(`exited with ${process.child.exitCode} before printing "${text}":\n${process.recentOutput()}`);
    return process.recentOutput().includes(text);
  }, timeoutMs);
  if (!seen) throw new Error(`did not print "${text}" within ${timeoutMs} ms:\n${process.recentOutput()}`);
}

/** `node tools/build/build.mjs`: the services as they run in production, compiled to dist/. */
export function buildServices(): void {
  const result = spawnSync(process.execPath, ['tools/build/build.mjs'], { cwd: repositoryRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`tools/build/build.mjs failed with exit code ${result.status}`);
}

/** A local TCP port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}
