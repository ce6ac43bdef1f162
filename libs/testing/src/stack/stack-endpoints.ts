/** Where the infrastructure a test talks to lives: the environment when set, else the local stack. */
export interface StackEndpoints {
  kafkaBrokers: string[];
  schemaRegistryUrl: string;
  databaseUrl: string;
  otlpEndpoint: string;
  jaegerQueryUrl: string;
}

/** The addresses tests use: `KAFKA_BROKERS`, `SCHEMA_REGISTRY_URL`, … when set, else the local stack's. */
export function stackEndpoints(env: NodeJS.ProcessEnv = process.env): StackEndpoints {
  return {
    kafkaBrokers: (env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((broker) => broker.trim()),
    schemaRegistryUrl: env.SCHEMA_REGISTRY_URL ?? 'http://127.0.0.1:8081/apis/ccompat/v7',
    databaseUrl: env.DATABASE_URL ?? 'postgres://concord:concord@127.0.0.1:5432/concord',
    otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT ?? 'http://127.0.0.1:4318',
    jaegerQueryUrl: env.JAEGER_QUERY_URL ?? 'http://127.0.0.1:16686',
  };
}
