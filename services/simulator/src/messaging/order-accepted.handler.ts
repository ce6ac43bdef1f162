import type { OrderAccepted } from '@concord/contracts';
import { currentTraceparent, HandlesEvent, type ConsumedEvent, type EventHandler, type EventHandlerContext } from '@concord/messaging';
import { FulfilAcceptedOrder } from '../erp/fulfil-accepted-order';

/** Concord sends the ERP an order to post; the simulated ERP (and later the WMS) answer it. */
@HandlesEvent('OrderAccepted')
export class OrderAcceptedHandler implements EventHandler<OrderAccepted> {
  constructor(private readonly fulfilAcceptedOrder: FulfilAcceptedOrder) {}

  async handle(event: ConsumedEvent<OrderAccepted>, { manager }: EventHandlerContext): Promise<void> {
    await this.fulfilAcceptedOrder.execute(manager, event.payload, event.traceparent ?? currentTraceparent());
  }

  /** A load run's chunk at once; each answer still continues its own order's trace. */
  async handleBatch(events: ConsumedEvent<OrderAccepted>[], { manager }: EventHandlerContext): Promise<void> {
    await this.fulfilAcceptedOrder.executeMany(manager, events.map((event) => ({ order: event.payload, traceparent: event.traceparent })));
  }
}
