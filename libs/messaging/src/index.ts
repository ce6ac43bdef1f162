export {
  PoisonRecordError,
  DecodeError,
  ValidationError,
  InfrastructureUnavailableError,
  invalidRecord,
  assertValidRecord,
  type RecordIssue,
  type FailureStage,
} from './errors';
export type { EventDescriptor, PayloadOf } from './event-descriptor';
export { eventDescriptor } from './catalog-descriptors';
export { AvroCodec, type AvroCodecOptions } from './codec/avro-codec';
export { cloudEventHeaders, readCloudEvent, headerValue, type CloudEventAttributes } from './cloud-events';
export { OutboxWriter, type OutgoingEventOptions } from './outbox/outbox-writer';
export { OutboxRelay, type OutboxRelayOptions } from './outbox/outbox-relay';
export { DeadLetterPublisher, DeadLetterHeaders, deadLetterTopic, type DeadLetterReason } from './dead-letter/dead-letter-publisher';
export {
  ConsumerRunner,
  eventContext,
  type ConsumerRunnerOptions,
  type ConsumedEvent,
  type EventHandlerContext,
  type EventHandlerRegistration,
  type AnyEventHandler,
} from './consumer/consumer-runner';
export { MessagingMetrics } from './messaging-metrics';
export { MessagingTables1764201600000 } from './migrations/1764201600000-messaging-tables';
export { currentTraceparent, withProcessSpan, startProcessSpan, startSendSpan, endSpan } from './tracing/message-tracing';
export * from './nest';
