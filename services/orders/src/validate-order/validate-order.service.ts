import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Charter } from '@concord/governance';
import { eventDescriptor, type TransactionContext } from '@concord/messaging';
import { CHARTER } from '@concord/service-runtime';
import { ORDERS_CONFIG, type OrdersConfig } from '../config/orders.config';
import { CustomerReadModelRepository } from '../database/customer-read-model.repository';
import { OrderHistoryRepository } from '../database/order-history.repository';
import { OrderRepository } from '../database/order.repository';
import { PriceReadModelRepository } from '../database/price-read-model.repository';
import { ProductReadModelRepository } from '../database/product-read-model.repository';
import { customerKeysOf, resolveCustomer, type CustomerResolution } from '../domain/customer-resolution';
import { evaluateOrder, type OrderEvaluation } from '../domain/evaluate-order';
import { newOrderRecord, type OrderRecord, type PlacedOrder } from '../domain/order';
import { buildCustomerCreationRequested, buildOrderHeld, buildOrderRejected, buildStockReservationRequested } from '../domain/order-events';
import { assertTransition } from '../domain/order-state';
import { OrdersMetrics } from '../metrics/orders.metrics';

/** What made an order be judged (again), for its history. */
export interface ValidationTrigger {
  /** The consumed event's name, `manual release`, … */
  readonly trigger: string;
  /** The event's ce_source, or the reviewer. */
  readonly actor: string;
  readonly eventId: string | null;
  readonly detail?: Readonly<Record<string, unknown>>;
  /** A reviewer released the order: a price mismatch is accepted at the governed price. */
  readonly reviewerRelease?: boolean;
}

/** The order to judge: a new one (inserted) or a stored one, locked by the caller. */
export type ValidationSubject = { readonly before: null; readonly placed: PlacedOrder; readonly receivedAt: Date } | { readonly before: OrderRecord };

/**
 * Judges an order against the charter and the read models as they are now (evaluateOrder) and
 * moves it on, all in the caller's transaction: REJECTED (OrderRejected), HELD (OrderHeld),
 * AWAITING_CUSTOMER (CustomerCreationRequested and an OrderHeld without owner or deadline) or
 * AWAITING_STOCK (StockReservationRequested at the governed prices). Used when an order is placed,
 * when the customer it waits for arrives, and when a reviewer releases it.
 */
@Injectable()
export class ValidateOrder {
  constructor(
    private readonly orders: OrderRepository,
    private readonly history: OrderHistoryRepository,
    private readonly products: ProductReadModelRepository,
    private readonly customers: CustomerReadModelRepository,
    private readonly prices: PriceReadModelRepository,
    private readonly metrics: OrdersMetrics,
    @Inject(CHARTER) private readonly charter: Charter,
    @Inject(ORDERS_CONFIG) private readonly config: OrdersConfig,
  ) {}

  async execute(context: TransactionContext, subject: ValidationSubject, trigger: ValidationTrigger): Promise<OrderRecord> {
    const { manager, publish } = context;
    const now = new Date();
    const placed = subject.before === null ? subject.placed : subject.before;
    const evaluation = await this.judge(manager, placed, now, trigger.reviewerRelease === true);
    const from = subject.before?.state ?? null;
    // What an earlier judgement decided is dropped; a new order's state is set by next().
    const base: OrderRecord = {
      ...(subject.before === null ? newOrderRecord(subject.placed, 'AWAITING_STOCK', subject.receivedAt, this.charter.version) : subject.before),
      hold: null,
      rejectionIssues: null,
      customerId: null,
      erpCustomerId: null,
      customerWaitDeadline: null,
      expectedErpCustomerId: null,
      pricedLines: null,
      fulfilledLines: null,
      charterVersion: this.charter.version,
    };

    const { after, reason, detail } = this.next(base, evaluation);
    assertTransition(after.orderId, from, after.state);
    if (subject.before === null) await this.orders.insert(manager, after);
    else await this.orders.save(manager, after);
    await this.history.append(manager, {
      orderId: after.orderId,
      from,
      to: after.state,
      reason,
      trigger: trigger.trigger,
      detail: { ...detail, ...trigger.detail },
      actor: trigger.actor,
      eventId: trigger.eventId,
      charterVersion: this.charter.version,
      at: now,
    });

    switch (evaluation.kind) {
      case 'reject':
        await publish(eventDescriptor('OrderRejected'), buildOrderRejected(after, evaluation.issues, now, this.charter.version));
        break;
      case 'hold':
        await publish(eventDescriptor('OrderHeld'), buildOrderHeld(after, evaluation.hold, this.charter.version));
        break;
      case 'await-customer':
        await publish(eventDescriptor('CustomerCreationRequested'), buildCustomerCreationRequested(after, now));
        await publish(eventDescriptor('OrderHeld'), buildOrderHeld(after, evaluation.hold, this.charter.version));
        break;
      case 'reserve':
        await publish(eventDescriptor('StockReservationRequested'), buildStockReservationRequested(after, this.charter, now));
        break;
    }
    this.count(manager, evaluation, trigger.reviewerRelease === true);
    return after;
  }

