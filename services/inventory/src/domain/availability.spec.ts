import type { InventoryAvailabilityChanged } from '@concord/contracts';
import { aSnapshot, aStockLevel, charter, erpLedCharter, MINUTE, minutesAgo, NOW } from './__fixtures__/inventory-fixtures';
import { decideInventoryUpdate } from './apply-inventory-update';
import { availabilityDiffers, buildInventoryAvailabilityChanged, calculateAvailability, decideAvailabilityPublication, type SkuAvailability } from './availability';
import { InventoryInvariantError } from './inventory.errors';
import type { StockLevel } from './stock-level';

const availability = (levels: readonly StockLevel[], options: { now?: Date; rules?: typeof charter } = {}): SkuAvailability =>
  calculateAvailability({ sku: 'SKU-1', levels, velocityTier: 'HIGH', now: options.now ?? NOW, charter: options.rules ?? charter });

describe('availability of a SKU', () => {
  describe('when its figures are confirmed', () => {
    it('is on hand minus reserved per location, and the sum in total', () => {
      const result = availability([aStockLevel({ onHand: 10, reserved: 3 }), aStockLevel({ locationId: 'DC-WEST', onHand: 5, reserved: 0 })]);
      expect(result).toMatchObject({
        status: 'CONFIRMED',
        unconfirmedReason: null,
        totalOnHand: 15,
        totalReserved: 3,
        totalAvailable: 12,
        locations: [
          { locationId: 'DC-EAST', onHand: 10, reserved: 3, available: 7 },
          { locationId: 'DC-WEST', onHand: 5, reserved: 0, available: 5 },
        ],
      });
    });

    it('never goes below zero at an overcommitted location, and does not let it eat another location’s stock', () => {
      const result = availability([aStockLevel({ onHand: 2, reserved: 5 }), aStockLevel({ locationId: 'DC-WEST', onHand: 4 })]);
      expect(result.locations.map((location) => location.available)).toEqual([0, 4]);
      expect(result.totalAvailable).toBe(4);
    });

    it('is zero when everything is reserved', () => {
      expect(availability([aStockLevel({ onHand: 6, reserved: 6 })]).totalAvailable).toBe(0);
    });

    it('lists locations by id, whatever order the rows come in', () => {
      const result = availability([aStockLevel({ locationId: 'DC-WEST' }), aStockLevel({ locationId: 'DC-CENTRAL' }), aStockLevel({ locationId: 'DC-EAST' })]);
      expect(result.locations.map((location) => location.locationId)).toEqual(['DC-CENTRAL', 'DC-EAST', 'DC-WEST']);
    });
  });

  describe('when its figures are older than the tier’s freshness limit', () => {
    const result = availability([aStockLevel({ onHand: 10, reserved: 3, lastApplied: { sourceSystem: 'WMS', sourceSequence: 1, occurredAt: minutesAgo(6) } })]);

    it('is published as 0 and UNCONFIRMED because STALE', () => {
      expect(result).toMatchObject({ status: 'UNCONFIRMED', unconfirmedReason: 'STALE', totalAvailable: 0, locations: [{ available: 0 }] });
    });

    it('still shows what is on hand and reserved', () => {
      expect(result).toMatchObject({ totalOnHand: 10, totalReserved: 3, locations: [{ onHand: 10, reserved: 3 }] });
    });
  });

  describe('when the SKU has no stock rows', () => {
    it('is 0 and UNCONFIRMED for lack of data', () => {
      expect(availability([])).toMatchObject({ status: 'UNCONFIRMED', unconfirmedReason: 'NO_DATA', totalAvailable: 0, totalOnHand: 0, locations: [], lastConfirmedAt: null });
    });
  });

  it('refuses a row of another SKU (a caller bug)', () => {
    expect(() => availability([aStockLevel({ sku: 'SKU-2' })])).toThrow(InventoryInvariantError);
  });
});

describe('InventoryAvailabilityChanged', () => {
  it('carries every field of the contract', () => {
    const levels = [aStockLevel({ onHand: 10, reserved: 4 })];
    expect(buildInventoryAvailabilityChanged(availability(levels), 7)).toEqual({
      sku: 'SKU-1',
      status: 'CONFIRMED',
      unconfirmedReason: null,
      totalOnHand: 10,
      totalReserved: 4,
      totalAvailable: 6,
      locations: [{ locationId: 'DC-EAST', onHand: 10, reserved: 4, available: 6 }],
      velocityTier: 'HIGH',
      sourceOfTruth: 'WMS',
      lastConfirmedAt: minutesAgo(1),
      sequence: 7,
      calculatedAt: NOW,
      charterVersion: '2026.11.1',
    } satisfies InventoryAvailabilityChanged);
  });

  it('names the ERP as source of truth under an ERP-led charter', () => {
    const levels = [aStockLevel({ lastApplied: { sourceSystem: 'ERP', sourceSequence: 1, occurredAt: minutesAgo(1) } })];
    expect(buildInventoryAvailabilityChanged(availability(levels, { rules: erpLedCharter }), 1)).toMatchObject({ sourceOfTruth: 'ERP', status: 'CONFIRMED', charterVersion: '2026.11.2' });
  });
});

