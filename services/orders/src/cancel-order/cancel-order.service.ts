import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OrderCancelled } from '@concord/contracts';
import type { Charter } from '@concord/governance';
import { eventDescriptor, type TransactionContext } from '@concord/messaging';
import { CHARTER } from '@concord/service-runtime';
import { OrderHistoryRepository } from '../database/order-history.repository';
import { OrderRepository } from '../database/order.repository';
import { buildOrderCancellationRequested, buildStockReleaseRequested } from '../domain/order-events';
import { assertTransition, decideCancellation } from '../domain/order-state';
import { OrdersMetrics } from '../metrics/orders.metrics';

export interface CancelOrderCommand {
  readonly cancellation: OrderCancelled;
  readonly eventSource: string;
  readonly eventId: string;
}

/**
 * The source cancelled an order (decideCancellation). Before shipment it ends CANCELLED: stock that
 * was requested or reserved is released (StockReleaseRequested), and an order the ERP already
 * received (ACCEPTED, POSTED) gets an OrderCancellationRequested. After shipment the cancellation is
 * refused and recorded in the history. A cancellation of an order not placed yet is remembered on
 * its intake record; the OrderPlaced that follows ends CANCELLED.
 */
@Injectable()
export class CancelOrder {
  private readonly logger = new Logger(CancelOrder.name);

  constructor(
    private readonly orders: OrderRepository,
    private readonly history: OrderHistoryRepository,
    private readonly metrics: OrdersMetrics,
    @Inject(CHARTER) private readonly charter: Charter,
  ) {}

  async execute(context: TransactionContext, { cancellation, eventSource, eventId }: CancelOrderCommand): Promise<void> {
    const { manager, publish } = context;
    const now = new Date();
    const intake = await this.orders.claimIntake(manager, cancellation.sourceSystem, cancellation.externalOrderId);
    if (intake.orderId === null) {
      if (intake.earlyCancellation === null) {
        await this.orders.rememberEarlyCancellation(manager, intake, { reason: cancellation.reason, cancelledAt: cancellation.cancelledAt.toISOString(), actor: eventSource, eventId });
        this.metrics.afterCommit(manager, () => this.metrics.cancellations.inc({ outcome: 'remembered', stage: 'NOT_PLACED' }));
      }
      this.logger.log(`${cancellation.sourceSystem} order ${cancellation.externalOrderId} was cancelled before it was placed; it will end CANCELLED`);
      return;
    }

    const order = await this.orders.lock(manager, intake.orderId);
    if (order === undefined) throw new Error(`intake of ${cancellation.externalOrderId} names order ${intake.orderId}, which is not stored`);
    const decision = decideCancellation(order);
    const history = { orderId: order.orderId, from: order.state, trigger: 'OrderCancelled', actor: eventSource, eventId, charterVersion: this.charter.version, at: now };
    const stage = order.state;
    switch (decision.kind) {
      case 'cancel': {
        assertTransition(order.orderId, order.state, 'CANCELLED');
        const cancelled = {
          ...order,
          state: 'CANCELLED' as const,
          stockStatus: decision.releaseStock ? ('RELEASE_REQUESTED' as const) : order.stockStatus,
          customerWaitDeadline: null,
          cancelledAt: cancellation.cancelledAt,
          cancelReason: cancellation.reason,
        };
        await this.orders.save(manager, cancelled);
        if (decision.releaseStock) await publish(eventDescriptor('StockReleaseRequested'), buildStockReleaseRequested(order.orderId, 'ORDER_CANCELLED', now));
        if (decision.requestErpCancellation) await publish(eventDescriptor('OrderCancellationRequested'), buildOrderCancellationRequested(order, cancellation, now));
        await this.history.append(manager, {
          ...history,
          to: 'CANCELLED',
          reason: 'CANCELLED_BY_SOURCE',
          detail: { cancelReason: cancellation.reason, cancelledAt: cancellation.cancelledAt, stockReleaseRequested: decision.releaseStock, erpCancellationRequested: decision.requestErpCancellation },
        });
        this.metrics.afterCommit(manager, () => {
          this.metrics.cancellations.inc({ outcome: 'cancelled', stage });
          this.metrics.outcomes.inc({ outcome: 'cancelled', reason: stage });
        });
        return;
      }
      case 'refuse':
        await this.history.append(manager, { ...history, to: order.state, reason: 'CANCELLATION_REFUSED', detail: { why: decision.reason, cancelReason: cancellation.reason } });
        this.metrics.afterCommit(manager, () => this.metrics.cancellations.inc({ outcome: 'refused', stage }));
        this.logger.warn(`cancellation of order ${order.orderId} refused: ${decision.reason}`);
        return;
      case 'ignore':
        if (decision.reason === 'ALREADY_REJECTED') {
          await this.history.append(manager, { ...history, to: order.state, reason: 'CANCELLATION_IGNORED', detail: { why: decision.reason, cancelReason: cancellation.reason } });
        }
        this.metrics.afterCommit(manager, () => this.metrics.cancellations.inc({ outcome: 'ignored', stage }));
        return;
    }
  }
}
