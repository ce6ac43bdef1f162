import type { OrderReturned } from '@concord/contracts';
import { HandlesEvent, type ConsumedEvent, type EventHandler, type EventHandlerContext, assertValidRecord } from '@concord/messaging';
import { validateOrderReturned } from '../domain/shipments-and-returns';
import { RecordOrderReturn } from '../record-order-return/record-order-return.service';

@HandlesEvent('OrderReturned')
export class OrderReturnedHandler implements EventHandler<OrderReturned> {
  constructor(private readonly recordOrderReturn: RecordOrderReturn) {}

  validate({ payload }: ConsumedEvent<OrderReturned>): void {
    assertValidRecord(validateOrderReturned(payload));
  }

  handle({ payload }: ConsumedEvent<OrderReturned>, context: EventHandlerContext): Promise<void> {
    return this.recordOrderReturn.execute(context, payload);
  }
}
