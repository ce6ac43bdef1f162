import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const stackScript = join(__dirname, '..', 'stack.sh');

/** Runs tools/stack/stack.sh with extra environment; resolves with its stdout. */
export async function runStack(args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const { stdout } = await promisify(execFile)('bash', [stackScript, ...args], {
    env: { ...process.env, ...env },
    timeout: 600_000,
    maxBuffer: 10 * 1024 * 1024,
  });
  return stdout;
}
