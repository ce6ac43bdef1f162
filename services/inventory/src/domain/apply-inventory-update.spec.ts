import type { InventoryUpdated } from '@concord/contracts';
import { aSnapshot, anAdjustment, anUpdate, aStockLevel, charter, erpLedCharter, minutesAgo } from './__fixtures__/inventory-fixtures';
import { decideInventoryUpdate, validateInventoryUpdate, type InventoryUpdateDecision } from './apply-inventory-update';
import { InventoryInvariantError } from './inventory.errors';
import type { StockLevel } from './stock-level';

/** Applies updates one after the other, as the service would, and returns the row and every decision. */
function applyAll(updates: readonly InventoryUpdated[], start?: StockLevel, rules = charter) {
  let level = start;
  const decisions: InventoryUpdateDecision[] = [];
  for (const update of updates) {
    const decision = decideInventoryUpdate(update, level, rules);
    decisions.push(decision);
    if (decision.kind === 'apply') level = decision.level;
  }
  return { level, decisions, kinds: decisions.map((decision) => decision.kind) };
}

function applied(decision: InventoryUpdateDecision) {
  if (decision.kind !== 'apply') throw new Error(`expected apply, got ${decision.kind}`);
  return decision;
}

describe('source of truth', () => {
  describe('when the charter names the WMS', () => {
    it('moves on-hand with a WMS snapshot', () => {
      const decision = applied(decideInventoryUpdate(aSnapshot(40, 1), undefined, charter));
      expect(decision.level).toMatchObject({ sku: 'SKU-1', locationId: 'DC-EAST', onHand: 40, reserved: 0 });
      expect(decision.previous).toBeNull();
      expect(decision.onHandChange).toBe(40);
    });

    it('records an ERP update for reconciliation without moving stock', () => {
      const current = aStockLevel({ onHand: 10 });
      const decision = decideInventoryUpdate(aSnapshot(99, 50, { sourceSystem: 'ERP' }), current, charter);
      expect(decision).toEqual({ kind: 'record-only', sourceSystem: 'ERP', sourceOfTruth: 'WMS', charterVersion: '2026.11.1' });
    });

    it('records an ERP adjustment too, whatever its sequence', () => {
      const current = aStockLevel({ lastApplied: { sourceSystem: 'WMS', sourceSequence: 1000, occurredAt: minutesAgo(1) } });
      expect(decideInventoryUpdate(anAdjustment('RECEIPT', 5, 1, { sourceSystem: 'ERP' }), current, charter).kind).toBe('record-only');
    });
  });

  describe('when the charter names the ERP', () => {
    it('moves on-hand with an ERP update', () => {
      const decision = applied(decideInventoryUpdate(aSnapshot(7, 3, { sourceSystem: 'ERP' }), undefined, erpLedCharter));
      expect(decision.level.onHand).toBe(7);
      expect(decision.level.lastApplied?.sourceSystem).toBe('ERP');
      expect(decision.charterVersion).toBe('2026.11.2');
    });

    it('records a WMS update for reconciliation only', () => {
      expect(decideInventoryUpdate(aSnapshot(7, 3), undefined, erpLedCharter)).toMatchObject({ kind: 'record-only', sourceSystem: 'WMS', sourceOfTruth: 'ERP' });
    });
  });

  describe('when the charter has switched its source of truth since the row was last updated', () => {
    it('applies the new source even with a lower sequence, because sequences of different systems never compare', () => {
      const wmsRow = aStockLevel({ onHand: 10, lastApplied: { sourceSystem: 'WMS', sourceSequence: 9000, occurredAt: minutesAgo(5) } });
      const decision = applied(decideInventoryUpdate(aSnapshot(8, 12, { sourceSystem: 'ERP' }), wmsRow, erpLedCharter));
      expect(decision.level.onHand).toBe(8);
      expect(decision.level.lastApplied).toEqual({ sourceSystem: 'ERP', sourceSequence: 12, occurredAt: minutesAgo(1) });
    });
  });

  it('stamps every decision with the charter version', () => {
    const decisions = [
      decideInventoryUpdate(aSnapshot(1, 1), undefined, charter),
      decideInventoryUpdate(aSnapshot(1, 1, { sourceSystem: 'ERP' }), undefined, charter),
      decideInventoryUpdate(aSnapshot(1, 1), aStockLevel({ lastApplied: { sourceSystem: 'WMS', sourceSequence: 5, occurredAt: minutesAgo(1) } }), charter),
      decideInventoryUpdate(aSnapshot(-1, 1), undefined, charter),
    ];
    expect(decisions.map((decision) => [decision.kind, decision.charterVersion])).toEqual([
      ['apply', '2026.11.1'],
      ['record-only', '2026.11.1'],
      ['ignore-stale', '2026.11.1'],
      ['reject', '2026.11.1'],
    ]);
  });
});

