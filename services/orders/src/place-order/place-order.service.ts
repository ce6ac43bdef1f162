import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OrderPlaced } from '@concord/contracts';
import type { Charter } from '@concord/governance';
import type { TransactionContext } from '@concord/messaging';
import type { EntityManager } from 'typeorm';
import { CHARTER } from '@concord/service-runtime';
import { OrderHistoryRepository, type OrderHistoryEntry } from '../database/order-history.repository';
import { OrderRepository, intakeKey, type OrderIntake } from '../database/order.repository';
import { newOrderRecord, placedOrderFrom, type PlacedOrder } from '../domain/order';
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
 * Takes in orders from the storefront or the CRM under new order ids and judges them
 * (ValidateOrder). The same external order placed again — redelivered under another event id, or
 * re-sent by the source, even within one chunk — never becomes a second order: it is counted and
 * ignored. An order whose cancellation arrived first ends CANCELLED at once, without asking
 * inventory for anything.
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

  execute(context: TransactionContext, command: PlaceOrderCommand): Promise<void> {
    return this.executeChunk(context.manager, [{ command, context }]);
  }

  /** A consumer chunk of OrderPlaced in one transaction (`manager`), each with the context of its event. */
  async executeChunk(manager: EntityManager, placements: ReadonlyArray<{ command: PlaceOrderCommand; context: TransactionContext }>): Promise<void> {
    const receivedAt = new Date();
    const intakes = await this.orders.claimIntakes(manager, placements.map(({ command }) => command.order));
    const duplicates: OrderIntake[] = [];
    const fresh: Array<{ intake: OrderIntake; placed: PlacedOrder; command: PlaceOrderCommand; context: TransactionContext }> = [];
    for (const { command, context } of placements) {
      const { order, eventId } = command;
      const intake = intakes.get(intakeKey(order))!;
      if (intake.orderId !== null) {
        duplicates.push(intake);
        this.metrics.afterCommit(manager, () => this.metrics.duplicates.inc({ source_system: order.sourceSystem }));
        this.logger.warn(`${order.sourceSystem} order ${order.externalOrderId} was placed again (event ${eventId}); it is order ${intake.orderId} already`);
        continue;
      }
      const placed = placedOrderFrom(randomUUID(), order);
      intakes.set(intakeKey(order), { ...intake, orderId: placed.orderId }); // placed again later in this chunk: a duplicate
      fresh.push({ intake, placed, command, context });
    }
    await this.orders.countDuplicates(manager, duplicates);
    await this.orders.attachOrders(manager, fresh.map(({ intake, placed }) => ({ intake, orderId: placed.orderId })));

    await this.validateOrder.executeMany(
      manager,
      fresh
        .filter(({ intake }) => intake.earlyCancellation === null)
        .map(({ placed, command, context }) => ({
          subject: { before: null, placed, receivedAt },
          trigger: { trigger: 'OrderPlaced', actor: command.eventSource, eventId: command.eventId },
          context,
        })),
    );

    const cancelledFirst = fresh.flatMap(({ intake, placed, command }) => {
      const cancellation = intake.earlyCancellation;
      if (cancellation === null) return [];
      const cancelled = { ...newOrderRecord(placed, 'CANCELLED', receivedAt, this.charter.version), cancelledAt: new Date(cancellation.cancelledAt), cancelReason: cancellation.reason };
      const entry: OrderHistoryEntry = {
        orderId: placed.orderId,
        from: null,
        to: 'CANCELLED',
        reason: 'CANCELLED_BEFORE_PLACEMENT',
        trigger: 'OrderPlaced',
        detail: { cancellation },
        actor: command.eventSource,
        eventId: command.eventId,
        charterVersion: this.charter.version,
        at: receivedAt,
      };
      return [{ cancelled, entry }];
    });
    await this.orders.insert(manager, ...cancelledFirst.map(({ cancelled }) => cancelled));
    await this.history.append(manager, ...cancelledFirst.map(({ entry }) => entry));
    if (cancelledFirst.length > 0) {
      this.metrics.afterCommit(manager, () => this.metrics.outcomes.inc({ outcome: 'cancelled', reason: 'CANCELLED_BEFORE_PLACEMENT' }, cancelledFirst.length));
    }
  }
}
