import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import type { z } from 'zod';
import { ConfigError, loadConfig, type BaseConfig } from '@concord/config';
import { createLogger, JsonNestLogger, startTracing } from '@concord/observability';

export interface ServiceDefinition<S extends z.ZodType<BaseConfig & { HTTP_PORT: number }>> {
  /** The service name used in traces, logs and metrics. */
  name: string;
  /** The service's configuration schema (extends serviceConfigSchema). */
  configSchema: S;
  /**
   * Builds the root module. A function, loaded after tracing has started, so that the modules it
   * imports (express, pg, kafkajs) are instrumented.
   */
  rootModule: (config: z.infer<S>) => Promise<Type<unknown> | DynamicModule>;
}

/**
 * Starts a Concord service: validated configuration (the process exits naming the bad variable),
 * tracing first, JSON logs, HTTP, and graceful shutdown on SIGTERM/SIGINT — NestJS shutdown hooks
 * stop consumers and drain outboxes, then spans are flushed.
 */
export async function runService<S extends z.ZodType<BaseConfig & { HTTP_PORT: number }>>(
  definition: ServiceDefinition<S>,
): Promise<INestApplication> {
  let config: z.infer<S>;
  try {
    config = loadConfig(definition.configSchema);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${definition.name}: ${error.message}\n`);
      process.exit(78); // EX_CONFIG: a supervisor should not restart a misconfigured service
    }
    throw error;
  }
  const tracing = startTracing({ serviceName: definition.name, otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
  const logger = createLogger(definition.name, config.LOG_LEVEL);
  const { NestFactory } = await import('@nestjs/core');
  const app = await NestFactory.create(await definition.rootModule(config), {
    logger: new JsonNestLogger(logger),
    abortOnError: false,
  });
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
  await app.listen(config.HTTP_PORT, config.HTTP_HOST);
  logger.info({ url: `http://${config.HTTP_HOST}:${config.HTTP_PORT}` }, `${definition.name} listening`);
  return app;
}