describe('snapshots and adjustments', () => {
  it('sets on-hand absolutely with a snapshot, whatever it was', () => {
    const decision = applied(decideInventoryUpdate(aSnapshot(3, 20), aStockLevel({ onHand: 50, lastApplied: { sourceSystem: 'WMS', sourceSequence: 19, occurredAt: minutesAgo(2) } }), charter));
    expect(decision.level.onHand).toBe(3);
    expect(decision.onHandChange).toBe(-47);
  });

  it.each([
    ['RECEIPT', 12, 22],
    ['RETURN', 1, 11],
    ['PICK', -4, 6],
    ['SHRINKAGE', -2, 8],
    ['DAMAGE', -10, 0],
  ] as const)('applies a %s of %i as a delta', (reason, delta, expected) => {
    const decision = applied(decideInventoryUpdate(anAdjustment(reason, delta, 2), aStockLevel({ onHand: 10 }), charter));
    expect(decision.level.onHand).toBe(expected);
    expect(decision.onHandChange).toBe(delta);
    expect(decision.variance).toBeNull();
  });

  it('keeps the reserved quantity through snapshots and adjustments', () => {
    const { level } = applyAll([aSnapshot(30, 2), anAdjustment('PICK', -5, 3)], aStockLevel({ reserved: 7 }));
    expect(level).toMatchObject({ onHand: 25, reserved: 7 });
  });

  it('records the applied event as the row’s mark', () => {
    const decision = applied(decideInventoryUpdate(anAdjustment('RECEIPT', 5, 42, { occurredAt: minutesAgo(3) }), aStockLevel(), charter));
    expect(decision.level.lastApplied).toEqual({ sourceSystem: 'WMS', sourceSequence: 42, occurredAt: minutesAgo(3) });
  });

  describe('when the first event for a SKU at a location is an adjustment', () => {
    it('applies it to zero', () => {
      expect(applied(decideInventoryUpdate(anAdjustment('RECEIPT', 6, 1), undefined, charter)).level.onHand).toBe(6);
    });
  });

  describe('when an adjustment would take on-hand below zero', () => {
    const decision = () => applied(decideInventoryUpdate(anAdjustment('PICK', -8, 2), aStockLevel({ onHand: 5, reserved: 3 }), charter));

    it('clamps on-hand at zero', () => {
      expect(decision().level.onHand).toBe(0);
      expect(decision().onHandChange).toBe(-5);
    });

    it('flags the unaccounted units as a variance', () => {
      expect(decision().variance).toMatchObject({ code: 'INVENTORY.NEGATIVE_ON_HAND_CLAMPED', field: 'quantity' });
      expect(decision().variance?.message).toContain('3 unaccounted for');
    });

    it('still advances the mark, so the movement is not applied twice', () => {
      expect(decision().level.lastApplied?.sourceSequence).toBe(2);
      expect(decideInventoryUpdate(anAdjustment('PICK', -8, 2), decision().level, charter).kind).toBe('ignore-stale');
    });

    it('keeps the reservations, which are now overcommitted', () => {
      expect(decision().level.reserved).toBe(3);
    });
  });

  describe('when an adjustment takes on-hand exactly to zero', () => {
    it('is no variance', () => {
      const decision = applied(decideInventoryUpdate(anAdjustment('SHRINKAGE', -5, 2), aStockLevel({ onHand: 5 }), charter));
      expect(decision.level.onHand).toBe(0);
      expect(decision.variance).toBeNull();
    });
  });
});

