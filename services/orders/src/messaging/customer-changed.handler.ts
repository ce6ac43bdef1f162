import type { CustomerChanged } from '@concord/contracts';
import { HandlesEvent, type ConsumedEvent, type EventHandler, type EventHandlerContext, assertValidRecord } from '@concord/messaging';
import { ApplyCustomerChanged } from '../apply-customer-changed/apply-customer-changed.service';
import { validateCustomerChanged } from '../domain/incoming-records';

@HandlesEvent('CustomerChanged')
export class CustomerChangedHandler implements EventHandler<CustomerChanged> {
  constructor(private readonly applyCustomerChanged: ApplyCustomerChanged) {}

  validate({ payload }: ConsumedEvent<CustomerChanged>): void {
    assertValidRecord(validateCustomerChanged(payload));
  }

  handle({ payload, source, id }: ConsumedEvent<CustomerChanged>, context: EventHandlerContext): Promise<void> {
    return this.applyCustomerChanged.execute(context, { customer: payload, eventSource: source, eventId: id });
  }
}
