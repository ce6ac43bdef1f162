export { startTracing, type TracingOptions } from './tracing';
export { createLogger, JsonNestLogger } from './logger';
export { HealthModule, createMetricsRegistry, READINESS_CHECKS, METRICS_REGISTRY, type ReadinessCheck } from './health.module';
