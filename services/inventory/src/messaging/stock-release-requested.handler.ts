import type { StockReleaseRequested } from '@concord/contracts';
import { HandlesEvent, type ConsumedEvent, type EventHandler, type EventHandlerContext, eventContext } from '@concord/messaging';
import { ReleaseStock } from '../release-stock/release-stock.service';
import { OrderStockLocks } from '../database/order-stock-locks';

@HandlesEvent('StockReleaseRequested')
export class StockReleaseRequestedHandler implements EventHandler<StockReleaseRequested> {
  constructor(
    private readonly releaseStock: ReleaseStock,
    private readonly locks: OrderStockLocks,
  ) {}

  handle({ payload }: ConsumedEvent<StockReleaseRequested>, context: EventHandlerContext): Promise<void> {
    return this.releaseStock.execute(context, payload);
  }

  /** Each record is handled by itself, after the locks: chunks of the backbone's recordChunkSize. */
  readonly chunking = 'record-by-record';

  /** A chunk in one transaction: its orders' reservations and SKUs locked first, in order; then each record as by `handle`. */
  async handleBatch(events: ConsumedEvent<StockReleaseRequested>[], context: EventHandlerContext): Promise<void> {
    await this.locks.lock(context.manager, events.map(({ payload }) => payload.orderId));
    for (const event of events) await this.releaseStock.execute(eventContext(event, context), event.payload);
  }
}
