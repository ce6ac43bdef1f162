import type { OrderReturned } from '@concord/contracts';
import { HandlesEvent, type ConsumedEvent, type EventHandler, type EventHandlerContext, assertValidRecord } from '@concord/messaging';
import { validateOrderReturned } from '../domain/incoming-records';
import { RecordFulfilment } from '../record-fulfilment/record-fulfilment.service';

@HandlesEvent('OrderReturned')
export class OrderReturnedHandler implements EventHandler<OrderReturned> {
  constructor(private readonly recordFulfilment: RecordFulfilment) {}

  validate({ payload }: ConsumedEvent<OrderReturned>): void {
    assertValidRecord(validateOrderReturned(payload));
  }

  handle({ payload, source, id }: ConsumedEvent<OrderReturned>, context: EventHandlerContext): Promise<void> {
    return this.recordFulfilment.returned(context, payload, { eventSource: source, eventId: id });
  }
}
