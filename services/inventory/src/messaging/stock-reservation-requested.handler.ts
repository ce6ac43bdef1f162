import type { StockReservationRequested } from '@concord/contracts';
import { HandlesEvent, type ConsumedEvent, type EventHandler, type EventHandlerContext, assertValidRecord } from '@concord/messaging';
import { validateReservationRequest } from '../domain/allocate-reservation';
import { ReserveStock } from '../reserve-stock/reserve-stock.service';

@HandlesEvent('StockReservationRequested')
export class StockReservationRequestedHandler implements EventHandler<StockReservationRequested> {
  constructor(private readonly reserveStock: ReserveStock) {}

  validate({ payload }: ConsumedEvent<StockReservationRequested>): void {
    assertValidRecord(validateReservationRequest(payload));
  }

  handle({ payload }: ConsumedEvent<StockReservationRequested>, context: EventHandlerContext): Promise<void> {
    return this.reserveStock.execute(context, payload);
  }

  /** A whole chunk in one transaction, loaded, decided and written at once; if it throws, the runner falls back to `handle` per record. */
  handleBatch(events: ConsumedEvent<StockReservationRequested>[], context: EventHandlerContext): Promise<void> {
    return this.reserveStock.executeChunk(
      context,
      events.map(({ payload, traceparent }) => ({ request: payload, causedBy: { traceparent } })),
    );
  }
}
