import { Inject, Injectable } from '@nestjs/common';
import type { Charter } from '@concord/governance';
import { eventDescriptor, UnitOfWork } from '@concord/messaging';
import { CHARTER } from '@concord/service-runtime';
import { ORDERS_CONFIG, type OrdersConfig } from '../config/orders.config';
import { OrderHistoryRepository } from '../database/order-history.repository';
import { OrderRepository } from '../database/order.repository';
import { buildOrderHeld } from '../domain/order-events';
import { customerCreationTimedOut } from '../domain/order-holds';
import { assertTransition } from '../domain/order-state';
import { OrdersMetrics } from '../metrics/orders.metrics';

/**
 * Holds the orders whose new customer the ERP did not create within ORDERS_CUSTOMER_WAIT: HELD
 * (AWAITING_CUSTOMER_CREATION) with the charter's owner team and deadline, OrderHeld published.
 * Safe with several instances: each batch locks its orders with SKIP LOCKED, so instances share the
 * work and never wait for an order a CustomerChanged is continuing.
 */
@Injectable()
export class ExpireCustomerWaits {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly orders: OrderRepository,
    private readonly history: OrderHistoryRepository,
    private readonly metrics: OrdersMetrics,
    @Inject(CHARTER) private readonly charter: Charter,
    @Inject(ORDERS_CONFIG) private readonly config: OrdersConfig,
  ) {}

  /** Sweeps until nothing is due at the time it started (or `shouldStop`); resolves with the orders held. */
  async sweep(shouldStop: () => boolean = () => false): Promise<number> {
    const batchSize = this.config.ORDERS_CUSTOMER_WAIT_SWEEP_BATCH_SIZE;
    const startedAt = new Date();
    let held = 0;
    for (;;) {
      const count = await this.unitOfWork.run(async ({ manager, publish }) => {
        const now = new Date();
        const due = await this.orders.lockDueCustomerWaits(manager, startedAt, batchSize);
        for (const order of due) {
          const waitedSince = order.hold?.heldAt ?? order.receivedAt;
          const hold = customerCreationTimedOut(order.externalCustomerId, waitedSince, this.charter, now);
          assertTransition(order.orderId, order.state, 'HELD');
          const after = { ...order, state: 'HELD' as const, hold, customerWaitDeadline: null, charterVersion: this.charter.version };
          await this.orders.save(manager, after);
          await publish(eventDescriptor('OrderHeld'), buildOrderHeld(after, hold, this.charter.version));
          await this.history.append(manager, {
            orderId: order.orderId,
            from: order.state,
            to: 'HELD',
            reason: hold.reason,
            trigger: 'customer wait sweep',
            detail: { issues: hold.issues, ownerTeam: hold.ownerTeam, reviewDeadline: hold.reviewDeadline, waitDeadline: order.customerWaitDeadline },
            actor: 'orders',
            eventId: null,
            charterVersion: this.charter.version,
            at: now,
          });
        }
        this.metrics.afterCommit(manager, () => {
          if (due.length > 0) this.metrics.outcomes.inc({ outcome: 'held', reason: 'AWAITING_CUSTOMER_CREATION' }, due.length);
        });
        return due.length;
      });
      held += count;
      if (count < batchSize || shouldStop()) return held;
    }
  }
}