describe('ordering per SKU and location', () => {
  describe('when an older snapshot arrives after a newer one', () => {
    const { level, decisions } = applyAll([aSnapshot(40, 10), aSnapshot(99, 9)]);

    it('keeps the newer on-hand and reports the update as stale', () => {
      expect(level?.onHand).toBe(40);
      expect(decisions[1]).toMatchObject({ kind: 'ignore-stale', error: { code: 'INVENTORY.STALE_UPDATE', field: 'sourceSequence' } });
    });

    it('says which newer event is already applied', () => {
      expect(decisions[1]).toMatchObject({ applied: { sourceSystem: 'WMS', sourceSequence: 10 } });
    });
  });

  describe('when an older event has a later occurrence time', () => {
    it('still goes by sequence first and ignores it', () => {
      const { level, kinds } = applyAll([aSnapshot(40, 10, { occurredAt: minutesAgo(30) }), aSnapshot(99, 9, { occurredAt: minutesAgo(1) })]);
      expect(kinds).toEqual(['apply', 'ignore-stale']);
      expect(level?.onHand).toBe(40);
    });
  });

  describe('when two events have the same sequence', () => {
    it('applies the one counted later', () => {
      const { level, kinds } = applyAll([aSnapshot(40, 10, { occurredAt: minutesAgo(10) }), aSnapshot(41, 10, { occurredAt: minutesAgo(5) })]);
      expect(kinds).toEqual(['apply', 'apply']);
      expect(level?.onHand).toBe(41);
    });

    it('ignores the one counted earlier', () => {
      const { level, kinds } = applyAll([aSnapshot(40, 10, { occurredAt: minutesAgo(5) }), aSnapshot(41, 10, { occurredAt: minutesAgo(10) })]);
      expect(kinds).toEqual(['apply', 'ignore-stale']);
      expect(level?.onHand).toBe(40);
    });
  });

  describe('when the applied event is delivered again', () => {
    it('reports the redelivery as stale and does not apply the delta twice', () => {
      const receipt = anAdjustment('RECEIPT', 5, 3);
      const { level, kinds } = applyAll([receipt, receipt], aStockLevel({ onHand: 10 }));
      expect(kinds).toEqual(['apply', 'ignore-stale']);
      expect(level?.onHand).toBe(15);
    });
  });

  describe('when adjustments older than an applied snapshot arrive after it', () => {
    it('ignores them: the count already includes their movement', () => {
      const { level, kinds } = applyAll([aSnapshot(40, 10), anAdjustment('PICK', -4, 8), anAdjustment('RECEIPT', 20, 9)]);
      expect(kinds).toEqual(['apply', 'ignore-stale', 'ignore-stale']);
      expect(level?.onHand).toBe(40);
    });
  });

  describe('when adjustments newer than an applied snapshot arrive', () => {
    it('applies them on top of the count, in any number', () => {
      const { level, kinds } = applyAll([aSnapshot(40, 10), anAdjustment('PICK', -4, 11), anAdjustment('RECEIPT', 20, 12), anAdjustment('DAMAGE', -1, 15)]);
      expect(kinds).toEqual(['apply', 'apply', 'apply', 'apply']);
      expect(level?.onHand).toBe(55);
    });
  });

  describe('when a snapshot arrives after adjustments with higher sequences were applied', () => {
    it('ignores the snapshot: it was counted before those movements', () => {
      const { level, kinds } = applyAll([anAdjustment('RECEIPT', 20, 11), anAdjustment('PICK', -3, 12), aSnapshot(5, 10)], aStockLevel({ onHand: 10 }));
      expect(kinds).toEqual(['apply', 'apply', 'ignore-stale']);
      expect(level?.onHand).toBe(27);
    });
  });

  describe('when adjustments arrive out of order among themselves', () => {
    it('drops the late one instead of adding it out of order (the next snapshot corrects the drift)', () => {
      const { level, kinds } = applyAll([anAdjustment('PICK', -2, 21), anAdjustment('PICK', -3, 20), aSnapshot(4, 22)], aStockLevel({ onHand: 10, lastApplied: null }));
      expect(kinds).toEqual(['apply', 'ignore-stale', 'apply']);
      expect(level?.onHand).toBe(4);
    });
  });

  it('keeps sequences per location: one location’s newer sequence does not make another’s stale', () => {
    const east = applied(decideInventoryUpdate(aSnapshot(40, 100), undefined, charter)).level;
    const west = decideInventoryUpdate(aSnapshot(7, 1, { locationId: 'DC-WEST' }), undefined, charter);
    expect(east.onHand).toBe(40);
    expect(applied(west).level).toMatchObject({ locationId: 'DC-WEST', onHand: 7 });
  });

  it('refuses to be given another SKU’s row (a caller bug)', () => {
    expect(() => decideInventoryUpdate(aSnapshot(1, 1), aStockLevel({ sku: 'SKU-2' }), charter)).toThrow(InventoryInvariantError);
    expect(() => decideInventoryUpdate(aSnapshot(1, 1), aStockLevel({ locationId: 'DC-WEST' }), charter)).toThrow(InventoryInvariantError);
  });
});

