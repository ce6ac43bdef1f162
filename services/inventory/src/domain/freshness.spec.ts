import { aStockLevel, charter, DAY, erpLedCharter, HOUR, MINUTE, minutesAgo, NOW } from './__fixtures__/inventory-fixtures';
import { assessFreshness, buildInventorySnapshotRequested, decideSnapshotRequest, type Freshness, type SnapshotRequestDecision } from './freshness';
import { InventoryInvariantError } from './inventory.errors';
import type { StockLevel } from './stock-level';

const confirmedAt = (occurredAt: Date, overrides: Partial<StockLevel> = {}) =>
  aStockLevel({ lastApplied: { sourceSystem: 'WMS', sourceSequence: 1, occurredAt }, ...overrides });
const ago = (ms: number) => new Date(NOW.getTime() - ms);

describe('freshness of a SKU', () => {
  describe('when the SKU has never been confirmed', () => {
    it('is UNCONFIRMED for lack of data when it has no stock rows at all', () => {
      expect(assessFreshness([], 'HIGH', NOW, charter)).toMatchObject({
        status: 'UNCONFIRMED',
        reason: 'NO_DATA',
        lastConfirmedAt: null,
        newestConfirmedAt: null,
        expiresAt: null,
        unconfirmedLocations: [],
      });
    });

    it('is UNCONFIRMED for lack of data when a row was never reported by the source of truth', () => {
      expect(assessFreshness([aStockLevel({ lastApplied: null })], 'SLOW', NOW, charter)).toMatchObject({
        status: 'UNCONFIRMED',
        reason: 'NO_DATA',
        unconfirmedLocations: ['DC-EAST'],
      });
    });
  });

  describe.each([
    ['HIGH', 5 * MINUTE],
    ['MEDIUM', HOUR],
    ['SLOW', DAY],
  ] as const)('with tier %s (limit %i ms in the shipped charter)', (tier, limitMs) => {
    it('is CONFIRMED when the last confirmation is exactly as old as the limit', () => {
      const freshness = assessFreshness([confirmedAt(ago(limitMs))], tier, NOW, charter);
      expect(freshness).toMatchObject({ status: 'CONFIRMED', reason: null, limitMs, tier });
      expect(freshness.expiresAt).toEqual(NOW);
    });

    it('is UNCONFIRMED and STALE one millisecond later', () => {
      expect(assessFreshness([confirmedAt(ago(limitMs + 1))], tier, NOW, charter)).toMatchObject({
        status: 'UNCONFIRMED',
        reason: 'STALE',
        lastConfirmedAt: ago(limitMs + 1),
        unconfirmedLocations: ['DC-EAST'],
      });
    });
  });

  it('judges the same age by the tier: fresh for a slow seller, stale for a fast one', () => {
    const levels = [confirmedAt(minutesAgo(30))];
    expect(assessFreshness(levels, 'SLOW', NOW, charter).status).toBe('CONFIRMED');
    expect(assessFreshness(levels, 'MEDIUM', NOW, charter).status).toBe('CONFIRMED');
    expect(assessFreshness(levels, 'HIGH', NOW, charter).status).toBe('UNCONFIRMED');
  });

  it('reads the limits from the charter', () => {
    expect(assessFreshness([confirmedAt(minutesAgo(3))], 'HIGH', NOW, charter).limitMs).toBe(charter.freshnessLimitMs('high'));
  });

  describe('when the SKU is held at several locations', () => {
    const levels = [
      confirmedAt(minutesAgo(1), { locationId: 'DC-EAST' }),
      confirmedAt(minutesAgo(90), { locationId: 'DC-WEST' }),
      confirmedAt(minutesAgo(10), { locationId: 'DC-CENTRAL' }),
    ];

    it('is only as fresh as its least recently confirmed location', () => {
      expect(assessFreshness(levels, 'MEDIUM', NOW, charter)).toMatchObject({ status: 'UNCONFIRMED', reason: 'STALE', unconfirmedLocations: ['DC-WEST'] });
    });

    it('gives the oldest confirmation as lastConfirmedAt and the newest separately', () => {
      const freshness = assessFreshness(levels, 'SLOW', NOW, charter);
      expect(freshness).toMatchObject({ status: 'CONFIRMED', lastConfirmedAt: minutesAgo(90), newestConfirmedAt: minutesAgo(1) });
      expect(freshness.expiresAt).toEqual(new Date(minutesAgo(90).getTime() + DAY));
    });

    it('lists every stale location, sorted', () => {
      expect(assessFreshness(levels, 'HIGH', NOW, charter).unconfirmedLocations).toEqual(['DC-CENTRAL', 'DC-WEST']);
    });

    it('prefers NO_DATA over STALE when one location was never confirmed', () => {
      const withUnknown = [...levels, aStockLevel({ locationId: 'DC-EU', lastApplied: null })];
      expect(assessFreshness(withUnknown, 'HIGH', NOW, charter)).toMatchObject({ reason: 'NO_DATA', lastConfirmedAt: null, newestConfirmedAt: minutesAgo(1), unconfirmedLocations: ['DC-EU'] });
    });
  });

  describe('when the charter has switched the source of truth', () => {
    it('treats figures confirmed by the previous source as never confirmed', () => {
      const wmsConfirmed = [confirmedAt(minutesAgo(1))];
      expect(assessFreshness(wmsConfirmed, 'SLOW', NOW, charter).status).toBe('CONFIRMED');
      expect(assessFreshness(wmsConfirmed, 'SLOW', NOW, erpLedCharter)).toMatchObject({ status: 'UNCONFIRMED', reason: 'NO_DATA' });
    });
  });

  it('treats a confirmation from the source’s future (clock skew) as fresh', () => {
    expect(assessFreshness([confirmedAt(new Date(NOW.getTime() + MINUTE))], 'HIGH', NOW, charter).status).toBe('CONFIRMED');
  });

  it('refuses rows of several SKUs (a caller bug)', () => {
    expect(() => assessFreshness([aStockLevel(), aStockLevel({ sku: 'SKU-2' })], 'HIGH', NOW, charter)).toThrow(InventoryInvariantError);
  });
});

