import type { ReadinessCheck } from './health.module';

/** The part of a TypeORM DataSource (or pg pool) the database check uses. */
export interface QueryableDatabase {
  query(sql: string): Promise<unknown>;
}

/** The part of a kafkajs Admin client the broker check uses. */
export interface ClusterAdmin {
  connect(): Promise<void>;
  describeCluster(): Promise<{ brokers: unknown[] }>;
}

/** How the schema registry check reaches the registry. */
export interface SchemaRegistryCheckOptions {
  /** Basic auth, when the registry requires it. */
  auth?: { username: string; password: string };
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 2000;

/** `database`: a `SELECT 1` answers within the timeout. */
export function databaseReadinessCheck(database: QueryableDatabase, timeoutMs = DEFAULT_TIMEOUT_MS): ReadinessCheck {
  return {
    name: 'database',
    async check() {
      await withinTimeout(database.query('SELECT 1'), timeoutMs, 'SELECT 1');
    },
  };
}

/**
 * `broker`: the cluster describes itself within the timeout. One admin client serves every probe: it
 * connects on the first one (again after a failed connect) and kafkajs re-establishes dropped broker
 * connections on the next request. Give it an admin built without retries, so a probe fails fast.
 */
export function brokerReadinessCheck(admin: ClusterAdmin, timeoutMs = DEFAULT_TIMEOUT_MS): ReadinessCheck {
  let connected: Promise<void> | undefined;
  const connect = () =>
    admin.connect().catch((error: unknown) => {
      connected = undefined;
      throw error;
    });
  return {
    name: 'broker',
    async check() {
      connected ??= connect();
      await withinTimeout(connected, timeoutMs, 'connecting to the brokers');
      // kafkajs answers a failed metadata request with an empty result rather than an error.
      const cluster = await withinTimeout(admin.describeCluster(), timeoutMs, 'describing the cluster').catch((error: Error) => {
        throw error instanceof TypeError ? new Error('no broker answered the metadata request') : error;
      });
      if (cluster.brokers.length === 0) throw new Error('the cluster reports no brokers');
    },
  };
}

/** `schema-registry`: `GET <url>/subjects` answers 2xx within the timeout. */
export function schemaRegistryReadinessCheck(registryUrl: string, { auth, timeoutMs = DEFAULT_TIMEOUT_MS }: SchemaRegistryCheckOptions = {}): ReadinessCheck {
  const headers: Record<string, string> = auth ? { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}` } : {};
  return {
    name: 'schema-registry',
    async check() {
      const response = await fetch(`${registryUrl.replace(/\/$/, '')}/subjects`, { headers, signal: AbortSignal.timeout(timeoutMs) }).catch((error: Error) => {
        throw new Error(error.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : `${error.message}${causeOf(error)}`);
      });
      await response.body?.cancel();
      if (!response.ok) throw new Error(`GET /subjects answered ${response.status}`);
    },
  };
}

/** Resolves like `work`, or rejects naming `what` once `timeoutMs` passed. */
async function withinTimeout<T>(work: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** fetch() says only "fetch failed"; the reason (ECONNREFUSED, a DNS error) is in `cause`. */
function causeOf(error: Error): string {
  const cause = error.cause as { code?: string; message?: string } | undefined;
  return cause ? ` (${cause.code ?? cause.message})` : '';
}
