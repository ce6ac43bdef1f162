import { Controller, DynamicModule, Get, Header, Inject, Module, ServiceUnavailableException } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';

/** Something the service needs before it can do its work: a database, the broker, the registry. */
export interface ReadinessCheck {
  name: string;
  /** Resolves when the dependency answers; rejects with the reason otherwise. */
  check(): Promise<void>;
}

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

/** A Prometheus registry with Node's default metrics, labelled with the service name. */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}

@Controller()
class HealthController {
  constructor(@Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[]) {}

  /** Liveness: the process runs and serves HTTP. */
  @Get('health/live')
  live() {
    return { status: 'up' };
  }

  /** Readiness: every dependency answers; 503 naming the ones that do not. */
  @Get('health/ready')
  async ready() {
    const results = await Promise.all(
      this.checks.map(async ({ name, check }) => {
        try {
          await check();
          return { name, status: 'up' as const };
        } catch (error) {
          return { name, status: 'down' as const, reason: error instanceof Error ? error.message : String(error) };
        }
      }),
    );
    const body = { status: results.every((r) => r.status === 'up') ? 'up' : 'down', checks: results };
    if (body.status !== 'up') throw new ServiceUnavailableException(body);
    return body;
  }
}

@Controller()
class MetricsController {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry) {}

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  metrics() {
    return this.registry.metrics();
  }
}

/** `/health/live`, `/health/ready` and `/metrics` for a Concord service. */
@Module({})
export class HealthModule {
  static forRoot(options: { registry: Registry; checks?: ReadinessCheck[] }): DynamicModule {
    return {
      module: HealthModule,
      global: true,
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: READINESS_CHECKS, useValue: options.checks ?? [] },
        { provide: METRICS_REGISTRY, useValue: options.registry },
      ],
      exports: [METRICS_REGISTRY],
    };
  }
}
