import { anInventorySnapshotRequested } from '@concord/contracts';
import { WarehouseSimulation } from '../inventory/warehouse-simulation';
import { planSnapshotAnswer } from './plan-snapshot-answer';

const locations = ['DC-EAST', 'DC-WEST'];
const now = new Date('2026-11-26T10:00:00Z');

function model() {
  const sim = new WarehouseSimulation({ skus: ['SKU-1', 'SKU-2'], locations, seed: 11, badRecordShare: 0, erpDriftShare: 0.5 });
  for (let i = 0; i < 300; i++) {
    const record = sim.nextWmsRecord(now);
    if ('event' in record) sim.erpBookingOf(record.event, now);
  }
  return sim;
}

describe('planSnapshotAnswer', () => {
  describe('when the WMS is asked', () => {
    it('counts the shelves at every location, quoting the request', () => {
      const sim = model();
      const request = anInventorySnapshotRequested({ sku: 'SKU-2', locationId: null, targetSystem: 'WMS' });
      const plan = planSnapshotAnswer(request, sim, now);
      expect(plan).toEqual({
        answeredBy: 'WMS',
        counts: locations.map((locationId) =>
          expect.objectContaining({ sourceSystem: 'WMS', sku: 'SKU-2', locationId, kind: 'SNAPSHOT', quantity: sim.onHand('SKU-2', locationId), reference: `WMS-COUNT-FOR-${request.requestId}` }),
        ),
      });
    });

    it('counts only the requested location', () => {
      const plan = planSnapshotAnswer(anInventorySnapshotRequested({ sku: 'SKU-1', locationId: 'DC-WEST', targetSystem: 'WMS' }), model(), now);
      expect('counts' in plan && plan.counts.map((c) => c.locationId)).toEqual(['DC-WEST']);
    });

    it('gives each count a newer sequence than anything reported before', () => {
      const sim = model();
      const first = planSnapshotAnswer(anInventorySnapshotRequested({ sku: 'SKU-1', locationId: 'DC-EAST' }), sim, now);
      sim.nextWmsRecord(now);
      const second = planSnapshotAnswer(anInventorySnapshotRequested({ sku: 'SKU-1', locationId: 'DC-EAST' }), sim, now);
      expect('counts' in first && 'counts' in second && second.counts[0].sourceSequence > first.counts[0].sourceSequence).toBe(true);
    });
  });

  describe('when the ERP is asked', () => {
    it('reports its book balance, which may have drifted from the shelves', () => {
      const sim = model();
      const plan = planSnapshotAnswer(anInventorySnapshotRequested({ sku: 'SKU-1', locationId: null, targetSystem: 'ERP' }), sim, now);
      expect('counts' in plan && plan.answeredBy).toBe('ERP');
      if (!('counts' in plan)) return;
      expect(plan.counts.every((count) => count.sourceSystem === 'ERP' && count.kind === 'SNAPSHOT' && count.quantity >= 0)).toBe(true);
      expect(plan.counts.some((count) => count.quantity !== sim.onHand('SKU-1', count.locationId))).toBe(true);
    });
  });

  describe('when the request is not for the simulated warehouses', () => {
    it.each([
      ['another system', { targetSystem: 'PIM' as const }, 'addressed to PIM, which is not simulated here'],
      ['a SKU they do not stock', { sku: 'OTHER-1' }, 'SKU OTHER-1 is not stocked by the simulated warehouses'],
      ['a location that is not theirs', { sku: 'SKU-1', locationId: 'DC-MARS' }, 'location DC-MARS is not a simulated warehouse'],
    ])('ignores a request for %s', (_case, overrides, reason) => {
      expect(planSnapshotAnswer(anInventorySnapshotRequested({ sku: 'SKU-1', ...overrides }), model(), now)).toEqual({ ignored: reason });
    });
  });
});
