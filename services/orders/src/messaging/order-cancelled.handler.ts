import type { OrderCancelled } from '@concord/contracts';
import { HandlesEvent, type ConsumedEvent, type EventHandler, type EventHandlerContext, assertValidRecord } from '@concord/messaging';
import { CancelOrder } from '../cancel-order/cancel-order.service';
import { validateOrderCancelled } from '../domain/incoming-records';

@HandlesEvent('OrderCancelled')
export class OrderCancelledHandler implements EventHandler<OrderCancelled> {
  constructor(private readonly cancelOrder: CancelOrder) {}

  validate({ payload }: ConsumedEvent<OrderCancelled>): void {
    assertValidRecord(validateOrderCancelled(payload));
  }

  handle({ payload, source, id }: ConsumedEvent<OrderCancelled>, context: EventHandlerContext): Promise<void> {
    return this.cancelOrder.execute(context, { cancellation: payload, eventSource: source, eventId: id });
  }
}
