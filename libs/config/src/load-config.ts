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
      return `${field}: ${issue.message}${received === undefined ? '' : ` (got ${shown(field, received)})`}`;
    }),
  );
}

/** A rejected value as the error may show it: secrets never, a URL without its password. */
function shown(field: string, value: string): string {
  if (/PASSWORD|SECRET|TOKEN/.test(field)) return 'a value that is not shown';
  return JSON.stringify(value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, '$1:***@'));
}

/** An optional setting; an empty value (`KAFKA_SASL_MECHANISM=`) counts as unset, as templates write it. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

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
  /**
   * Where a consumer group without committed offsets starts: `earliest` (every record the topics
   * still hold — what a service needs not to miss anything) or `latest` (only what is produced
   * from now on: for tests and throwaway instances against a shared cluster).
   */
  KAFKA_NEW_GROUP_STARTS_AT: z.enum(['earliest', 'latest'], { message: 'expected earliest or latest' }).default('earliest'),
  /** TLS to the brokers, verifying their certificates against the system CAs. */
  KAFKA_TLS: z
    .enum(['true', 'false'], { message: 'expected true or false' })
    .default('false')
    .transform((value) => value === 'true'),
  /** Require TLS to Postgres, verifying the server certificate. */
  DATABASE_SSL: z
    .enum(['true', 'false'], { message: 'expected true or false' })
    .default('false')
    .transform((value) => value === 'true'),
  /** SASL/SCRAM to the brokers; needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD. */
  KAFKA_SASL_MECHANISM: optional(z.enum(['scram-sha-256', 'scram-sha-512'], { message: 'expected scram-sha-256 or scram-sha-512' })),
  KAFKA_SASL_USERNAME: optional(z.string()),
  KAFKA_SASL_PASSWORD: optional(z.string()),
  /** Basic auth for the schema registry, when it requires it: both or neither. */
  SCHEMA_REGISTRY_USERNAME: optional(z.string()),
  SCHEMA_REGISTRY_PASSWORD: optional(z.string()),
  /** The governance charter; by default charter/charter.yaml in the repository (or image) root. */
  CHARTER_PATH: optional(z.string()),
}).superRefine(
  (config, context) => {
    // Settings that only make sense together; each issue names the variable to set.
    const requireWith = (present: keyof typeof config, missing: keyof typeof config, message: string) => {
      if (config[present] !== undefined && config[missing] === undefined) context.addIssue({ code: 'custom', path: [missing], message });
    };
    requireWith('KAFKA_SASL_MECHANISM', 'KAFKA_SASL_USERNAME', 'required when KAFKA_SASL_MECHANISM is set');
    requireWith('KAFKA_SASL_MECHANISM', 'KAFKA_SASL_PASSWORD', 'required when KAFKA_SASL_MECHANISM is set');
    requireWith('KAFKA_SASL_USERNAME', 'KAFKA_SASL_MECHANISM', 'required when KAFKA_SASL_USERNAME is set (scram-sha-256 or scram-sha-512)');
    if (config.KAFKA_SASL_USERNAME === undefined) {
      requireWith('KAFKA_SASL_PASSWORD', 'KAFKA_SASL_MECHANISM', 'required when KAFKA_SASL_PASSWORD is set (scram-sha-256 or scram-sha-512)');
    }
    requireWith('SCHEMA_REGISTRY_USERNAME', 'SCHEMA_REGISTRY_PASSWORD', 'required when SCHEMA_REGISTRY_USERNAME is set');
    requireWith('SCHEMA_REGISTRY_PASSWORD', 'SCHEMA_REGISTRY_USERNAME', 'required when SCHEMA_REGISTRY_PASSWORD is set');
  },
  // Also when other variables are invalid, so that every problem is reported at once.
  { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
);

/** The base settings plus the service's HTTP port (each service has its own default). */
export function serviceConfigSchema(defaultPort: number) {
  return baseConfigSchema.extend({ HTTP_PORT: port.default(defaultPort) });
}

export type BaseConfig = z.infer<typeof baseConfigSchema>;
