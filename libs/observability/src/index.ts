export { startTracing, type TracingOptions } from './tracing';
export { createLogger, JsonNestLogger } from './logger';
export { HealthModule, createMetricsRegistry, READINESS_CHECKS, METRICS_REGISTRY, type ReadinessCheck } from './health.module';
export {
  databaseReadinessCheck,
  brokerReadinessCheck,
  schemaRegistryReadinessCheck,
  type ClusterAdmin,
  type QueryableDatabase,
  type SchemaRegistryCheckOptions,
} from './readiness-checks';
export { TransactionalMetrics } from './transactional-metrics';