describe('invalid updates', () => {
  const codes = (update: InventoryUpdated) => validateInventoryUpdate(update, charter).map((error) => error.code);

  it('rejects a negative snapshot', () => {
    const decision = decideInventoryUpdate(aSnapshot(-1, 1), aStockLevel({ onHand: 10 }), charter);
    expect(decision).toMatchObject({ kind: 'reject', errors: [{ code: 'INVENTORY.NEGATIVE_SNAPSHOT', field: 'quantity' }] });
  });

  it('accepts a snapshot of zero', () => {
    expect(codes(aSnapshot(0, 1))).toEqual([]);
  });

  it.each([
    ['RECEIPT', -1],
    ['RETURN', 0],
    ['PICK', 3],
    ['SHRINKAGE', 0],
    ['DAMAGE', 1],
  ] as const)('rejects a %s whose delta %i has the wrong sign', (reason, delta) => {
    expect(codes(anAdjustment(reason, delta, 1))).toEqual(['INVENTORY.ADJUSTMENT_SIGN_MISMATCH']);
  });

  it('rejects an adjustment without a reason, or with the UNKNOWN fallback', () => {
    expect(codes(anUpdate({ kind: 'ADJUSTMENT', adjustmentReason: null, quantity: 3 }))).toEqual(['INVENTORY.MISSING_ADJUSTMENT_REASON']);
    expect(codes(anUpdate({ kind: 'ADJUSTMENT', adjustmentReason: 'UNKNOWN', quantity: 3 }))).toEqual(['INVENTORY.MISSING_ADJUSTMENT_REASON']);
  });

  it('rejects a snapshot that carries an adjustment reason', () => {
    expect(codes(aSnapshot(3, 1, { adjustmentReason: 'RECEIPT' }))).toEqual(['INVENTORY.UNEXPECTED_ADJUSTMENT_REASON']);
  });

  it('rejects the UNKNOWN update kind', () => {
    expect(codes(anUpdate({ kind: 'UNKNOWN', adjustmentReason: null, quantity: 3 }))).toEqual(['INVENTORY.UNKNOWN_UPDATE_KIND']);
  });

  it('rejects fractional and non-finite quantities', () => {
    expect(codes(aSnapshot(2.5, 1))).toEqual(['INVENTORY.NON_INTEGER_QUANTITY']);
    expect(codes(aSnapshot(Number.NaN, 1))).toContain('INVENTORY.NON_INTEGER_QUANTITY');
  });

  it('rejects systems that do not report stock', () => {
    expect(codes(aSnapshot(3, 1, { sourceSystem: 'ECOMMERCE' }))).toEqual(['INVENTORY.UNEXPECTED_SOURCE_SYSTEM']);
    expect(codes(aSnapshot(3, 1, { sourceSystem: 'UNKNOWN' }))).toEqual(['INVENTORY.UNEXPECTED_SOURCE_SYSTEM']);
  });

  it('rejects a location the charter does not route', () => {
    expect(validateInventoryUpdate(aSnapshot(3, 1, { locationId: 'WH-STUTTGART' }), charter)).toEqual([
      expect.objectContaining({ code: 'INVENTORY.UNKNOWN_LOCATION', field: 'locationId' }),
    ]);
  });

  it('rejects a blank SKU, a negative or fractional sequence and an invalid time', () => {
    expect(codes(aSnapshot(3, 1, { sku: '  ' }))).toEqual(['INVENTORY.MISSING_SKU']);
    expect(codes(aSnapshot(3, -1))).toEqual(['INVENTORY.INVALID_SOURCE_SEQUENCE']);
    expect(codes(aSnapshot(3, 1.5))).toEqual(['INVENTORY.INVALID_SOURCE_SEQUENCE']);
    expect(codes(aSnapshot(3, 1, { occurredAt: new Date(Number.NaN) }))).toEqual(['INVENTORY.INVALID_TIMESTAMP']);
  });

  it('lists every problem at once', () => {
    expect(codes(anUpdate({ sourceSystem: 'CRM', sku: '', locationId: 'NOWHERE', kind: 'SNAPSHOT', adjustmentReason: 'PICK', quantity: -0.5 }))).toEqual([
      'INVENTORY.UNEXPECTED_SOURCE_SYSTEM',
      'INVENTORY.MISSING_SKU',
      'INVENTORY.UNKNOWN_LOCATION',
      'INVENTORY.NON_INTEGER_QUANTITY',
      'INVENTORY.NEGATIVE_SNAPSHOT',
      'INVENTORY.UNEXPECTED_ADJUSTMENT_REASON',
    ]);
  });

  it('rejects an invalid record from the other system too, instead of recording it', () => {
    expect(decideInventoryUpdate(aSnapshot(-3, 1, { sourceSystem: 'ERP' }), undefined, charter).kind).toBe('reject');
  });

  it('rejects before judging staleness, so an invalid redelivery is not counted as stale', () => {
    const current = aStockLevel({ lastApplied: { sourceSystem: 'WMS', sourceSequence: 50, occurredAt: minutesAgo(1) } });
    expect(decideInventoryUpdate(aSnapshot(-3, 1), current, charter).kind).toBe('reject');
  });
});
