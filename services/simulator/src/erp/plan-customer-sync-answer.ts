import { createHash } from 'node:crypto';
import type { CustomerSyncRequested, CustomerUpserted, SourceSystem } from '@concord/contracts';
import { stableShare } from '../random-source';
import { ERP_DEFAULT_CREDIT_LIMIT, ERP_DEFAULT_PAYMENT_TERMS } from '../reference-data/product-range';
import type { ScheduledEvent } from './plan-order-fulfilment';

export interface CustomerSyncBehaviour {
  seed: number;
  /** The ERP answers this long after the request (milliseconds, inclusive range). */
  delayMs: { min: number; max: number };
  /** Currency of the credit limit the ERP grants. */
  currency: string;
  /**
   * The ERP id the charter's customer id mapping gives a customer of `system` ("123" from the
   * storefront is "C123"), or undefined when no rule covers the id.
   */
  erpIdByRule: (system: SourceSystem, externalId: string) => string | undefined;
}

export type CustomerSyncAnswerPlan = ScheduledEvent<CustomerUpserted> | { ignored: string };

/**
 * How the simulated ERP answers a CustomerSyncRequested addressed to it: after a delay it has
 * created the customer and its connector sends CustomerUpserted — its new ERP id as `externalId`,
 * the request's customerId and syncRequestId echoed, the name, contacts, billing address and tax id
 * from the request, and the ERP's default credit limit and payment terms.
 *
 * The ERP numbers a customer as the charter's customer id mapping says (storefront customer "123"
 * becomes "C123", so later orders map by rule); a customer whose origin id no rule covers gets
 * "CN" and 12 digits derived from its customer id. Either way the same request gets the same id.
 */
export function planCustomerSyncAnswer(request: CustomerSyncRequested, behaviour: CustomerSyncBehaviour, now: Date): CustomerSyncAnswerPlan {
  if (request.targetSystem !== 'ERP') return { ignored: `addressed to ${request.targetSystem}, not the ERP` };
  const share = stableShare(behaviour.seed, `${request.syncRequestId}|customer-sync-delay`);
  const dueAt = new Date(now.getTime() + behaviour.delayMs.min + Math.floor(share * (behaviour.delayMs.max - behaviour.delayMs.min + 1)));
  return {
    dueAt,
    event: {
      sourceSystem: 'ERP',
      externalId: erpCustomerIdFor(request, behaviour),
      customerId: request.customerId,
      syncRequestId: request.syncRequestId,
      name: request.name,
      contacts: request.contacts,
      billingAddress: request.billingAddress,
      taxId: request.taxId,
      creditLimitAmount: ERP_DEFAULT_CREDIT_LIMIT,
      openReceivablesAmount: null,
      currency: behaviour.currency,
      paymentTerms: ERP_DEFAULT_PAYMENT_TERMS,
      parentExternalId: request.parentTargetId,
      accountStatus: 'ACTIVE',
      updatedAt: dueAt,
    },
  };
}

function erpCustomerIdFor(request: CustomerSyncRequested, behaviour: CustomerSyncBehaviour): string {
  const byRule = behaviour.erpIdByRule(request.originSystem, request.originExternalId);
  if (byRule !== undefined) return byRule;
  const digits = createHash('sha256').update(request.customerId).digest().readUIntBE(0, 6) % 10 ** 12;
  return `CN${String(digits).padStart(12, '0')}`;
}
