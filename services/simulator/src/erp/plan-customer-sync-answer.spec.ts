import { Decimal } from 'decimal.js';
import { aCustomerSyncRequested } from '@concord/contracts';
import { planCustomerSyncAnswer, type CustomerSyncBehaviour } from './plan-customer-sync-answer';

const now = new Date('2026-11-26T10:00:00Z');
const behaviour: CustomerSyncBehaviour = {
  seed: 2,
  delayMs: { min: 200, max: 2000 },
  currency: 'USD',
  erpIdByRule: (system, id) => (system === 'ECOMMERCE' && /^\d{1,12}$/.test(id) ? `C${id}` : undefined),
};

function answer(overrides: Parameters<typeof aCustomerSyncRequested>[0]) {
  const plan = planCustomerSyncAnswer(aCustomerSyncRequested(overrides), behaviour, now);
  if ('ignored' in plan) throw new Error(plan.ignored);
  return plan;
}

describe('planCustomerSyncAnswer', () => {
  it('answers after a delay with the new ERP id, the request ids echoed, its details and the ERP default terms', () => {
    const request = aCustomerSyncRequested({ originSystem: 'ECOMMERCE', originExternalId: '98765432101', parentTargetId: 'C7' });
    const plan = planCustomerSyncAnswer(request, behaviour, now);
    if ('ignored' in plan) throw new Error(plan.ignored);
    expect(plan.event).toEqual({
      sourceSystem: 'ERP',
      externalId: 'C98765432101',
      customerId: request.customerId,
      syncRequestId: request.syncRequestId,
      name: request.name,
      contacts: request.contacts,
      billingAddress: request.billingAddress,
      taxId: request.taxId,
      creditLimitAmount: new Decimal('10000'),
      openReceivablesAmount: null,
      currency: 'USD',
      paymentTerms: 'NET30',
      parentExternalId: 'C7',
      accountStatus: 'ACTIVE',
      updatedAt: plan.dueAt,
    });
    const delay = plan.dueAt.getTime() - now.getTime();
    expect(delay).toBeGreaterThanOrEqual(200);
    expect(delay).toBeLessThanOrEqual(2000);
  });

  it('numbers a customer no mapping rule covers "CN" and 12 digits, the same for the same customer', () => {
    const customerId = '5b0f7c1e-9a3d-4c2e-8f61-2d7a9e4b1c30';
    const first = answer({ originSystem: 'CRM', originExternalId: 'CRM-ACC-1', customerId });
    const again = answer({ originSystem: 'CRM', originExternalId: 'CRM-ACC-1', customerId });
    expect(first.event.externalId).toMatch(/^CN\d{12}$/);
    expect(again.event.externalId).toBe(first.event.externalId);
  });

  it('ignores a request addressed to another system', () => {
    expect(planCustomerSyncAnswer(aCustomerSyncRequested({ targetSystem: 'CRM' }), behaviour, now)).toEqual({ ignored: 'addressed to CRM, not the ERP' });
  });
});
