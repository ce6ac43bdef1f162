import type { CustomerSyncRequested } from '@concord/contracts';
import { currentTraceparent, HandlesEvent, type ConsumedEvent, type EventHandler, type EventHandlerContext } from '@concord/messaging';
import { AnswerCustomerSync } from '../erp/answer-customer-sync';

/** Concord asks a system to create a customer; the simulated ERP answers the ones addressed to it. */
@HandlesEvent('CustomerSyncRequested')
export class CustomerSyncRequestedHandler implements EventHandler<CustomerSyncRequested> {
  constructor(private readonly answerCustomerSync: AnswerCustomerSync) {}

  async handle(event: ConsumedEvent<CustomerSyncRequested>, { manager }: EventHandlerContext): Promise<void> {
    await this.answerCustomerSync.execute(manager, event.payload, event.traceparent ?? currentTraceparent());
  }
}
