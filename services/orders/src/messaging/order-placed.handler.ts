import type { OrderPlaced } from '@concord/contracts';
import { HandlesEvent, type ConsumedEvent, type EventHandler, type EventHandlerContext, assertValidRecord, eventContext } from '@concord/messaging';
import { validateOrderPlaced } from '../domain/incoming-records';
import { PlaceOrder } from '../place-order/place-order.service';

@HandlesEvent('OrderPlaced')
export class OrderPlacedHandler implements EventHandler<OrderPlaced> {
  constructor(private readonly placeOrder: PlaceOrder) {}

  validate({ payload }: ConsumedEvent<OrderPlaced>): void {
    assertValidRecord(validateOrderPlaced(payload));
  }

  handle({ payload, source, id }: ConsumedEvent<OrderPlaced>, context: EventHandlerContext): Promise<void> {
    return this.placeOrder.execute(context, { order: payload, eventSource: source, eventId: id });
  }

  /** A whole chunk in one transaction; if it throws, the runner falls back to `handle` per record. */
  handleBatch(events: ConsumedEvent<OrderPlaced>[], context: EventHandlerContext): Promise<void> {
    return this.placeOrder.executeChunk(
      context.manager,
      events.map((event) => ({ command: { order: event.payload, eventSource: event.source, eventId: event.id }, context: eventContext(event, context) })),
    );
  }
}
