import { Inject, Injectable } from '@nestjs/common';
import type { OrderPostedToErp, OrderReturned, OrderShipped } from '@concord/contracts';
import type { Charter } from '@concord/governance';
import type { TransactionContext } from '@concord/messaging';
import { CHARTER } from '@concord/service-runtime';
import { OrderHistoryRepository } from '../database/order-history.repository';
import { OrderMovementRepository, type OrderMovement } from '../database/order-movement.repository';
import { OrderRepository } from '../database/order.repository';
import type { OrderRecord } from '../domain/order';
import { assertTransition, decideErpPosting, decideReturn, decideShipment, type LifecycleDecision } from '../domain/order-state';
import { orderIssue } from '../domain/orders.errors';
import { OrdersMetrics } from '../metrics/orders.metrics';
import { invalidRecord } from '@concord/messaging';

/** Who reported the fact, for the history. */
export interface FactSource {
  readonly eventSource: string;
  readonly eventId: string;
}

/**
 * Closes the loop after acceptance: the ERP's posting (POSTED, with its order number), the WMS's
 * shipments (SHIPPED) and returns (RETURNED). A fact that arrives after the order moved on (a
 * posting after shipment, a shipment of a cancelled order) is recorded in the history without a
 * state change; one that contradicts the order (a shipment of an order never accepted, a second
 * ERP number) is dead-lettered for a person. A shipment or return re-sent under another event id
 * takes effect once.
 */
@Injectable()
export class RecordFulfilment {
  constructor(
    private readonly orders: OrderRepository,
    private readonly movements: OrderMovementRepository,
    private readonly history: OrderHistoryRepository,
    private readonly metrics: OrdersMetrics,
    @Inject(CHARTER) private readonly charter: Charter,
  ) {}

  async erpPosted(context: TransactionContext, posting: OrderPostedToErp, source: FactSource): Promise<void> {
    const order = await this.lockOrder(context, posting.orderId);
    const decision = decideErpPosting(order, posting.erpOrderNumber);
    const detail = { erpOrderNumber: posting.erpOrderNumber, postedAt: posting.postedAt };
    await this.apply(context, { ...order, erpOrderNumber: posting.erpOrderNumber }, order, decision, 'OrderPostedToErp', 'POSTED_TO_ERP', detail, source);
  }

  async shipped(context: TransactionContext, shipment: OrderShipped, source: FactSource): Promise<void> {
    const order = await this.lockOrder(context, shipment.orderId);
    const movement: OrderMovement = { kind: 'SHIPMENT', sourceSystem: shipment.sourceSystem, reference: shipment.shipmentId, orderId: order.orderId, locationId: shipment.locationId, lines: shipment.lines, occurredAt: shipment.shippedAt };
    const decision = decideShipment(order);
    if (decision.kind !== 'invalid' && !(await this.movements.record(context.manager, movement))) return; // the same shipment again
    const detail = { shipmentId: shipment.shipmentId, locationId: shipment.locationId, carrier: shipment.carrier, trackingNumber: shipment.trackingNumber, lines: shipment.lines };
    await this.apply(context, order, order, decision, 'OrderShipped', 'SHIPPED', detail, source);
  }

  async returned(context: TransactionContext, orderReturn: OrderReturned, source: FactSource): Promise<void> {
    const order = await this.lockOrder(context, orderReturn.orderId);
    const movement: OrderMovement = { kind: 'RETURN', sourceSystem: orderReturn.sourceSystem, reference: orderReturn.returnId, orderId: order.orderId, locationId: orderReturn.locationId, lines: orderReturn.lines, occurredAt: orderReturn.returnedAt };
    const decision = decideReturn(order);
    if (decision.kind !== 'invalid' && !(await this.movements.record(context.manager, movement))) return;
    const detail = { returnId: orderReturn.returnId, locationId: orderReturn.locationId, reason: orderReturn.reason, lines: orderReturn.lines };
    await this.apply(context, order, order, decision, 'OrderReturned', 'RETURNED', detail, source);
  }

  private async lockOrder(context: TransactionContext, orderId: string): Promise<OrderRecord> {
    const order = await this.orders.lock(context.manager, orderId);
    if (order === undefined) throw invalidRecord([orderIssue('ORDERS.UNKNOWN_ORDER', `no order ${orderId}`, { field: 'orderId' })]);
    return order;
  }

  /** Stores `changed` (the order with what the fact adds) in the decided state and records it. */
  private async apply(
    { manager }: TransactionContext,
    changed: OrderRecord,
    before: OrderRecord,
    decision: LifecycleDecision,
    trigger: string,
    reason: string,
    detail: Record<string, unknown>,
    { eventSource, eventId }: FactSource,
  ): Promise<void> {
    if (decision.kind === 'invalid') throw invalidRecord([decision.issue]);
    if (decision.kind === 'ignore') return;
    const to = decision.kind === 'advance' ? decision.to : before.state;
    if (decision.kind === 'advance') assertTransition(before.orderId, before.state, to);
    await this.orders.save(manager, { ...changed, state: to });
    await this.history.append(manager, {
      orderId: before.orderId,
      from: before.state,
      to,
      reason: decision.kind === 'advance' ? reason : decision.reason,
      trigger,
      detail,
      actor: eventSource,
      eventId,
      charterVersion: this.charter.version,
      at: new Date(),
    });
    if (decision.kind === 'record' && before.state === 'CANCELLED') {
      this.metrics.afterCommit(manager, () => this.metrics.lateEvents.inc({ event: trigger, state: before.state }));
    }
  }
}
