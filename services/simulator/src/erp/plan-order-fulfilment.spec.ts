import { anAcceptedOrderLine, anOrderAccepted } from '@concord/contracts';
import { erpOrderNumberOf, planOrderFulfilment, type OrderFulfilmentBehaviour } from './plan-order-fulfilment';

const now = new Date('2026-11-26T10:00:00Z');
const behaviour: OrderFulfilmentBehaviour = { seed: 4, postingDelayMs: { min: 500, max: 5000 }, unansweredShare: 0, shipShare: 1, shipDelayMs: { min: 1000, max: 2000 } };
const knowsSku = (sku: string) => sku.startsWith('SKU-');

function order() {
  return anOrderAccepted({
    lines: [
      anAcceptedOrderLine({ lineNumber: 1, sku: 'SKU-1', quantity: 6, allocations: [{ locationId: 'DC-EAST', quantity: 4 }, { locationId: 'DC-WEST', quantity: 2 }] }),
      anAcceptedOrderLine({ lineNumber: 2, sku: 'SKU-2', quantity: 3, backorderedQuantity: 3, allocations: [] }),
      anAcceptedOrderLine({ lineNumber: 3, sku: 'SKU-3', quantity: 1, allocations: [{ locationId: 'DC-EAST', quantity: 1 }] }),
    ],
  });
}

function planned(o = order(), b = behaviour) {
  const plan = planOrderFulfilment(o, knowsSku, b, now);
  if ('ignored' in plan) throw new Error(plan.ignored);
  return plan;
}

describe('planOrderFulfilment', () => {
  it('has the ERP post the order after a delay in the configured range, with its order number', () => {
    const o = order();
    const { posting } = planned(o);
    expect(posting?.event).toEqual({ sourceSystem: 'ERP', orderId: o.orderId, erpOrderNumber: erpOrderNumberOf(o.orderId), postedAt: posting?.dueAt });
    const delay = posting!.dueAt.getTime() - now.getTime();
    expect(delay).toBeGreaterThanOrEqual(500);
    expect(delay).toBeLessThanOrEqual(5000);
  });

  it('has the WMS ship the allocations later, one shipment per location, back-ordered units not shipped', () => {
    const o = order();
    const { posting, shipments } = planned(o);
    expect(shipments.map((s) => [s.event.locationId, s.event.lines])).toEqual([
      ['DC-EAST', [{ lineNumber: 1, sku: 'SKU-1', quantity: 4 }, { lineNumber: 3, sku: 'SKU-3', quantity: 1 }]],
      ['DC-WEST', [{ lineNumber: 1, sku: 'SKU-1', quantity: 2 }]],
    ]);
    for (const { dueAt, event } of shipments) {
      expect(event).toMatchObject({ sourceSystem: 'WMS', orderId: o.orderId, shippedAt: dueAt, shipmentId: expect.stringMatching(/^SHP-\d{12}$/) });
      const afterPosting = dueAt.getTime() - posting!.dueAt.getTime();
      expect(afterPosting).toBeGreaterThanOrEqual(1000);
      expect(afterPosting).toBeLessThanOrEqual(2000);
    }
    expect(new Set(shipments.map((s) => s.event.shipmentId)).size).toBe(2);
  });

  it('gives the same order the same answer, number and shipments when it comes again', () => {
    const o = order();
    expect(planned(o)).toEqual(planned(o));
    expect(planned(o).posting?.event.erpOrderNumber).not.toBe(planned(order()).posting?.event.erpOrderNumber);
  });

  it('ignores an order with a SKU outside the range', () => {
    const o = anOrderAccepted({ lines: [anAcceptedOrderLine({ sku: 'OTHER-9' })] });
    expect(planOrderFulfilment(o, knowsSku, behaviour, now)).toEqual({ ignored: "SKU OTHER-9 is not in the simulated ERP's range" });
  });

  describe('over many orders', () => {
    const plans = Array.from({ length: 20_000 }, () => planned(order(), { ...behaviour, unansweredShare: 0.05, shipShare: 0.8 }));

    it('never answers about the configured share', () => {
      const unanswered = plans.filter((p) => p.posting === null);
      expect(unanswered.length / plans.length).toBeGreaterThan(0.04);
      expect(unanswered.length / plans.length).toBeLessThan(0.06);
      for (const plan of unanswered) expect(plan.shipments).toEqual([]);
    });

    it('ships about the configured share of the posted orders, and no unposted one', () => {
      const posted = plans.filter((p) => p.posting !== null);
      const shipped = posted.filter((p) => p.shipments.length > 0);
      expect(shipped.length / posted.length).toBeGreaterThan(0.78);
      expect(shipped.length / posted.length).toBeLessThan(0.82);
    });

    it('gives distinct ERP order numbers', () => {
      const numbers = plans.flatMap((p) => (p.posting ? [p.posting.event.erpOrderNumber] : []));
      expect(new Set(numbers).size).toBe(numbers.length);
    });
  });
});
