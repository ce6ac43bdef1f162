import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Charter } from '@concord/governance';
import { eventDescriptor, type TransactionContext } from '@concord/messaging';
import { CHARTER } from '@concord/service-runtime';
import { ORDERS_CONFIG, type OrdersConfig } from '../config/orders.config';
import { CustomerReadModelRepository } from '../database/customer-read-model.repository';
import { OrderHistoryRepository, type OrderHistoryEntry } from '../database/order-history.repository';
import { OrderRepository } from '../database/order.repository';
import { PriceReadModelRepository } from '../database/price-read-model.repository';
import { ProductReadModelRepository } from '../database/product-read-model.repository';
import { customerKeysOf, resolveCustomer, type CustomerFacts, type CustomerKey, type CustomerResolution } from '../domain/customer-resolution';
import { evaluateOrder, type OrderEvaluation } from '../domain/evaluate-order';
import { newOrderRecord, type OrderRecord, type PlacedOrder } from '../domain/order';
import type { PricePoint } from '../domain/price-resolution';
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

/** One order of a chunk to judge, with the context of the event that made it be judged (its trace). */
export interface Validation {
  readonly subject: ValidationSubject;
  readonly trigger: ValidationTrigger;
  readonly context: TransactionContext;
}

/**
 * Judges an order against the charter and the read models as they are now (evaluateOrder) and
 * moves it on, all in the caller's transaction: REJECTED (OrderRejected), HELD (OrderHeld),
 * AWAITING_CUSTOMER (CustomerCreationRequested and an OrderHeld without owner or deadline) or
 * AWAITING_STOCK (StockReservationRequested at the governed prices). Used when an order is placed,
 * when the customer it waits for arrives, and when a reviewer releases it.
 *
 * A chunk of orders is judged with a fixed number of queries: the read models are read once for
 * all of them, and new orders and their history are written in multi-row statements.
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
    const [after] = await this.executeMany(context.manager, [{ subject, trigger, context }]);
    return after;
  }

  /** Judges the orders in one transaction (`manager`); resolves with each one's record after. */
  async executeMany(manager: EntityManager, validations: readonly Validation[]): Promise<OrderRecord[]> {
    if (validations.length === 0) return [];
    const now = new Date();
    const evaluations = await this.judge(
      manager,
      validations.map(({ subject, trigger }) => ({ order: subject.before ?? subject.placed, reviewerRelease: trigger.reviewerRelease === true })),
      now,
    );
    const decided = validations.map(({ subject, trigger }, index) => {
      const evaluation = evaluations[index];
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
      const entry: OrderHistoryEntry = {
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
      };
      return { after, entry, isNew: subject.before === null };
    });

    await this.orders.insert(manager, ...decided.filter(({ isNew }) => isNew).map(({ after }) => after));
    await this.orders.save(manager, ...decided.filter(({ isNew }) => !isNew).map(({ after }) => after));
    await this.history.append(manager, ...decided.map(({ entry }) => entry));

    for (const [index, { after }] of decided.entries()) {
      const { publish } = validations[index].context;
      const evaluation = evaluations[index];
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
      this.count(manager, evaluation, validations[index].trigger.reviewerRelease === true);
    }
    return decided.map(({ after }) => after);
  }

  /** Evaluates each order; the read models are read once for all of them. */
  private async judge(manager: EntityManager, subjects: ReadonlyArray<{ order: PlacedOrder; reviewerRelease: boolean }>, now: Date): Promise<OrderEvaluation[]> {
    const orders = subjects.map(({ order }) => order);
    const products = await this.products.findForSkus(manager, orders.flatMap(skusOf));
    const customers = await this.resolveCustomers(manager, orders);
    const prices = await this.pricesFor(
      manager,
      orders.filter((_, index) => customers[index].kind === 'known'),
    );
    return subjects.map(({ order, reviewerRelease }, index) =>
      evaluateOrder({
        order,
        products,
        customer: customers[index],
        pricesOf: (sku) => prices.get(priceKey(order.currency, sku)) ?? [],
        charter: this.charter,
        now,
        customerWaitMs: this.config.ORDERS_CUSTOMER_WAIT,
        reviewerRelease,
      }),
    );
  }

  /** Every price point of the orders' SKUs in their currencies, by priceKey(currency, sku): one query per currency. */
  private async pricesFor(manager: EntityManager, orders: readonly PlacedOrder[]): Promise<Map<string, PricePoint[]>> {
    const skusByCurrency = new Map<string, string[]>();
    for (const order of orders) pushTo(skusByCurrency, order.currency, ...skusOf(order));
    const prices = new Map<string, PricePoint[]>();
    for (const [currency, skus] of skusByCurrency) {
      if (skus.length === 0) continue;
      for (const price of await this.prices.findForSkus(manager, skus, currency)) pushTo(prices, priceKey(currency, price.sku), price);
    }
    return prices;
  }

  /**
   * Each order's customer, from one read of the customer read model. An order about to wait for a
   * new customer must see a CustomerChanged committed meanwhile, and one still in flight must see
   * the order: their keys are locked (shared; CustomerChanged locks them exclusively, see the
   * repository) and read again.
   */
  private async resolveCustomers(manager: EntityManager, orders: readonly PlacedOrder[]): Promise<CustomerResolution[]> {
    const references = orders.map((order) =>
      order.externalCustomerId.trim() === '' ? null : { sourceSystem: order.sourceSystem, externalCustomerId: order.externalCustomerId },
    );
    const keysOf = references.map((reference) => {
      if (reference === null) return [];
      const { source, erp } = customerKeysOf(reference, this.charter);
      return erp === null ? [source] : [source, erp];
    });
    const resolveAll = (candidates: readonly CustomerFacts[]) => {
      const holding = candidatesByKey(candidates);
      return references.map((reference, index): CustomerResolution =>
        reference === null ? { kind: 'unknown', expectedErpCustomerId: null } : resolveCustomer(reference, candidatesHolding(holding, keysOf[index]), this.charter),
      );
    };
    const resolutions = resolveAll(await this.customers.findByKeys(manager, keysOf.flat()));
    const waiting = orders.flatMap((order, index) => (resolutions[index].kind !== 'known' && order.newCustomer !== null && references[index] !== null ? keysOf[index] : []));
    if (waiting.length === 0) return resolutions;
    await this.customers.lockKeys(manager, waiting, 'shared');
    return resolveAll(await this.customers.findByKeys(manager, keysOf.flat()));
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

/** The order's SKUs worth looking up (a blank one is reported by evaluateOrder). */
function skusOf(order: PlacedOrder): string[] {
  return order.lines.map((line) => line.sku).filter((sku) => sku.trim() !== '');
}

function priceKey(currency: string, sku: string): string {
  return `${currency}\u0000${sku}`;
}

function customerKeyText(key: CustomerKey): string {
  return `${key.sourceSystem}\u0000${key.externalId}`;
}

/** The golden records by each cross-reference they hold. */
function candidatesByKey(candidates: readonly CustomerFacts[]): Map<string, CustomerFacts[]> {
  const holding = new Map<string, CustomerFacts[]>();
  for (const customer of candidates) {
    for (const reference of customer.crossReferences) pushTo(holding, customerKeyText(reference), customer);
  }
  return holding;
}

/** The records holding any of `keys`, each once. */
function candidatesHolding(holding: ReadonlyMap<string, readonly CustomerFacts[]>, keys: readonly CustomerKey[]): CustomerFacts[] {
  return [...new Set(keys.flatMap((key) => holding.get(customerKeyText(key)) ?? []))];
}

function pushTo<K, V>(groups: Map<K, V[]>, key: K, ...values: V[]): void {
  const group = groups.get(key);
  if (group === undefined) groups.set(key, values);
  else group.push(...values);
}
