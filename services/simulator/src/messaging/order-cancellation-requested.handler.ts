import type { OrderCancellationRequested } from '@concord/contracts';
import { HandlesEvent, type ConsumedEvent, type EventHandler, type EventHandlerContext } from '@concord/messaging';
import { CancelPendingShipments } from '../erp/cancel-pending-shipments';

/** Concord asks the ERP to cancel an order it was sent; the simulated WMS then does not ship it. */
@HandlesEvent('OrderCancellationRequested')
export class OrderCancellationRequestedHandler implements EventHandler<OrderCancellationRequested> {
  constructor(private readonly cancelPendingShipments: CancelPendingShipments) {}

  async handle(event: ConsumedEvent<OrderCancellationRequested>, { manager }: EventHandlerContext): Promise<void> {
    await this.cancelPendingShipments.execute(manager, event.payload);
  }
}
