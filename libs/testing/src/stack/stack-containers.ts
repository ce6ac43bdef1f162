// Testcontainers stand-ins for the parts of the local stack that are not running, with the images
// and versions of docker-compose.yml. Loaded by the global setup only when a Docker engine answers.
import path from 'node:path';
import { PostgreSqlContainer } from '@testcontainers/postgresql';
import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import { waitFor } from '../wait-for';
import { probeKafka, type StackService } from './stack-probes';

/** Environment variables that point the tests (and the services they start) at the containers. */
export type StackEnvironment = Partial<Record<'KAFKA_BROKERS' | 'SCHEMA_REGISTRY_URL' | 'DATABASE_URL' | 'OTEL_EXPORTER_OTLP_ENDPOINT' | 'JAEGER_QUERY_URL', string>>;

/** Containers the global setup started, and how to stop them again. */
export interface StartedStackContainers {
  env: StackEnvironment;
  stop(): Promise<void>;
}

interface ServiceContainer {
  env: StackEnvironment;
  container: StartedTestContainer;
}

const STARTERS: Record<StackService, () => Promise<ServiceContainer>> = {
  kafka: startKafka,
  schemaRegistry: startSchemaRegistry,
  postgres: startPostgres,
  jaeger: startJaeger,
};

/** Starts a container for each of `services`, in parallel; on any failure stops the others and throws. */
export async function startStackContainers(services: readonly StackService[]): Promise<StartedStackContainers> {
  const outcomes = await Promise.allSettled(services.map((service) => STARTERS[service]()));
  const started = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
  const stop = async () => {
    await Promise.all(started.map(({ container }) => container.stop()));
  };
  const failures = outcomes.flatMap((outcome, index) =>
    outcome.status === 'rejected' ? [`${services[index]}: ${outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason)}`] : [],
  );
  if (failures.length > 0) {
    await stop();
    throw new Error(`Testcontainers could not start ${failures.join('; ')}`);
  }
  return { env: Object.assign({}, ...started.map(({ env }) => env)), stop };
}

const KAFKA_HOST_LISTENER_PORT = 9092;
const KAFKA_STARTER_SCRIPT = '/tmp/concord-start-kafka.sh';
const KAFKA_WAITING_MESSAGE = 'concord: waiting for the advertised listeners';

/** apache/kafka in KRaft mode, one node being broker and controller, configured as the local stack. */
async function startKafka(): Promise<ServiceContainer> {
  // Clients must be told the host's mapped port, which is known only once the container runs: the
  // container waits for a starter script that exports it, then runs the image's own entry point.
  const container = await new GenericContainer('apache/kafka:4.1.1')
    .withEnvironment({
      CLUSTER_ID: 'Y29uY29yZC10ZXN0aW5nMQ',
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
      KAFKA_LISTENERS: `PLAINTEXT://:19092,PLAINTEXT_HOST://:${KAFKA_HOST_LISTENER_PORT},CONTROLLER://:9093`,
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,PLAINTEXT_HOST:PLAINTEXT',
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_INTER_BROKER_LISTENER_NAME: 'PLAINTEXT',
      KAFKA_LOG_DIRS: '/var/lib/kafka/data',
      KAFKA_NUM_PARTITIONS: '6',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS: '12',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'true',
    })
    .withExposedPorts(KAFKA_HOST_LISTENER_PORT)
    .withCommand(['sh', '-c', `echo '${KAFKA_WAITING_MESSAGE}'; while [ ! -f ${KAFKA_STARTER_SCRIPT} ]; do sleep 0.1; done; exec sh ${KAFKA_STARTER_SCRIPT}`])
    .withWaitStrategy(Wait.forLogMessage(KAFKA_WAITING_MESSAGE))
    .start();
  try {
    const bootstrap = `${container.getHost()}:${container.getMappedPort(KAFKA_HOST_LISTENER_PORT)}`;
    await container.copyContentToContainer([
      {
        content: `export KAFKA_ADVERTISED_LISTENERS=PLAINTEXT://${container.getHostname()}:19092,PLAINTEXT_HOST://${bootstrap}\nexec /etc/kafka/docker/run\n`,
        target: KAFKA_STARTER_SCRIPT,
      },
    ]);
    await waitFor(() => probeKafka([bootstrap]).then(() => true), { timeoutMs: 120_000, intervalMs: 500, description: `Kafka in container ${container.getName()}` });
    return { env: { KAFKA_BROKERS: bootstrap }, container };
  } catch (error) {
    await container.stop();
    throw error;
  }
}

/** Apicurio Registry with its default in-memory storage; tests use its Confluent-compatible API. */
async function startSchemaRegistry(): Promise<ServiceContainer> {
  const container = await new GenericContainer('apicurio/apicurio-registry:3.3.3')
    .withEnvironment({
      // As the local stack: tests and the schema tooling may delete subjects and versions.
      APICURIO_REST_DELETION_ARTIFACT_ENABLED: 'true',
      APICURIO_REST_DELETION_ARTIFACT_VERSION_ENABLED: 'true',
      APICURIO_REST_DELETION_GROUP_ENABLED: 'true',
    })
    .withExposedPorts(8080)
    .withWaitStrategy(Wait.forHttp('/apis/ccompat/v7/subjects', 8080).forStatusCode(200))
    .withStartupTimeout(180_000)
    .start();
  return { env: { SCHEMA_REGISTRY_URL: `http://${container.getHost()}:${container.getMappedPort(8080)}/apis/ccompat/v7` }, container };
}

async function startPostgres(): Promise<ServiceContainer> {
  const container = await new PostgreSqlContainer('postgres:17')
    .withDatabase('concord')
    .withUsername('concord')
    .withPassword('concord')
    // As the local stack: every service and test holds a connection pool.
    .withCommand(['postgres', '-c', 'max_connections=300'])
    .start();
  return { env: { DATABASE_URL: container.getConnectionUri() }, container };
}

/** Jaeger 2 with the local stack's configuration file (memory storage, OTLP in, query API out). */
async function startJaeger(): Promise<ServiceContainer> {
  const container = await new GenericContainer('jaegertracing/jaeger:2.13.0')
    .withCopyFilesToContainer([{ source: path.resolve(__dirname, '../../../../tools/stack/jaeger.yaml'), target: '/etc/jaeger/config.yaml' }])
    .withCommand(['--config', '/etc/jaeger/config.yaml'])
    .withEnvironment({
      JAEGER_HOST: '0.0.0.0',
      JAEGER_OTLP_GRPC_PORT: '4317',
      JAEGER_OTLP_HTTP_PORT: '4318',
      JAEGER_QUERY_PORT: '16686',
      JAEGER_QUERY_GRPC_PORT: '16685',
      JAEGER_HEALTH_PORT: '13133',
    })
    .withExposedPorts(4318, 16686)
    .withWaitStrategy(Wait.forHttp('/api/services', 16686).forStatusCode(200))
    .start();
  const host = container.getHost();
  return {
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: `http://${host}:${container.getMappedPort(4318)}`, JAEGER_QUERY_URL: `http://${host}:${container.getMappedPort(16686)}` },
    container,
  };
}
