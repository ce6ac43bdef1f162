import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import type { z } from 'zod';
import { ConfigError, loadConfig, type BaseConfig } from '@concord/config';
import { CharterError, loadCharter, type Charter } from '@concord/governance';
import { createLogger, JsonNestLogger, startTracing } from '@concord/observability';
import { resolveCharterPath } from './charter-location';
import { CharterModule } from './charter.module';

/** EX_CONFIG: the supervisor does not restart a service that exits with it, since a restart cannot help. */
const EXIT_INVALID_CONFIGURATION = 78;

export interface ServiceDefinition<S extends z.ZodType<BaseConfig & { HTTP_PORT: number }>> {
  /** The service name used in traces, logs and metrics. */
  name: string;
  /** The service's configuration schema (extends serviceConfigSchema). */
  configSchema: S;
  /**
   * Builds the root module from the validated configuration and the governance charter (which is
   * also injectable everywhere as CHARTER). A function, loaded after tracing has started, so that
   * the modules it imports (express, pg, kafkajs) are instrumented.
   */
  rootModule: (config: z.infer<S>, charter: Charter) => Promise<Type<unknown> | DynamicModule>;
}

/**
 * Starts a Concord service: validated configuration and governance charter first (either one
 * invalid: the process exits 78 naming the bad variable or charter field, before anything
 * connects), then tracing, JSON logs, HTTP, and graceful shutdown on SIGTERM/SIGINT — NestJS
 * shutdown hooks stop consumers and drain outboxes, then spans are flushed.
 */
export async function runService<S extends z.ZodType<BaseConfig & { HTTP_PORT: number }>>(
  definition: ServiceDefinition<S>,
): Promise<INestApplication> {
  const config = validOrExit(definition.name, () => loadConfig(definition.configSchema));
  const charterPath = resolveCharterPath(config.CHARTER_PATH);
  const charter = validOrExit(definition.name, () => loadCharter(charterPath));

  const tracing = startTracing({ serviceName: definition.name, otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
  const logger = createLogger(definition.name, config.LOG_LEVEL);
  logger.info({ charterVersion: charter.version, charterPath }, 'governance charter loaded');
  const { NestFactory } = await import('@nestjs/core');
  let app: INestApplication;
  try {
    app = await NestFactory.create(withCharter(await definition.rootModule(config, charter), charter), {
      logger: new JsonNestLogger(logger),
      abortOnError: false,
    });
    await app.listen(config.HTTP_PORT, config.HTTP_HOST);
  } catch (error) {
    // A dependency that is down at start-up (database, broker, registry): exit, the supervisor retries.
    logger.fatal({ err: error }, `${definition.name} failed to start`);
    await tracing.shutdown().catch(() => undefined);
    process.exit(1);
  }
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error('graceful shutdown timed out; exiting');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS).unref();
    await app.close();
    await tracing.shutdown().catch(() => undefined);
    clearTimeout(timer);
    process.exit(0);
  };
  // app.close() runs the NestJS shutdown hooks; owning the signal here lets the tracer flush last.
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  logger.info({ url: `http://${config.HTTP_HOST}:${config.HTTP_PORT}` }, `${definition.name} listening`);
  return app;
}

/** Runs a loader of configuration or charter; an invalid one ends the process with its message. */
function validOrExit<T>(service: string, load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (error instanceof ConfigError || error instanceof CharterError) {
      process.stderr.write(`${service}: ${error.message}\n`);
      process.exit(EXIT_INVALID_CONFIGURATION);
    }
    throw error;
  }
}

/** The service's root module with CharterModule imported into it, so CHARTER is injectable everywhere. */
function withCharter(root: Type<unknown> | DynamicModule, charter: Charter): DynamicModule {
  if ('module' in root) return { ...root, imports: [...(root.imports ?? []), CharterModule.forRoot(charter)] };
  return { module: root, imports: [CharterModule.forRoot(charter)] };
}
