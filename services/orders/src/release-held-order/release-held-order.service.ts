import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@concord/messaging';
import { OrderRepository } from '../database/order.repository';
import type { OrderState } from '../domain/order';
import type { OrderView } from '../query-orders/order-view';
import { QueryOrders } from '../query-orders/query-orders.service';
import { ValidateOrder } from '../validate-order/validate-order.service';

export interface ReleaseRequest {
  readonly releasedBy: string;
  readonly note: string | null;
}

export type ReleaseOutcome =
  | { readonly kind: 'released'; readonly order: OrderView }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'not-held'; readonly state: OrderState };

/**
 * A reviewer releases a held order after correcting what held it (a product, customer or price in
 * its source system): the order is judged again against the read models as they are now and goes
 * wherever that leads — on to the reservation, back to HELD with the current issues, REJECTED, or
 * waiting for its customer. The release and the note are in the state history, under the
 * reviewer's name. Releasing a price mismatch accepts the governed price.
 */
@Injectable()
export class ReleaseHeldOrder {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly orders: OrderRepository,
    private readonly validateOrder: ValidateOrder,
    private readonly queryOrders: QueryOrders,
  ) {}

  async execute(orderId: string, request: ReleaseRequest): Promise<ReleaseOutcome> {
    const outcome = await this.unitOfWork.run(async (context): Promise<ReleaseOutcome | undefined> => {
      const order = await this.orders.lock(context.manager, orderId);
      if (order === undefined) return { kind: 'not-found' };
      if (order.state !== 'HELD') return { kind: 'not-held', state: order.state };
      await this.validateOrder.execute(
        context,
        { before: order },
        {
          trigger: 'manual release',
          actor: request.releasedBy,
          eventId: null,
          detail: { releasedBy: request.releasedBy, note: request.note, releasedHold: order.hold?.reason ?? null },
          reviewerRelease: true,
        },
      );
      return undefined;
    });
    if (outcome !== undefined) return outcome;
    const released = await this.queryOrders.byId(orderId);
    return released === undefined ? { kind: 'not-found' } : { kind: 'released', order: released };
  }
}
