import { eventKey, loadEventSchema, type EventName, type EventPayloads } from '@concord/contracts';
import type { EventDescriptor } from './event-descriptor';

const descriptors = new Map<EventName, EventDescriptor<unknown>>();

/** The descriptor of a catalog event: its topic, subject, CloudEvents type, schema and key. */
export function eventDescriptor<E extends EventName>(eventName: E): EventDescriptor<EventPayloads[E]> {
  let descriptor = descriptors.get(eventName);
  if (!descriptor) {
    const schema = loadEventSchema(eventName);
    descriptor = {
      name: eventName,
      topic: schema.contract.topic,
      subject: schema.contract.subject,
      ceType: schema.contract.ceType,
      schemaText: schema.text,
      type: schema.type,
      keyOf: (payload) => eventKey(eventName, payload as EventPayloads[E]),
    };
    descriptors.set(eventName, descriptor);
  }
  return descriptor as EventDescriptor<EventPayloads[E]>;
}
