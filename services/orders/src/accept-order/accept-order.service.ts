import { Inject, Injectable, Logger } from '@nestjs/common';
import type { StockReserved } from '@concord/contracts';
import type { Charter } from '@concord/governance';
import { eventDescriptor, type TransactionContext, invalidRecord } from '@concord/messaging';
import { CHARTER } from '@concord/service-runtime';
import type { EntityManager } from 'typeorm';
import { OrderHistoryRepository, type OrderHistoryEntry } from '../database/order-history.repository';
import { OrderRepository } from '../database/order.repository';
import type { OrderRecord } from '../domain/order';
import { buildOrderAccepted, buildStockReleaseRequested, fulfilLines, orderTotal } from '../domain/order-events';
import { assertTransition, decideStockReserved } from '../domain/order-state';
import { orderIssue } from '../domain/orders.errors';
import { OrdersMetrics } from '../metrics/orders.metrics';

export interface AcceptOrderCommand {
  readonly reserved: StockReserved;
  readonly eventSource: string;
  readonly eventId: string;
}

/**
 * Inventory reserved an order's stock (decideStockReserved). An order waiting for it is ACCEPTED and
 * OrderAccepted goes to the ERP: ERP customer id, governed prices, routed allocations, back-orders
 * and exact totals. A reservation for an order that is no longer going ahead (cancelled meanwhile,
 * rejected, held) is released at once, so no stock stays reserved for it.
 */
@Injectable()
export class AcceptOrder {
  private readonly logger = new Logger(AcceptOrder.name);

  constructor(
    private readonly orders: OrderRepository,
    private readonly history: OrderHistoryRepository,
    private readonly metrics: OrdersMetrics,
    @Inject(CHARTER) private readonly charter: Charter,
  ) {}

  execute(context: TransactionContext, command: AcceptOrderCommand): Promise<void> {
    return this.executeChunk(context.manager, [{ command, context }]);
  }

  /**
   * A consumer chunk of StockReserved in one transaction (`manager`): the orders are locked and read
   * once, each answer is applied in turn (a second answer for one order sees the first's result), and
   * the changed orders and their history are written in a few statements.
   */
  async executeChunk(manager: EntityManager, answers: ReadonlyArray<{ command: AcceptOrderCommand; context: TransactionContext }>): Promise<void> {
    const now = new Date();
    const orders = await this.orders.lockMany(
      manager,
      answers.map(({ command }) => command.reserved.orderId),
    );
    const changed = new Map<string, OrderRecord>();
    const history: OrderHistoryEntry[] = [];
    for (const { command, context } of answers) {
      const order = orders.get(command.reserved.orderId);
      if (order === undefined) throw invalidRecord([orderIssue('ORDERS.UNKNOWN_ORDER', `no order ${command.reserved.orderId}`, { field: 'orderId' })]);
      const outcome = await this.apply(order, command, context, now);
      if (outcome === undefined) continue;
      orders.set(order.orderId, outcome.after);
      changed.set(order.orderId, outcome.after);
      history.push(outcome.entry);
    }
    await this.orders.save(manager, ...changed.values());
    await this.history.append(manager, ...history);
  }

  /** What one answer does to the order: its record and history entry after (none: nothing changes); publishes what it causes. */
  private async apply(
    order: OrderRecord,
    { reserved, eventSource, eventId }: AcceptOrderCommand,
    { manager, publish }: TransactionContext,
    now: Date,
  ): Promise<{ after: OrderRecord; entry: OrderHistoryEntry } | undefined> {
    const history = { orderId: order.orderId, from: order.state, trigger: 'StockReserved', actor: eventSource, eventId, charterVersion: this.charter.version, at: now };
    const decision = decideStockReserved(order);
    switch (decision.kind) {
      case 'ignore':
        this.logger.debug(`order ${order.orderId} is ${order.state}; reservation ${reserved.reservationId} changes nothing`);
        return undefined;
      case 'release':
        await publish(eventDescriptor('StockReleaseRequested'), buildStockReleaseRequested(order.orderId, decision.reason, now));
        this.metrics.afterCommit(manager, () => this.metrics.lateEvents.inc({ event: 'StockReserved', state: order.state }));
        return {
          after: { ...order, stockStatus: 'RELEASE_REQUESTED', reservationId: reserved.reservationId },
          entry: { ...history, to: order.state, reason: 'LATE_RESERVATION_RELEASED', detail: { reservationId: reserved.reservationId, releaseReason: decision.reason } },
        };
      case 'accept': {
        if (order.pricedLines === null || order.customerId === null || order.erpCustomerId === null) {
          throw new Error(`order ${order.orderId} waits for stock without prices or customer ids`);
        }
        const fulfilled = fulfilLines(order.pricedLines, reserved);
        if ('issue' in fulfilled) throw invalidRecord([fulfilled.issue]);
        assertTransition(order.orderId, order.state, 'ACCEPTED');
        const accepted = {
          ...order,
          state: 'ACCEPTED' as const,
          stockStatus: 'RESERVED' as const,
          reservationId: reserved.reservationId,
          fulfilledLines: fulfilled.lines,
          totalAmount: orderTotal(fulfilled.lines),
          acceptedAt: now,
          charterVersion: this.charter.version,
        };
        await publish(
          eventDescriptor('OrderAccepted'),
          buildOrderAccepted(order, { customerId: order.customerId, erpCustomerId: order.erpCustomerId }, fulfilled.lines, now, this.charter.version),
        );
        const backordered = fulfilled.lines.reduce((total, line) => total + line.backorderedQuantity, 0);
        this.metrics.afterCommit(manager, () => {
          this.metrics.outcomes.inc({ outcome: 'accepted', reason: backordered > 0 ? 'BACKORDERED' : 'RESERVED' });
          this.metrics.timeToAccept.observe((now.getTime() - order.receivedAt.getTime()) / 1000);
        });
        return {
          after: accepted,
          entry: {
            ...history,
            to: 'ACCEPTED',
            reason: backordered > 0 ? 'ACCEPTED_WITH_BACKORDER' : 'STOCK_RESERVED',
            detail: { reservationId: reserved.reservationId, totalAmount: accepted.totalAmount.toFixed(), backorderedQuantity: backordered },
          },
        };
      }
    }
  }
}
