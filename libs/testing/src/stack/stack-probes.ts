import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import type { StackEndpoints } from './stack-endpoints';

/** The pieces of infrastructure integration tests need. */
export type StackService = 'kafka' | 'schemaRegistry' | 'postgres' | 'jaeger';

export const STACK_SERVICES: readonly StackService[] = ['kafka', 'schemaRegistry', 'postgres', 'jaeger'];

/** A service that did not answer its probe, and why. */
export interface ServiceProblem {
  service: StackService;
  /** e.g. "Kafka at 127.0.0.1:9092: Connection error: connect ECONNREFUSED" */
  description: string;
}

/** Probes every service with a real request, in parallel; resolves to the ones that failed. */
export async function probeStack(endpoints: StackEndpoints): Promise<ServiceProblem[]> {
  const outcomes = await Promise.all(
    STACK_SERVICES.flatMap((service) =>
      probesOf(service, endpoints).map(async ({ name, address, probe }) => {
        try {
          await probe();
          return undefined;
        } catch (error) {
          return { service, description: `${name} at ${address}: ${reasonOf(error)}` };
        }
      }),
    ),
  );
  return outcomes.filter((outcome): outcome is ServiceProblem => outcome !== undefined);
}

/** fetch() reports every network failure as "fetch failed"; the cause says which one. */
function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause.message : '';
  return cause === '' || error.message.includes(cause) ? error.message : `${error.message} (${cause})`;
}

interface Probe {
  name: string;
  address: string;
  probe: () => Promise<void>;
}

function probesOf(service: StackService, endpoints: StackEndpoints): Probe[] {
  switch (service) {
    case 'kafka':
      return [{ name: 'Kafka', address: endpoints.kafkaBrokers.join(','), probe: () => probeKafka(endpoints.kafkaBrokers) }];
    case 'schemaRegistry':
      return [{ name: 'Schema registry', address: endpoints.schemaRegistryUrl, probe: () => probeHttp(`${endpoints.schemaRegistryUrl}/subjects`) }];
    case 'postgres':
      return [{ name: 'PostgreSQL', address: endpoints.databaseUrl.replace(/:[^:@/]*@/, ':***@'), probe: () => probePostgres(endpoints.databaseUrl) }];
    case 'jaeger':
      return [
        { name: 'Jaeger query API', address: endpoints.jaegerQueryUrl, probe: () => probeHttp(`${endpoints.jaegerQueryUrl}/api/services`) },
        { name: 'Jaeger OTLP receiver', address: endpoints.otlpEndpoint, probe: () => probeOtlpReceiver(endpoints.otlpEndpoint) },
      ];
  }
}

/** Connects an admin client and asks for the cluster: the broker answers Kafka requests. */
export async function probeKafka(brokers: string[]): Promise<void> {
  const admin = new Kafka({ brokers, logLevel: logLevel.NOTHING, connectionTimeout: 3000, retry: { retries: 1 } }).admin();
  await admin.connect();
  await admin.describeCluster().finally(() => admin.disconnect());
}

async function probeHttp(url: string): Promise<void> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
  if (!response.ok) throw new Error(`answered ${response.status}`);
}

async function probePostgres(databaseUrl: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 3000 });
  await client.connect();
  await client.query('SELECT 1').finally(() => client.end());
}

/** An empty protobuf body is a valid, empty ExportTraceServiceRequest: the receiver accepts it. */
async function probeOtlpReceiver(otlpEndpoint: string): Promise<void> {
  const response = await fetch(`${otlpEndpoint}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-protobuf' },
    body: new Uint8Array(0),
    signal: AbortSignal.timeout(5000),
  });
  if (!response.ok) throw new Error(`answered ${response.status}`);
}
