export { MessagingModule } from './messaging.module';
export {
  KAFKA_PRODUCER,
  KAFKA_ADMIN,
  MESSAGING_LOGGER,
  type MessagingConfig,
  type MessagingModuleOptions,
  type MessagingModuleAsyncOptions,
} from './messaging.options';
export { HandlesEvent, handledEventOf, handlerRegistrations, type EventHandler, type HandledEvent } from './handles-event.decorator';
export { UnitOfWork, type TransactionContext } from './unit-of-work';
export { MessagingLifecycle } from './messaging-lifecycle';
export { MessagingReadiness } from './messaging-readiness';
export { kafkaClientConfig, type KafkaConnectionConfig } from './kafka-client-config';
