import { Injectable, Module, type INestApplicationContext, type Type } from '@nestjs/common';
import { DiscoveryModule, DiscoveryService, NestFactory } from '@nestjs/core';
import type { EventPayloads } from '@concord/contracts';
import type { ConsumedEvent, EventHandlerContext } from '../consumer/consumer-runner';
import { ValidationError } from '../errors';
import type { EventDescriptor } from '../event-descriptor';
import { HANDLES_EVENT_METADATA, HandlesEvent, handledEventOf, handlerRegistrations, type EventHandler } from './handles-event.decorator';

@Injectable()
class PlaceOrder {
  readonly placed: string[] = [];
  execute(externalOrderId: string) {
    this.placed.push(externalOrderId);
  }
}

@HandlesEvent('OrderPlaced')
class OrderPlacedHandler implements EventHandler<EventPayloads['OrderPlaced']> {
  constructor(private readonly placeOrder: PlaceOrder) {}

  validate(event: ConsumedEvent<EventPayloads['OrderPlaced']>) {
    if (event.payload.lines.length === 0) throw new ValidationError('ORDERS.NO_LINES', 'an order needs at least one line');
  }

  async handle(event: ConsumedEvent<EventPayloads['OrderPlaced']>) {
    this.placeOrder.execute(event.payload.externalOrderId);
  }

  async handleBatch(events: ConsumedEvent<EventPayloads['OrderPlaced']>[]) {
    for (const event of events) this.placeOrder.execute(event.payload.externalOrderId);
  }
}

@HandlesEvent('OrderCancelled')
class OrderCancelledHandler implements EventHandler {
  async handle() {}
}

const probeTopicDescriptor = { name: 'ProbeRecorded', topic: 'test.probe-recorded.v1', subject: 'test.probe-recorded.v1-value' } as EventDescriptor;

@HandlesEvent(probeTopicDescriptor)
class ProbeHandler implements EventHandler {
  async handle() {}
}

/** A Nest application context holding `providers`; resolves with the @HandlesEvent instances Nest created. */
async function discoveredHandlers(providers: Type<unknown>[]): Promise<{ app: INestApplicationContext; instances: object[] }> {
  @Module({ imports: [DiscoveryModule], providers })
  class HandlersModule {}
  const app = await NestFactory.createApplicationContext(HandlersModule, { logger: false });
  const instances = app
    .get(DiscoveryService)
    .getProviders({ metadataKey: HANDLES_EVENT_METADATA })
    .map((wrapper) => wrapper.instance as object);
  return { app, instances };
}

describe('@HandlesEvent', () => {
  it('records the catalog event, resolved to its descriptor', () => {
    expect(handledEventOf(OrderPlacedHandler)).toMatchObject({ name: 'OrderPlaced', topic: 'orders.order-placed.v1' });
  });

  it('accepts a descriptor for a test topic', () => {
    expect(handledEventOf(ProbeHandler)).toBe(probeTopicDescriptor);
  });

  it('leaves an undecorated class without an event', () => {
    expect(handledEventOf(PlaceOrder)).toBeUndefined();
  });
});

describe('handlerRegistrations', () => {
  let app: INestApplicationContext | undefined;
  afterEach(() => app?.close());

  describe('when the listed handlers are providers', () => {
    it('registers each discovered instance, with its injected dependencies, under its event', async () => {
      const discovered = await discoveredHandlers([PlaceOrder, OrderPlacedHandler, OrderCancelledHandler]);
      app = discovered.app;

      const registrations = handlerRegistrations([OrderPlacedHandler, OrderCancelledHandler], discovered.instances);

      expect(registrations.map((r) => r.descriptor.topic)).toEqual(['orders.order-placed.v1', 'orders.order-cancelled.v1']);
      const event = { payload: { externalOrderId: 'WEB-1', lines: [] } } as unknown as ConsumedEvent<unknown>;
      await registrations[0].handle(event, {} as EventHandlerContext);
      expect(app.get(PlaceOrder).placed).toEqual(['WEB-1']);
    });

    it('passes validate through when the handler has one, and only then', async () => {
      const discovered = await discoveredHandlers([PlaceOrder, OrderPlacedHandler, OrderCancelledHandler]);
      app = discovered.app;

      const [placed, cancelled] = handlerRegistrations([OrderPlacedHandler, OrderCancelledHandler], discovered.instances);

      expect(() => placed.validate?.({ payload: { lines: [] } } as unknown as ConsumedEvent<unknown>)).toThrow(ValidationError);
      expect(cancelled.validate).toBeUndefined();
    });

    it('passes handleBatch through when the handler has one, and only then', async () => {
      const discovered = await discoveredHandlers([PlaceOrder, OrderPlacedHandler, OrderCancelledHandler]);
      app = discovered.app;

      const [placed, cancelled] = handlerRegistrations([OrderPlacedHandler, OrderCancelledHandler], discovered.instances);

      const events = ['WEB-1', 'WEB-2'].map((externalOrderId) => ({ payload: { externalOrderId, lines: [] } }) as unknown as ConsumedEvent<unknown>);
      await placed.handleBatch?.(events, {} as EventHandlerContext);
      expect(app.get(PlaceOrder).placed).toEqual(['WEB-1', 'WEB-2']);
      expect(cancelled.handleBatch).toBeUndefined();
    });
  });

  describe('when a listed handler is not provided by any module', () => {
    it('stops start-up saying to add it to a module', async () => {
      const discovered = await discoveredHandlers([PlaceOrder, OrderPlacedHandler]);
      app = discovered.app;
      expect(() => handlerRegistrations([OrderPlacedHandler, OrderCancelledHandler], discovered.instances)).toThrow(
        "OrderCancelledHandler is listed in MessagingModule's handlers but no module provides it",
      );
    });
  });

  describe('when a provider is marked @HandlesEvent but not listed', () => {
    it('stops start-up instead of silently not subscribing', async () => {
      const discovered = await discoveredHandlers([PlaceOrder, OrderPlacedHandler, OrderCancelledHandler]);
      app = discovered.app;
      expect(() => handlerRegistrations([OrderPlacedHandler], discovered.instances)).toThrow(
        "OrderCancelledHandler is marked @HandlesEvent but is not in MessagingModule's handlers",
      );
    });
  });

  describe('when a listed class has no @HandlesEvent', () => {
    it('names the class', () => {
      expect(() => handlerRegistrations([PlaceOrder as unknown as Type<EventHandler>], [])).toThrow(
        "PlaceOrder is listed in MessagingModule's handlers but has no @HandlesEvent decorator",
      );
    });
  });

  describe('when two handlers handle the same event', () => {
    it('names both', () => {
      @HandlesEvent('OrderCancelled')
      class SecondOrderCancelledHandler implements EventHandler {
        async handle() {}
      }
      expect(() =>
        handlerRegistrations([OrderCancelledHandler, SecondOrderCancelledHandler], [new OrderCancelledHandler(), new SecondOrderCancelledHandler()]),
      ).toThrow('OrderCancelledHandler and SecondOrderCancelledHandler both handle orders.order-cancelled.v1');
    });
  });
});
