import { WarehouseSimulation } from './warehouse-simulation';

const skus = ['SKU-1', 'SKU-2', 'SKU-3'];
const locations = ['DC-EAST', 'DC-WEST'];
const now = new Date('2026-11-26T10:00:00Z');

function simulation(badRecordShare = 0, seed = 7) {
  return new WarehouseSimulation({ skus, locations, seed, badRecordShare });
}

describe('WarehouseSimulation', () => {
  it('replays the same traffic for the same seed', () => {
    const a = simulation(0.1);
    const b = simulation(0.1);
    for (let i = 0; i < 200; i++) expect(a.nextWmsRecord(now)).toEqual(b.nextWmsRecord(now));
  });

  describe('the WMS stream', () => {
    it('reports movements whose deltas add up to the physical stock, which never goes negative', () => {
      const sim = simulation();
      const start = new Map(skus.flatMap((sku) => locations.map((loc) => [`${sku}|${loc}`, sim.onHand(sku, loc)] as const)));
      const sums = new Map<string, number>(start);
      for (let i = 0; i < 5000; i++) {
        const record = sim.nextWmsRecord(now);
        if (!('event' in record)) continue;
        const { event } = record;
        const key = `${event.sku}|${event.locationId}`;
        if (event.kind === 'SNAPSHOT') sums.set(key, event.quantity);
        else sums.set(key, (sums.get(key) ?? 0) + event.quantity);
        expect(sim.onHand(event.sku, event.locationId)).toBeGreaterThanOrEqual(0);
      }
      for (const sku of skus) for (const loc of locations) expect(sums.get(`${sku}|${loc}`)).toBe(sim.onHand(sku, loc));
    });

    it('numbers each location of a SKU with a strictly increasing source sequence', () => {
      const sim = simulation();
      const last = new Map<string, number>();
      for (let i = 0; i < 2000; i++) {
        const record = sim.nextWmsRecord(now);
        if (!('event' in record)) continue;
        const key = `${record.event.sku}|${record.event.locationId}`;
        expect(record.event.sourceSequence).toBeGreaterThan(last.get(key) ?? 0);
        last.set(key, record.event.sourceSequence);
      }
    });

    it('signs deltas by reason: receipts and returns positive, picks, shrinkage and damage not positive', () => {
      const sim = simulation();
      for (let i = 0; i < 3000; i++) {
        const record = sim.nextWmsRecord(now);
        if (!('event' in record) || record.event.kind !== 'ADJUSTMENT') continue;
        const { adjustmentReason, quantity } = record.event;
        if (adjustmentReason === 'RECEIPT' || adjustmentReason === 'RETURN') expect(quantity).toBeGreaterThan(0);
        else expect(quantity).toBeLessThanOrEqual(0);
      }
    });

    it('counts each SKU and location before reporting its first movement', () => {
      const sim = simulation();
      const counted = new Set<string>();
      for (let i = 0; i < 500; i++) {
        const record = sim.nextWmsRecord(now);
        if (!('event' in record)) continue;
        const key = `${record.event.sku}|${record.event.locationId}`;
        if (record.event.kind === 'SNAPSHOT') counted.add(key);
        else expect(counted).toContain(key);
      }
      expect(counted.size).toBe(skus.length * locations.length);
    });

    it('continues sequences above a given start, so a restarted simulator is never stale', () => {
      const sim = new WarehouseSimulation({ skus, locations, seed: 7, badRecordShare: 0, sequenceStart: 1_000_000 });
      for (let i = 0; i < 50; i++) {
        const record = sim.nextWmsRecord(now);
        if ('event' in record) expect(record.event.sourceSequence).toBeGreaterThan(1_000_000);
      }
    });
  });

  describe('with a share of bad records', () => {
    it('sends about that share, of every kind', () => {
      const sim = simulation(0.2);
      const kinds = new Map<string, number>();
      const total = 5000;
      for (let i = 0; i < total; i++) {
        const record = sim.nextWmsRecord(now);
        if ('bad' in record) kinds.set(record.bad.badKind, (kinds.get(record.bad.badKind) ?? 0) + 1);
      }
      const bad = [...kinds.values()].reduce((a, b) => a + b, 0);
      expect(bad / total).toBeGreaterThan(0.17);
      expect(bad / total).toBeLessThan(0.23);
      expect([...kinds.keys()].sort()).toEqual(['blank-location', 'garbage-text', 'negative-snapshot']);
    });
  });

  it('answers a snapshot request with the physical count of each location', () => {
    const sim = simulation();
    for (let i = 0; i < 100; i++) sim.nextWmsRecord(now);
    const counts = sim.countsFor('SKU-2', null, now);
    expect(counts.map((c) => [c.locationId, c.kind, c.quantity])).toEqual(locations.map((loc) => [loc, 'SNAPSHOT', sim.onHand('SKU-2', loc)]));
  });

  it('books WMS movements into the ERP, drifting only as often as configured', () => {
    const sim = new WarehouseSimulation({ skus, locations, seed: 3, badRecordShare: 0, erpDriftShare: 0 });
    for (let i = 0; i < 500; i++) {
      const record = sim.nextWmsRecord(now);
      if (!('event' in record) || record.event.kind !== 'ADJUSTMENT') continue;
      const booked = sim.erpBookingOf(record.event, now);
      expect(booked.sourceSystem).toBe('ERP');
      expect(booked.quantity).toBe(record.event.quantity);
    }
  });

  it('drifts the ERP booking without ever turning a movement around or to zero', () => {
    const sim = new WarehouseSimulation({ skus, locations, seed: 5, badRecordShare: 0, erpDriftShare: 1 });
    let drifted = 0;
    for (let i = 0; i < 2000; i++) {
      const record = sim.nextWmsRecord(now);
      if (!('event' in record) || record.event.kind !== 'ADJUSTMENT') continue;
      const booked = sim.erpBookingOf(record.event, now);
      expect(Math.sign(booked.quantity)).toBe(Math.sign(record.event.quantity));
      expect(Math.abs(booked.quantity - record.event.quantity)).toBeLessThanOrEqual(3);
      if (booked.quantity !== record.event.quantity) drifted++;
    }
    expect(drifted).toBeGreaterThan(100);
  });
});
