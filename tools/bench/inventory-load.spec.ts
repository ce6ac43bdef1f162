import { AvailabilityMatcher } from './availability-matcher';
import { benchSkus, latencyProbe, sustainedLoad } from './inventory-load';

const now = new Date('2026-11-26T12:00:00Z');

describe('the benchmark load', () => {
  it('numbers SKUs after a prefix', () => {
    expect(benchSkus('B-', 2)).toEqual(['B-00001', 'B-00002']);
  });

  it('opens every SKU and location with a count, then moves stock in sequence without going negative', () => {
    const skus = benchSkus('B-', 3);
    const locations = ['DC-EAST', 'DC-EU'];
    const events = sustainedLoad(600, skus, locations, now);
    expect(events).toHaveLength(600);
    const stock = new Map<string, number>();
    const sequences = new Map<string, number>();
    for (const event of events) {
      const key = `${event.sku}|${event.locationId}`;
      expect(locations).toContain(event.locationId);
      if (!stock.has(key)) expect(event.kind).toBe('SNAPSHOT');
      stock.set(key, event.kind === 'SNAPSHOT' ? event.quantity : stock.get(key)! + event.quantity);
      expect(stock.get(key)).toBeGreaterThanOrEqual(0);
      expect(event.sourceSequence).toBe((sequences.get(key) ?? 0) + 1);
      sequences.set(key, event.sourceSequence);
      if (event.kind === 'ADJUSTMENT') expect(['PICK', 'RECEIPT']).toContain(event.adjustmentReason);
    }
    expect(stock.size).toBe(6);
  });

  it('makes latency probes whose count is their number', () => {
    expect(latencyProbe('B-1', 'DC-EAST', 3, now)).toMatchObject({ kind: 'SNAPSHOT', quantity: 3, sourceSequence: 3 });
  });
});

describe('AvailabilityMatcher', () => {
  it('settles each probe with the first availability showing its count, also when events fold several probes', () => {
    const matcher = new AvailabilityMatcher();
    matcher.expect('A', 1, 1000);
    matcher.expect('A', 2, 1010);
    matcher.expect('A', 3, 1020);
    matcher.expect('B', 1, 1005);
    matcher.observe('A', 1, 1050);
    matcher.observe('A', 3, 1100);
    matcher.observe('C', 9, 1100);
    expect(matcher.matched).toEqual([50, 90, 80]);
    expect(matcher.unmatched).toBe(1);
    expect(matcher.unmatchedAges(2005)).toEqual([1000]);
  });

  it('ignores an availability event that shows less than the oldest pending probe', () => {
    const matcher = new AvailabilityMatcher();
    matcher.expect('A', 2, 1000);
    matcher.observe('A', 1, 1050);
    expect(matcher.matched).toEqual([]);
    expect(matcher.unmatched).toBe(1);
  });
});
