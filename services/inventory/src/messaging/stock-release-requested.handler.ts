import type { StockReleaseRequested } from '@concord/contracts';
import { HandlesEvent, type ConsumedEvent, type EventHandler, type EventHandlerContext } from '@concord/messaging';
import { ReleaseStock } from '../release-stock/release-stock.service';

@HandlesEvent('StockReleaseRequested')
export class StockReleaseRequestedHandler implements EventHandler<StockReleaseRequested> {
  constructor(private readonly releaseStock: ReleaseStock) {}

  handle({ payload }: ConsumedEvent<StockReleaseRequested>, context: EventHandlerContext): Promise<void> {
    return this.releaseStock.execute(context, payload);
  }
}
