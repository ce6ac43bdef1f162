import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { stackEndpoints } from './stack-endpoints';

/**
 * Jest global setup for integration and end-to-end tests: every piece of infrastructure must answer
 * before a single test runs. A missing service fails the run (in CI and locally alike) — a test
 * never passes, or is skipped, because its infrastructure is absent.
 */
export default async function globalSetup(): Promise<void> {
  const endpoints = stackEndpoints();
  const problems: string[] = [];
  const check = async (name: string, address: string, probe: () => Promise<void>) => {
    try {
      await probe();
    } catch (error) {
      problems.push(`${name} at ${address}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  await Promise.all([
    check('Kafka', endpoints.kafkaBrokers.join(','), async () => {
      const admin = new Kafka({
        brokers: endpoints.kafkaBrokers,
        logLevel: logLevel.NOTHING,
        connectionTimeout: 3000,
        retry: { retries: 1 },
      }).admin();
      await admin.connect();
      await admin.describeCluster().finally(() => admin.disconnect());
    }),
    check('Schema registry', endpoints.schemaRegistryUrl, async () => {
      const response = await fetch(`${endpoints.schemaRegistryUrl}/subjects`, { signal: AbortSignal.timeout(5000) });
      if (!response.ok) throw new Error(`answered ${response.status}`);
    }),
    check('PostgreSQL', endpoints.databaseUrl.replace(/:[^:@/]*@/, ':***@'), async () => {
      const client = new Client({ connectionString: endpoints.databaseUrl, connectionTimeoutMillis: 3000 });
      await client.connect();
      await client.query('SELECT 1').finally(() => client.end());
    }),
    check('Jaeger query API', endpoints.jaegerQueryUrl, async () => {
      const response = await fetch(`${endpoints.jaegerQueryUrl}/api/services`, { signal: AbortSignal.timeout(5000) });
      if (!response.ok) throw new Error(`answered ${response.status}`);
    }),
  ]);
  if (problems.length > 0) {
    throw new Error(
      `integration tests need the real stack, and these parts do not answer:\n  ${problems.join('\n  ')}\n` +
        'Start it with `./concord stack up`, or point KAFKA_BROKERS, SCHEMA_REGISTRY_URL, DATABASE_URL and JAEGER_QUERY_URL at yours.',
    );
  }
}
