import type { OrderPostedToErp } from '@concord/contracts';
import { HandlesEvent, type ConsumedEvent, type EventHandler, type EventHandlerContext, assertValidRecord } from '@concord/messaging';
import { validateOrderPostedToErp } from '../domain/incoming-records';
import { RecordFulfilment } from '../record-fulfilment/record-fulfilment.service';

@HandlesEvent('OrderPostedToErp')
export class OrderPostedToErpHandler implements EventHandler<OrderPostedToErp> {
  constructor(private readonly recordFulfilment: RecordFulfilment) {}

  validate({ payload }: ConsumedEvent<OrderPostedToErp>): void {
    assertValidRecord(validateOrderPostedToErp(payload));
  }

  handle({ payload, source, id }: ConsumedEvent<OrderPostedToErp>, context: EventHandlerContext): Promise<void> {
    return this.recordFulfilment.erpPosted(context, payload, { eventSource: source, eventId: id });
  }
}
