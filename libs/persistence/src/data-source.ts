import { DataSource, type EntitySchema, type MixedList } from 'typeorm';
import { Client } from 'pg';

export interface ServiceDataSourceOptions {
  /** postgres://user:password@host:port/database */
  url: string;
  /** The Postgres schema this service owns; created if missing. */
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  /** Connections in the pool (default 10). */
  poolSize?: number;
  /** Shown in pg_stat_activity. */
  applicationName?: string;
  /** Require TLS to Postgres (DATABASE_SSL=true); the server certificate is verified. */
  ssl?: boolean;
}

/**
 * A TypeORM data source for one service's schema. `synchronize` is never on: the schema changes
 * only through migrations, which `openServiceDataSource` runs at start-up.
 */
export function createServiceDataSource(options: ServiceDataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    applicationName: options.applicationName,
    ssl: options.ssl ? { rejectUnauthorized: true } : false,
    extra: { max: options.poolSize ?? 10, connectionTimeoutMillis: 5000 },
  });
}

/** Creates the service's schema if needed, connects, and applies pending migrations. */
export async function openServiceDataSource(options: ServiceDataSourceOptions): Promise<DataSource> {
  await ensureSchema(options);
  const dataSource = createServiceDataSource(options);
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}

async function ensureSchema({ url, schema, ssl }: ServiceDataSourceOptions): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid Postgres schema name "${schema}"`);
  const client = new Client({ connectionString: url, ssl: ssl ? { rejectUnauthorized: true } : false });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } finally {
    await client.end();
  }
}

/** Postgres error codes and client failures that mean "the database is not reachable right now". */
/**
 * Postgres gave up a transaction because of a concurrent one — a deadlock (40P01) or a
 * serialization failure (40001) — rolling it back: running it again is expected to succeed.
 */
export function isTransactionConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return code === '40P01' || code === '40001';
}

export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | undefined;
  if (!e) return false;
  // Class 08: connection exceptions; 57P01-03: admin shutdown, crash shutdown, cannot connect now.
  if (typeof e.code === 'string' && (e.code.startsWith('08') || ['57P01', '57P02', '57P03', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'].includes(e.code))) {
    return true;
  }
  return /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|Client has encountered a connection error|Connection is not established|terminating connection/i.test(
    e.message ?? '',
  );
}
