import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OrderPlaced } from '@concord/contracts';
import type { Charter } from '@concord/governance';
import type { TransactionContext } from '@concord/messaging';
import { CHARTER } from '@concord/service-runtime';
import { OrderHistoryRepository } from '../database/order-history.repository';
import { OrderRepository } from '../database/order.repository';
import { newOrderRecord, placedOrderFrom } from '../domain/order';
import { OrdersMetrics } from '../metrics/orders.metrics';
import { ValidateOrder } from '../validate-order/validate-order.service';

/** An OrderPlaced as the consumer received it. */
export interface PlaceOrderCommand {
  readonly order: OrderPlaced;
  /** The event's ce_source and ce_id, for the history. */
  readonly eventSource: string;
  readonly eventId: string;
}

/**
 * Takes in an order from the storefront or the CRM under a new order id and judges it
 * (ValidateOrder). The same external order placed again — redelivered under another event id, or
 * re-sent by the source — never becomes a second order: it is counted and ignored. An order whose
 * cancellation arrived first ends CANCELLED at once, without asking inventory for anything.
 */
@Injectable()
export class PlaceOrder {
  private readonly logger = new Logger(PlaceOrder.name);

  constructor(
    private readonly orders: OrderRepository,
    private readonly history: OrderHistoryRepository,
    private readonly validateOrder: ValidateOrder,
    private readonly metrics: OrdersMetrics,
    @Inject(CHARTER) private readonly charter: Charter,
  ) {}

  async execute(context: TransactionContext, { order, eventSource, eventId }: PlaceOrderCommand): Promise<void> {
    const { manager } = context;
    const receivedAt = new Date();
    const intake = await this.orders.claimIntake(manager, order.sourceSystem, order.externalOrderId);
    if (intake.orderId !== null) {
      await this.orders.countDuplicate(manager, intake);
      this.metrics.afterCommit(manager, () => this.metrics.duplicates.inc({ source_system: order.sourceSystem }));
      this.logger.warn(`${order.sourceSystem} order ${order.externalOrderId} was placed again (event ${eventId}); it is order ${intake.orderId} already`);
      return;
    }

    const placed = placedOrderFrom(randomUUID(), order);
    await this.orders.attachOrder(manager, intake, placed.orderId);
    const cancellation = intake.earlyCancellation;
    if (cancellation === null) {
      await this.validateOrder.execute(context, { before: null, placed, receivedAt }, { trigger: 'OrderPlaced', actor: eventSource, eventId });
      return;
    }

    const cancelled = { ...newOrderRecord(placed, 'CANCELLED', receivedAt, this.charter.version), cancelledAt: new Date(cancellation.cancelledAt), cancelReason: cancellation.reason };
    await this.orders.insert(manager, cancelled);
    await this.history.append(manager, {
      orderId: placed.orderId,
      from: null,
      to: 'CANCELLED',
      reason: 'CANCELLED_BEFORE_PLACEMENT',
      trigger: 'OrderPlaced',
      detail: { cancellation },
      actor: eventSource,
      eventId,
      charterVersion: this.charter.version,
      at: receivedAt,
    });
    this.metrics.afterCommit(manager, () => this.metrics.outcomes.inc({ outcome: 'cancelled', reason: 'CANCELLED_BEFORE_PLACEMENT' }));
  }
}
