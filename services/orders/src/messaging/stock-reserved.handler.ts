import type { StockReserved } from '@concord/contracts';
import { HandlesEvent, type ConsumedEvent, type EventHandler, type EventHandlerContext, assertValidRecord, eventContext } from '@concord/messaging';
import { AcceptOrder } from '../accept-order/accept-order.service';
import { validateStockReserved } from '../domain/incoming-records';

@HandlesEvent('StockReserved')
export class StockReservedHandler implements EventHandler<StockReserved> {
  constructor(private readonly acceptOrder: AcceptOrder) {}

  validate({ payload }: ConsumedEvent<StockReserved>): void {
    assertValidRecord(validateStockReserved(payload));
  }

  handle({ payload, source, id }: ConsumedEvent<StockReserved>, context: EventHandlerContext): Promise<void> {
    return this.acceptOrder.execute(context, { reserved: payload, eventSource: source, eventId: id });
  }

  /** A whole chunk in one transaction; if it throws, the runner falls back to `handle` per record. */
  handleBatch(events: ConsumedEvent<StockReserved>[], context: EventHandlerContext): Promise<void> {
    return this.acceptOrder.executeChunk(
      context.manager,
      events.map((event) => ({ command: { reserved: event.payload, eventSource: event.source, eventId: event.id }, context: eventContext(event, context) })),
    );
  }
}
