// Concord's test support: polling and unique names, the stack's addresses, Kafka helpers for
// integration tests (raw and poison records, reading a topic back, creating topics, a consumer
// group started at the topics' ends), summing a service's Prometheus samples and Jaeger trace
// look-ups. Event builders live with the contracts: `@concord/contracts` (a…() builders).
export { waitFor } from './wait-for';
export { uniqueName, uniqueSchemaName } from './unique-names';
export { stackEndpoints, type StackEndpoints } from './stack/stack-endpoints';
export { rawProducer, type RawProducer, type RawRecord } from './kafka/raw-producer';
export { poisonValues, type PoisonValues } from './kafka/poison-values';
export { readTopicUntil, type ReadCondition, type TopicRecord } from './kafka/read-topic-until';
export { createTopics, type TopicToCreate } from './kafka/create-topics';
export { startGroupAtEnd, whenGroupJoined, deleteGroups, deleteTopics } from './kafka/consumer-groups';
export { sumSamples } from './metrics/prometheus-samples';
export {
  jaegerTrace,
  waitForTraceWithServices,
  waitForMatchingTrace,
  type JaegerSearch,
  type JaegerTrace,
  type JaegerTraceOptions,
  type TraceSpan,
} from './tracing/jaeger-trace';
