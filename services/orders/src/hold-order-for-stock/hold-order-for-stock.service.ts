import { Inject, Injectable, Logger } from '@nestjs/common';
import type { StockReservationRejected } from '@concord/contracts';
import type { Charter } from '@concord/governance';
import { eventDescriptor, type TransactionContext, invalidRecord } from '@concord/messaging';
import { CHARTER } from '@concord/service-runtime';
import { OrderHistoryRepository } from '../database/order-history.repository';
import { OrderRepository } from '../database/order.repository';
import { buildOrderHeld } from '../domain/order-events';
import { stockShortfallHold } from '../domain/order-holds';
import { assertTransition, decideStockReservationRejected } from '../domain/order-state';
import { orderIssue } from '../domain/orders.errors';
import { OrdersMetrics } from '../metrics/orders.metrics';

export interface HoldOrderForStockCommand {
  readonly rejection: StockReservationRejected;
  readonly eventSource: string;
  readonly eventId: string;
}

/**
 * Inventory could not reserve an order (policy HOLD and a shortage, or a SKU it cannot vouch for):
 * the order is HELD (INSUFFICIENT_STOCK) with the short lines, for review by the charter's deadline.
 * Nothing was reserved, so nothing is released.
 */
@Injectable()
export class HoldOrderForStock {
  private readonly logger = new Logger(HoldOrderForStock.name);

  constructor(
    private readonly orders: OrderRepository,
    private readonly history: OrderHistoryRepository,
    private readonly metrics: OrdersMetrics,
    @Inject(CHARTER) private readonly charter: Charter,
  ) {}

  async execute(context: TransactionContext, { rejection, eventSource, eventId }: HoldOrderForStockCommand): Promise<void> {
    const { manager, publish } = context;
    const now = new Date();
    const order = await this.orders.lock(manager, rejection.orderId);
    if (order === undefined) throw invalidRecord([orderIssue('ORDERS.UNKNOWN_ORDER', `no order ${rejection.orderId}`, { field: 'orderId' })]);
    if (decideStockReservationRejected(order).kind === 'ignore') {
      this.logger.debug(`order ${order.orderId} is ${order.state}; the refused reservation changes nothing`);
      return;
    }
    const hold = stockShortfallHold(rejection, (lineNumber) => order.lines.findIndex((line) => line.lineNumber === lineNumber), this.charter, now);
    assertTransition(order.orderId, order.state, 'HELD');
    const held = { ...order, state: 'HELD' as const, stockStatus: 'REFUSED' as const, hold, charterVersion: this.charter.version };
    await this.orders.save(manager, held);
    await publish(eventDescriptor('OrderHeld'), buildOrderHeld(held, hold, this.charter.version));
    await this.history.append(manager, {
      orderId: order.orderId,
      from: order.state,
      to: 'HELD',
      reason: hold.reason,
      trigger: 'StockReservationRejected',
      detail: { issues: hold.issues, ownerTeam: hold.ownerTeam, reviewDeadline: hold.reviewDeadline, inventoryReason: rejection.reason },
      actor: eventSource,
      eventId,
      charterVersion: this.charter.version,
      at: now,
    });
    this.metrics.afterCommit(manager, () => this.metrics.outcomes.inc({ outcome: 'held', reason: hold.reason }));
  }
}
