import type { CustomerUpserted } from '@concord/contracts';
import { HandlesEvent, type ConsumedEvent, type EventHandler, type EventHandlerContext, assertValidRecord } from '@concord/messaging';
import { ApplyCustomerUpsert } from '../apply-customer-upsert/apply-customer-upsert.service';
import { validateCustomerUpserted } from '../domain/customer-upsert';

@HandlesEvent('CustomerUpserted')
export class CustomerUpsertedHandler implements EventHandler<CustomerUpserted> {
  constructor(private readonly applyCustomerUpsert: ApplyCustomerUpsert) {}

  validate({ payload }: ConsumedEvent<CustomerUpserted>): void {
    assertValidRecord(validateCustomerUpserted(payload));
  }

  handle({ payload, source, id }: ConsumedEvent<CustomerUpserted>, context: EventHandlerContext): Promise<void> {
    return this.applyCustomerUpsert.execute(context, payload, { source, id });
  }
}
