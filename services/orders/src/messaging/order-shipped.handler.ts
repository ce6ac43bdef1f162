import type { OrderShipped } from '@concord/contracts';
import { HandlesEvent, type ConsumedEvent, type EventHandler, type EventHandlerContext, assertValidRecord } from '@concord/messaging';
import { validateOrderShipped } from '../domain/incoming-records';
import { RecordFulfilment } from '../record-fulfilment/record-fulfilment.service';

@HandlesEvent('OrderShipped')
export class OrderShippedHandler implements EventHandler<OrderShipped> {
  constructor(private readonly recordFulfilment: RecordFulfilment) {}

  validate({ payload }: ConsumedEvent<OrderShipped>): void {
    assertValidRecord(validateOrderShipped(payload));
  }

  handle({ payload, source, id }: ConsumedEvent<OrderShipped>, context: EventHandlerContext): Promise<void> {
    return this.recordFulfilment.shipped(context, payload, { eventSource: source, eventId: id });
  }
}
