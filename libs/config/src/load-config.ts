import { z } from 'zod';

/** Thrown when the environment does not satisfy a service's configuration schema. */
export class ConfigError extends Error {
  readonly code = 'CONFIG.INVALID';
  constructor(readonly issues: string[]) {
    super(`invalid configuration:\n  ${issues.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Validates `env` against `schema` and returns the typed configuration. Every problem is reported,
 * each naming its environment variable, e.g. `HTTP_PORT: expected a number, got "abc"`.
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const field = issue.path.join('.') || '(root)';
      const received = issue.path.length === 1 ? env[String(issue.path[0])] : undefined;
      return `${field}: ${issue.message}${received === undefined ? '' : ` (got "${received}")`}`;
    }),
  );
}

const port = z.coerce.number().int().min(1).max(65535);
const url = (protocols: string[]) =>
  z.string().refine((value) => {
    try {
      return protocols.includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, `expected a ${protocols.join(' or ')} URL`);

/** Settings every Concord service reads; defaults point at the local stack (`./concord up`). */
export const baseConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
  HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  KAFKA_BROKERS: z
    .string()
    .default('127.0.0.1:9092')
    .transform((value) => value.split(',').map((broker) => broker.trim()))
    .refine((brokers) => brokers.every((broker) => /^[^\s:]+:\d+$/.test(broker)), 'expected host:port[,host:port...]'),
  SCHEMA_REGISTRY_URL: url(['http:', 'https:']).default('http://127.0.0.1:8081/apis/ccompat/v7'),
  DATABASE_URL: url(['postgres:', 'postgresql:']).default('postgres://concord:concord@127.0.0.1:5432/concord'),
  OTEL_EXPORTER_OTLP_ENDPOINT: url(['http:', 'https:']).default('http://127.0.0.1:4318'),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1000).default(30_000),
});

/** The base settings plus the service's HTTP port (each service has its own default). */
export function serviceConfigSchema(defaultPort: number) {
  return baseConfigSchema.extend({ HTTP_PORT: port.default(defaultPort) });
}

export type BaseConfig = z.infer<typeof baseConfigSchema>;
