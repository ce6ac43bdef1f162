import { Injectable, Logger } from '@nestjs/common';
import type { CustomerChanged } from '@concord/contracts';
import type { TransactionContext } from '@concord/messaging';
import { CustomerReadModelRepository } from '../database/customer-read-model.repository';
import { OrderRepository } from '../database/order.repository';
import { answersCustomerWait, erpIdOf, type CustomerFacts } from '../domain/customer-resolution';
import { OrdersMetrics } from '../metrics/orders.metrics';
import { ValidateOrder } from '../validate-order/validate-order.service';

export interface ApplyCustomerChangedCommand {
  readonly customer: CustomerChanged;
  readonly eventSource: string;
  readonly eventId: string;
}

/**
 * Stores the golden customer record (newer version wins) and lets every order that waited for it
 * continue: when its cross-references hold an ERP id and the waiting order's own customer id (or
 * the ERP id the charter's rule expects), each such order is judged again (ValidateOrder) — usually
 * on to the stock reservation.
 */
@Injectable()
export class ApplyCustomerChanged {
  private readonly logger = new Logger(ApplyCustomerChanged.name);

  constructor(
    private readonly customers: CustomerReadModelRepository,
    private readonly orders: OrderRepository,
    private readonly validateOrder: ValidateOrder,
    private readonly metrics: OrdersMetrics,
  ) {}

  async execute(context: TransactionContext, { customer, eventSource, eventId }: ApplyCustomerChangedCommand): Promise<void> {
    const { manager } = context;
    // Exclusive: an order deciding to wait for one of these keys either committed before (found
    // below) or waits until this commits (and then finds the customer).
    await this.customers.lockKeys(manager, customer.crossReferences, 'exclusive');
    const applied = await this.customers.apply(manager, customer);
    this.metrics.afterCommit(manager, () => this.metrics.readModelUpdates.inc({ model: 'customer', outcome: applied ? 'applied' : 'not_newer' }));
    if (!applied) {
      this.logger.debug(`CustomerChanged ${customer.customerId} v${customer.version} is not newer than the stored version`);
      return;
    }
    const facts: CustomerFacts = { ...customer, crossReferences: customer.crossReferences };
    if (erpIdOf(facts) === undefined) return; // the ERP does not know the customer yet: nobody can continue

    const waiting = await this.orders.lockAwaitingCustomer(manager, customer.crossReferences);
    const trigger = { trigger: 'CustomerChanged', actor: eventSource, eventId, detail: { customerId: customer.customerId } };
    await this.validateOrder.executeMany(
      manager,
      waiting.filter((candidate) => answersCustomerWait(facts, candidate)).map((order) => ({ subject: { before: order }, trigger, context })),
    );
  }
}
