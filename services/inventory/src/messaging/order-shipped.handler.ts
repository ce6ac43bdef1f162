import type { OrderShipped } from '@concord/contracts';
import { HandlesEvent, type ConsumedEvent, type EventHandler, type EventHandlerContext, assertValidRecord, eventContext } from '@concord/messaging';
import { ConsumeShippedReservation } from '../consume-shipped-reservation/consume-shipped-reservation.service';
import { validateOrderShipped } from '../domain/shipments-and-returns';
import { OrderStockLocks } from '../database/order-stock-locks';

@HandlesEvent('OrderShipped')
export class OrderShippedHandler implements EventHandler<OrderShipped> {
  constructor(
    private readonly consumeShippedReservation: ConsumeShippedReservation,
    private readonly locks: OrderStockLocks,
  ) {}

  validate({ payload }: ConsumedEvent<OrderShipped>): void {
    assertValidRecord(validateOrderShipped(payload));
  }

  handle({ payload }: ConsumedEvent<OrderShipped>, context: EventHandlerContext): Promise<void> {
    return this.consumeShippedReservation.execute(context, payload);
  }

  /** Each record is handled by itself, after the locks: chunks of the backbone's recordChunkSize. */
  readonly chunking = 'record-by-record';

  /** A chunk in one transaction: its orders' reservations and SKUs locked first, in order; then each record as by `handle`. */
  async handleBatch(events: ConsumedEvent<OrderShipped>[], context: EventHandlerContext): Promise<void> {
    await this.locks.lock(context.manager, events.map(({ payload }) => payload.orderId));
    for (const event of events) await this.consumeShippedReservation.execute(eventContext(event, context), event.payload);
  }
}
