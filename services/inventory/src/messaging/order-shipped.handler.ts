import type { OrderShipped } from '@concord/contracts';
import { HandlesEvent, type ConsumedEvent, type EventHandler, type EventHandlerContext, assertValidRecord } from '@concord/messaging';
import { ConsumeShippedReservation } from '../consume-shipped-reservation/consume-shipped-reservation.service';
import { validateOrderShipped } from '../domain/shipments-and-returns';

@HandlesEvent('OrderShipped')
export class OrderShippedHandler implements EventHandler<OrderShipped> {
  constructor(private readonly consumeShippedReservation: ConsumeShippedReservation) {}

  validate({ payload }: ConsumedEvent<OrderShipped>): void {
    assertValidRecord(validateOrderShipped(payload));
  }

  handle({ payload }: ConsumedEvent<OrderShipped>, context: EventHandlerContext): Promise<void> {
    return this.consumeShippedReservation.execute(context, payload);
  }
}
