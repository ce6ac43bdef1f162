import { applyDecorators, Injectable, type Type } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { EventName } from '@concord/contracts';
import { eventDescriptor } from '../catalog-descriptors';
import type { AnyEventHandler, ConsumedEvent, EventHandlerContext } from '../consumer/consumer-runner';
import type { EventDescriptor } from '../event-descriptor';

/**
 * A class that handles one consumed event type. It is an ordinary Nest provider, so it can inject
 * repositories and use cases; keep it thin: map the event to a command and call the use case.
 */
export interface EventHandler<T = unknown> {
  /** Throws a ValidationError when the record breaks a rule; it is then dead-lettered at once. */
  validate?(event: ConsumedEvent<T>): void;
  /** Applies the event inside the consumer's transaction; see EventHandlerRegistration.handle. */
  handle(event: ConsumedEvent<T>, context: EventHandlerContext): Promise<void>;
  /** Optional, for throughput: applies a whole chunk at once; see EventHandlerRegistration.handleBatch. */
  handleBatch?(events: ConsumedEvent<T>[], context: EventHandlerContext): Promise<void>;
  /** How it works through a chunk (sets the chunk's size); see EventHandlerRegistration.chunking. */
  readonly chunking?: 'set-based' | 'record-by-record';
}

/** A catalog event name, or (in tests) a descriptor for an event on the test's own topic. */
export type HandledEvent = EventName | EventDescriptor;

const HandlesEventMarker = DiscoveryService.createDecorator<HandledEvent>();

/**
 * Marks an EventHandler class as the handler of one event: `@HandlesEvent('OrderPlaced')`. The class
 * becomes injectable; MessagingModule finds its instance and subscribes the service to the topic.
 */
export function HandlesEvent(event: HandledEvent): ClassDecorator {
  return applyDecorators(Injectable(), HandlesEventMarker(event));
}

/** The metadata key Nest's DiscoveryService finds @HandlesEvent providers by. */
export const HANDLES_EVENT_METADATA = HandlesEventMarker.KEY;

/** The event a class declared with @HandlesEvent, as a descriptor; undefined when it has none. */
export function handledEventOf(handlerClass: Type<unknown>): EventDescriptor | undefined {
  const event: HandledEvent | undefined = Reflect.getMetadata(HANDLES_EVENT_METADATA, handlerClass);
  if (event === undefined) return undefined;
  return typeof event === 'string' ? eventDescriptor(event) : event;
}

/**
 * Builds the consumer's registrations from the handler classes a service lists and the @HandlesEvent
 * instances Nest created. Every mismatch stops start-up with a message saying what to fix: a listed
 * class without the decorator or without a provider, a decorated provider nobody listed (a
 * subscription that would silently not happen), two handlers for one topic.
 */
export function handlerRegistrations(listed: readonly Type<EventHandler>[], instances: readonly object[]): AnyEventHandler[] {
  const instanceByClass = new Map<Type<unknown>, object>();
  for (const instance of instances) {
    const handlerClass = instance.constructor as Type<unknown>;
    if (!listed.includes(handlerClass as Type<EventHandler>)) {
      throw new Error(
        `${handlerClass.name} is marked @HandlesEvent but is not in MessagingModule's handlers; list it there or remove the decorator`,
      );
    }
    if (instanceByClass.has(handlerClass)) {
      throw new Error(`${handlerClass.name} is provided by more than one module; provide each handler once`);
    }
    instanceByClass.set(handlerClass, instance);
  }

  const classByTopic = new Map<string, Type<unknown>>();
  return listed.map((handlerClass) => {
    const descriptor = handledEventOf(handlerClass);
    if (!descriptor) throw new Error(`${handlerClass.name} is listed in MessagingModule's handlers but has no @HandlesEvent decorator`);
    const instance = instanceByClass.get(handlerClass) as EventHandler | undefined;
    if (!instance) {
      throw new Error(`${handlerClass.name} is listed in MessagingModule's handlers but no module provides it; add it to a module's providers`);
    }
    if (typeof instance.handle !== 'function') throw new Error(`${handlerClass.name} has no handle(event, context) method`);
    const other = classByTopic.get(descriptor.topic);
    if (other) throw new Error(`${other.name} and ${handlerClass.name} both handle ${descriptor.topic}; one handler per event`);
    classByTopic.set(descriptor.topic, handlerClass);
    return {
      descriptor,
      handle: (event, context) => instance.handle(event, context),
      ...(instance.validate ? { validate: (event: ConsumedEvent<unknown>) => instance.validate!(event) } : {}),
      ...(instance.handleBatch
        ? { handleBatch: (events: ConsumedEvent<unknown>[], context: EventHandlerContext) => instance.handleBatch!(events, context) }
        : {}),
      ...(instance.chunking ? { chunking: instance.chunking } : {}),
    };
  });
}
