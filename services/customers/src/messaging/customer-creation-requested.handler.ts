import type { CustomerCreationRequested } from '@concord/contracts';
import { HandlesEvent, type ConsumedEvent, type EventHandler, type EventHandlerContext, assertValidRecord } from '@concord/messaging';
import { CreateCustomerForOrder } from '../create-customer-for-order/create-customer-for-order.service';
import { validateCustomerCreationRequest } from '../domain/new-customer';

@HandlesEvent('CustomerCreationRequested')
export class CustomerCreationRequestedHandler implements EventHandler<CustomerCreationRequested> {
  constructor(private readonly createCustomerForOrder: CreateCustomerForOrder) {}

  validate({ payload }: ConsumedEvent<CustomerCreationRequested>): void {
    assertValidRecord(validateCustomerCreationRequest(payload));
  }

  handle({ payload, source, id }: ConsumedEvent<CustomerCreationRequested>, context: EventHandlerContext): Promise<void> {
    return this.createCustomerForOrder.execute(context, payload, { source, id });
  }
}