describe('snapshot requests', () => {
  const stale = (levels: StockLevel[] = [confirmedAt(minutesAgo(6))], tier: 'HIGH' | 'SLOW' = 'HIGH'): Freshness => assessFreshness(levels, tier, NOW, charter);

  it('asks for nothing while the SKU is confirmed', () => {
    expect(decideSnapshotRequest(assessFreshness([confirmedAt(minutesAgo(1))], 'HIGH', NOW, charter), null, NOW)).toEqual({
      request: false,
      reason: 'CONFIRMED',
      nextRequestAt: null,
    });
  });

  it('asks for a snapshot of a stale SKU that was never asked for', () => {
    expect(decideSnapshotRequest(stale(), null, NOW)).toEqual({ request: true, reason: 'STALE', locationId: 'DC-EAST' });
  });

  it('asks for a snapshot of a SKU without data, at every location', () => {
    expect(decideSnapshotRequest(assessFreshness([], 'SLOW', NOW, charter), null, NOW)).toEqual({ request: true, reason: 'NO_DATA', locationId: null });
  });

  it('asks for every location when more than one is unconfirmed', () => {
    const levels = [confirmedAt(minutesAgo(6)), confirmedAt(minutesAgo(7), { locationId: 'DC-WEST' })];
    expect(decideSnapshotRequest(stale(levels), null, NOW)).toMatchObject({ request: true, locationId: null });
  });

  describe('when a snapshot was requested within the freshness limit', () => {
    it('does not ask again, and says when it may', () => {
      expect(decideSnapshotRequest(stale(), minutesAgo(3), NOW)).toEqual({ request: false, reason: 'RECENTLY_REQUESTED', nextRequestAt: new Date(minutesAgo(3).getTime() + 5 * MINUTE) });
    });

    it('waits a whole day for a slow seller', () => {
      const slow = stale([confirmedAt(ago(DAY + 1))], 'SLOW');
      expect(decideSnapshotRequest(slow, ago(23 * HOUR), NOW).request).toBe(false);
      expect(decideSnapshotRequest(slow, ago(DAY), NOW).request).toBe(true);
    });
  });

  describe('when the last request is exactly one freshness limit old', () => {
    it('asks again', () => {
      expect(decideSnapshotRequest(stale(), minutesAgo(5), NOW).request).toBe(true);
    });
  });

  describe('when a sweep passes a SKU that receives no events', () => {
    it('finds it stale after its limit and asks at most once per limit', () => {
      const levels = [confirmedAt(NOW)];
      let lastRequestedAt: Date | null = null;
      const requests: number[] = [];
      for (let minute = 0; minute <= 30; minute += 1) {
        const at = new Date(NOW.getTime() + minute * MINUTE);
        const decision = decideSnapshotRequest(assessFreshness(levels, 'HIGH', at, charter), lastRequestedAt, at);
        if (decision.request) {
          requests.push(minute);
          lastRequestedAt = at;
        }
      }
      expect(requests).toEqual([6, 11, 16, 21, 26]);
    });
  });

  describe('building InventorySnapshotRequested', () => {
    const build = (freshness: Freshness, rules = charter) => {
      const decision = decideSnapshotRequest(freshness, null, NOW) as Extract<SnapshotRequestDecision, { request: true }>;
      return buildInventorySnapshotRequested({ sku: 'SKU-1', decision, freshness, requestId: '3f1c2a9e-7d4b-4c1a-9e2f-0a1b2c3d4e5f', requestedAt: NOW, charter: rules });
    };

    it('addresses the source of truth, with the newest data Concord has and the charter version', () => {
      expect(build(stale())).toEqual({
        requestId: '3f1c2a9e-7d4b-4c1a-9e2f-0a1b2c3d4e5f',
        sku: 'SKU-1',
        locationId: 'DC-EAST',
        targetSystem: 'WMS',
        reason: 'STALE',
        lastConfirmedAt: minutesAgo(6),
        requestedAt: NOW,
        charterVersion: '2026.11.1',
      });
    });

    it('asks the ERP when the charter makes it the source of truth', () => {
      const freshness = assessFreshness([], 'HIGH', NOW, erpLedCharter);
      expect(build(freshness, erpLedCharter)).toMatchObject({ targetSystem: 'ERP', reason: 'NO_DATA', lastConfirmedAt: null, locationId: null, charterVersion: '2026.11.2' });
    });
  });
});