  private async judge(manager: EntityManager, order: PlacedOrder, now: Date, reviewerRelease: boolean): Promise<OrderEvaluation> {
    const skus = order.lines.map((line) => line.sku).filter((sku) => sku.trim() !== '');
    const products = await this.products.findForSkus(manager, skus);
    const customer = await this.resolveCustomer(manager, order);
    const prices = customer.kind === 'known' && skus.length > 0 ? await this.prices.findForSkus(manager, skus, order.currency) : [];
    return evaluateOrder({
      order,
      products,
      customer,
      pricesOf: (sku) => prices.filter((price) => price.sku === sku),
      charter: this.charter,
      now,
      customerWaitMs: this.config.ORDERS_CUSTOMER_WAIT,
      reviewerRelease,
    });
  }

  private async resolveCustomer(manager: EntityManager, order: PlacedOrder): Promise<CustomerResolution> {
    if (order.externalCustomerId.trim() === '') return { kind: 'unknown', expectedErpCustomerId: null };
    const reference = { sourceSystem: order.sourceSystem, externalCustomerId: order.externalCustomerId };
    const { source, erp } = customerKeysOf(reference, this.charter);
    const keys = erp === null ? [source] : [source, erp];
    const resolution = resolveCustomer(reference, await this.customers.findByKeys(manager, keys), this.charter);
    if (resolution.kind === 'known' || order.newCustomer === null) return resolution;
    // About to wait for the customer: a CustomerChanged committed meanwhile must be seen, and one
    // still in flight must see this order (it locks the same keys exclusively; see the repository).
    await this.customers.lockKeys(manager, keys, 'shared');
    return resolveCustomer(reference, await this.customers.findByKeys(manager, keys), this.charter);
  }

  private next(base: OrderRecord, evaluation: OrderEvaluation): { after: OrderRecord; reason: string; detail: Record<string, unknown> } {
    switch (evaluation.kind) {
      case 'reject':
        return { after: { ...base, state: 'REJECTED', rejectionIssues: evaluation.issues }, reason: evaluation.issues[0].code, detail: { issues: evaluation.issues } };
      case 'hold': {
        const { hold } = evaluation;
        return { after: { ...base, state: 'HELD', hold }, reason: hold.reason, detail: { issues: hold.issues, ownerTeam: hold.ownerTeam, reviewDeadline: hold.reviewDeadline } };
      }
      case 'await-customer':
        return {
          after: { ...base, state: 'AWAITING_CUSTOMER', hold: evaluation.hold, customerWaitDeadline: evaluation.deadline, expectedErpCustomerId: evaluation.expectedErpCustomerId },
          reason: 'AWAITING_CUSTOMER_CREATION',
          detail: { waitDeadline: evaluation.deadline, expectedErpCustomerId: evaluation.expectedErpCustomerId },
        };
      case 'reserve':
        return {
          after: { ...base, state: 'AWAITING_STOCK', stockStatus: 'REQUESTED', customerId: evaluation.customerId, erpCustomerId: evaluation.erpCustomerId, pricedLines: evaluation.lines },
          reason: 'STOCK_RESERVATION_REQUESTED',
          detail: {
            erpCustomerId: evaluation.erpCustomerId,
            priceConflicts: evaluation.conflicts.map(({ lineNumber, shownUnitPrice, governedUnitPrice }) => ({
              lineNumber,
              shownUnitPrice: shownUnitPrice.toFixed(),
              governedUnitPrice: governedUnitPrice.toFixed(),
            })),
          },
        };
    }
  }

  private count(manager: EntityManager, evaluation: OrderEvaluation, reviewerRelease: boolean): void {
    this.metrics.afterCommit(manager, () => {
      const { outcomes, priceConflicts } = this.metrics;
      switch (evaluation.kind) {
        case 'reject':
          outcomes.inc({ outcome: 'rejected', reason: evaluation.issues[0].code });
          break;
        case 'hold':
          outcomes.inc({ outcome: 'held', reason: evaluation.hold.reason });
          if (evaluation.conflicts.length > 0) priceConflicts.inc({ handling: 'held' }, evaluation.conflicts.length);
          break;
        case 'await-customer':
          outcomes.inc({ outcome: 'awaiting_customer', reason: 'AWAITING_CUSTOMER_CREATION' });
          break;
        case 'reserve':
          outcomes.inc({ outcome: 'stock_requested', reason: 'VALID' });
          if (evaluation.conflicts.length > 0) {
            const handling = reviewerRelease && this.charter.orderPolicies.priceMismatch === 'HOLD' ? 'released_by_reviewer' : 'accepted_at_governed_price';
            priceConflicts.inc({ handling }, evaluation.conflicts.length);
          }
          break;
      }
    });
  }
}
