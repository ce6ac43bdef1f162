import type { StockReservationRejected } from '@concord/contracts';
import { HandlesEvent, type ConsumedEvent, type EventHandler, type EventHandlerContext, assertValidRecord } from '@concord/messaging';
import { validateStockReservationRejected } from '../domain/incoming-records';
import { HoldOrderForStock } from '../hold-order-for-stock/hold-order-for-stock.service';

@HandlesEvent('StockReservationRejected')
export class StockReservationRejectedHandler implements EventHandler<StockReservationRejected> {
  constructor(private readonly holdOrderForStock: HoldOrderForStock) {}

  validate({ payload }: ConsumedEvent<StockReservationRejected>): void {
    assertValidRecord(validateStockReservationRejected(payload));
  }

  handle({ payload, source, id }: ConsumedEvent<StockReservationRejected>, context: EventHandlerContext): Promise<void> {
    return this.holdOrderForStock.execute(context, { rejection: payload, eventSource: source, eventId: id });
  }
}
