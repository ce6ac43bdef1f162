// Concord's event contracts: generated payload types and topic names (from schemas/), the Avro
// logical types every encoder and decoder must use, the schema loader, and test-data builders.
export * from './generated';
export {
  avroOptions,
  avroTypeForSchema,
  explainInvalidValue,
  DateType,
  DecimalType,
  InvalidLogicalValueError,
  TimestampMillisType,
  UuidType,
} from './avro/logical-types';
export { findSchemasDirectory, loadEventSchema, type AvroRecordSchema, type EventSchema, type SchemaLocationOptions } from './avro/event-schemas';
export { eventKey, eventNameForTopic } from './event-catalog/event-catalog';
export * from './testing/event-builders';