describe('publishing only on change', () => {
  const base = buildInventoryAvailabilityChanged(availability([aStockLevel({ onHand: 10, reserved: 4 }), aStockLevel({ locationId: 'DC-WEST', onHand: 3 })]), 5);

  it('sees no change when only the calculation time and sequence differ', () => {
    expect(availabilityDiffers(base, { ...base, calculatedAt: new Date(NOW.getTime() + MINUTE), sequence: 6 })).toBe(false);
  });

  it('sees no change when the locations come in another order', () => {
    expect(availabilityDiffers(base, { ...base, locations: [...base.locations].reverse() })).toBe(false);
  });

  it.each<[string, Partial<InventoryAvailabilityChanged>]>([
    ['status', { status: 'UNCONFIRMED' }],
    ['unconfirmed reason', { unconfirmedReason: 'STALE' }],
    ['total on hand', { totalOnHand: 14 }],
    ['total reserved', { totalReserved: 5 }],
    ['total available', { totalAvailable: 8 }],
    ['velocity tier', { velocityTier: 'SLOW' }],
    ['source of truth', { sourceOfTruth: 'ERP' }],
    ['as-of (lastConfirmedAt)', { lastConfirmedAt: NOW }],
    ['as-of becoming unknown', { lastConfirmedAt: null }],
    ['charter version', { charterVersion: '2026.12.1' }],
    ['a location’s available', { locations: [{ locationId: 'DC-EAST', onHand: 10, reserved: 4, available: 5 }, { locationId: 'DC-WEST', onHand: 3, reserved: 0, available: 3 }] }],
    ['a location’s on hand', { locations: [{ locationId: 'DC-EAST', onHand: 11, reserved: 4, available: 6 }, { locationId: 'DC-WEST', onHand: 3, reserved: 0, available: 3 }] }],
    ['a location more', { locations: [...base.locations, { locationId: 'DC-EU', onHand: 0, reserved: 0, available: 0 }] }],
    ['a location renamed', { locations: [{ ...base.locations[0], locationId: 'DC-EU' }, base.locations[1]] }],
  ])('sees a change in the %s', (_what, change) => {
    expect(availabilityDiffers(base, { ...base, ...change })).toBe(true);
  });

  describe('deciding whether to publish', () => {
    const levels = [aStockLevel({ onHand: 10 })];

    it('publishes the first availability of a SKU with sequence 1', () => {
      expect(decideAvailabilityPublication(null, availability(levels))).toMatchObject({ publish: true, event: { sequence: 1, totalAvailable: 10 } });
    });

    it('does not publish a recalculation with nothing new', () => {
      const first = buildInventoryAvailabilityChanged(availability(levels), 3);
      expect(decideAvailabilityPublication(first, availability(levels, { now: new Date(NOW.getTime() + 1000) }))).toEqual({ publish: false, reason: 'UNCHANGED' });
    });

    it('publishes a change with the next sequence', () => {
      const first = buildInventoryAvailabilityChanged(availability(levels), 3);
      expect(decideAvailabilityPublication(first, availability([aStockLevel({ onHand: 10, reserved: 1 })]))).toMatchObject({ publish: true, event: { sequence: 4, totalAvailable: 9 } });
    });

    it('publishes when the SKU goes stale with time alone, with available 0', () => {
      const first = buildInventoryAvailabilityChanged(availability(levels), 3);
      const later = availability(levels, { now: new Date(NOW.getTime() + 10 * MINUTE) });
      expect(decideAvailabilityPublication(first, later)).toMatchObject({ publish: true, event: { sequence: 4, status: 'UNCONFIRMED', unconfirmedReason: 'STALE', totalAvailable: 0 } });
    });

    it('publishes a re-count that confirms the same figures, because the as-of moved', () => {
      const first = buildInventoryAvailabilityChanged(availability(levels), 3);
      const recount = decideInventoryUpdate(aSnapshot(10, 2, { occurredAt: NOW }), levels[0], charter);
      if (recount.kind !== 'apply') throw new Error(recount.kind);
      expect(decideAvailabilityPublication(first, availability([recount.level]))).toMatchObject({ publish: true, event: { totalAvailable: 10, lastConfirmedAt: NOW } });
    });

    it('does not publish after a stale update, which changes nothing', () => {
      const first = buildInventoryAvailabilityChanged(availability(levels), 3);
      const stale = decideInventoryUpdate(aSnapshot(99, 0), levels[0], charter);
      expect(stale.kind).toBe('ignore-stale');
      expect(decideAvailabilityPublication(first, availability(levels)).publish).toBe(false);
    });

    it('refuses the last publication of another SKU (a caller bug)', () => {
      const other = { ...buildInventoryAvailabilityChanged(availability(levels), 1), sku: 'SKU-2' };
      expect(() => decideAvailabilityPublication(other, availability(levels))).toThrow(InventoryInvariantError);
    });
  });
});
