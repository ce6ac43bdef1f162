import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { stackEndpoints, uniqueName, uniqueSchemaName } from '@concord/testing';

const root = join(__dirname, '..', '..');
const run = promisify(execFile);

/** Concord services running as `./concord up` runs them: built, as processes under the supervisor. */
export interface RunningServices {
  /** Stops them all (gracefully) and removes their state directory. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /**
   * Each service gets a database schema and consumer group of its own, the group starting at the
   * end of the topics (KAFKA_NEW_GROUP_STARTS_AT=latest): the services see only what happens from
   * now on, not the history a shared stack collected.
   */
  freshState?: boolean;
}

/**
 * Builds the services and starts `names` with the local runner (tools/run/services.mjs), with `env`
 * added to their environment; resolves once every one reports ready.
 */
export async function startServices(names: string[], env: Record<string, string> = {}, { freshState = false }: StartOptions = {}): Promise<RunningServices> {
  const stateDir = mkdtempSync(join(tmpdir(), 'concord-e2e-'));
  const serviceEnv: Record<string, string> = { ...env };
  const schemas: string[] = [];
  if (freshState) {
    serviceEnv.KAFKA_NEW_GROUP_STARTS_AT = 'latest';
    for (const name of names) {
      const prefix = name.toUpperCase();
      serviceEnv[`${prefix}_GROUP_ID`] = uniqueName(`e2e-${name}`);
      const schema = uniqueSchemaName(`e2e_${name}`);
      serviceEnv[`${prefix}_DB_SCHEMA`] = schema;
      schemas.push(schema);
    }
  }
  const runnerEnv = { ...process.env, ...serviceEnv, NODE_OPTIONS: '', CONCORD_SERVICES: names.join(','), CONCORD_SERVICES_STATE_DIR: stateDir };
  const services = (command: string) => run(process.execPath, [join(root, 'tools/run/services.mjs'), command], { env: runnerEnv, cwd: root, timeout: 180_000 });
  await run(process.execPath, [join(root, 'tools/build/build.mjs')], { cwd: root });
  try {
    await services('up');
  } catch (error) {
    await services('down').catch(() => undefined);
    throw error;
  }
  return {
    async stop() {
      await services('down');
      rmSync(stateDir, { recursive: true, force: true });
      if (schemas.length > 0) await dropSchemas(schemas);
    },
  };
}

async function dropSchemas(schemas: string[]): Promise<void> {
  const database = new Client({ connectionString: stackEndpoints().databaseUrl });
  await database.connect();
  try {
    for (const schema of schemas) await database.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await database.end();
  }
}
