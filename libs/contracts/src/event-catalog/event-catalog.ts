import type { EventPayloads } from '../generated/event-payloads';
import { EventCatalog, EventNameByTopic, type EventName, type Topic } from '../generated/topics';

/**
 * The Kafka key of an event, which is also its CloudEvents `ce_subject`: the value of the payload field
 * the catalog names as the event's key (sku, orderId, ...).
 */
export function eventKey<E extends EventName>(eventName: E, payload: EventPayloads[E]): string {
  const field = EventCatalog[eventName].keyField;
  const value = (payload as unknown as Record<string, unknown>)[field];
  if (typeof value !== 'string' || value.length === 0) {
    throw new Error(`${eventName}: key field ${field} must be a non-empty string, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** The event a topic carries, or undefined when the topic is not in the catalog (e.g. a .dlt topic). */
export function eventNameForTopic(topic: string): EventName | undefined {
  return Object.hasOwn(EventNameByTopic, topic) ? EventNameByTopic[topic as Topic] : undefined;
}
