import { anInventoryUpdated, type InventoryAdjustmentReason, type InventoryUpdated } from '@concord/contracts';
import { uniqueName, waitFor } from '@concord/testing';
import { decideInventoryUpdate } from '../src/domain/apply-inventory-update';
import { stockKey, type StockLevel } from '../src/domain/stock-level';
import { shippedCharter, startInventoryTestStack, type InventoryTestStack } from './inventory-test-stack';

const LOCATIONS = shippedCharter.inventoryRouting.locations.map((location) => location.id).slice(0, 3);
const ADJUSTMENTS: readonly { reason: InventoryAdjustmentReason; sign: 1 | -1 }[] = [
  { reason: 'RECEIPT', sign: 1 },
  { reason: 'PICK', sign: -1 },
  { reason: 'RETURN', sign: 1 },
  { reason: 'SHRINKAGE', sign: -1 },
  { reason: 'DAMAGE', sign: -1 },
];

/** A deterministic pseudo-random sequence (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A burst of mixed updates for `skus`: WMS counts and movements with mostly rising sequences, some
 * delivered late (a lower sequence: stale), some re-sent (same sequence and time: stale), and ERP
 * records (recorded only). Large picks clamp on-hand at zero.
 */
function burst(skus: readonly string[], count: number): InventoryUpdated[] {
  const next = random(42);
  const pick = <T>(values: readonly T[]) => values[Math.floor(next() * values.length)];
  const sequences = new Map<string, number>();
  const updates: InventoryUpdated[] = [];
  for (let index = 0; index < count; index++) {
    const sku = pick(skus);
    const locationId = pick(LOCATIONS);
    const occurredAt = new Date(Date.now() - Math.floor(next() * 60_000));
    const roll = next();
    if (roll < 0.15) {
      updates.push(anInventoryUpdated({ sku, locationId, sourceSystem: 'ERP', kind: 'SNAPSHOT', adjustmentReason: null, quantity: 500, sourceSequence: index, occurredAt }));
      continue;
    }
    if (roll < 0.22 && updates.length > 0) {
      updates.push({ ...pick(updates) }); // a re-sent record (same sequence and time)
      continue;
    }
    const key = `${sku}/${locationId}`;
    const sequence = (sequences.get(key) ?? 0) + 1 + Math.floor(next() * 3);
    sequences.set(key, sequence);
    const late = roll < 0.32; // delivered after a newer one
    const sourceSequence = late ? Math.max(0, sequence - 4) : sequence;
    if (roll < 0.45) {
      updates.push(anInventoryUpdated({ sku, locationId, kind: 'SNAPSHOT', adjustmentReason: null, quantity: Math.floor(next() * 50), sourceSequence, occurredAt }));
    } else {
      const { reason, sign } = pick(ADJUSTMENTS);
      const quantity = sign * (1 + Math.floor(next() * (sign > 0 ? 20 : 30)));
      updates.push(anInventoryUpdated({ sku, locationId, kind: 'ADJUSTMENT', adjustmentReason: reason, quantity, sourceSequence, occurredAt }));
    }
  }
  return updates;
}

/** The stock and stale count applying `updates` one by one with the domain rules gives. */
function appliedOneByOne(updates: readonly InventoryUpdated[]): { levels: Map<string, StockLevel>; stale: number; applied: number } {
  const levels = new Map<string, StockLevel>();
  let stale = 0;
  let applied = 0;
  for (const update of updates) {
    const key = stockKey(update.sku, update.locationId);
    const decision = decideInventoryUpdate(update, levels.get(key), shippedCharter);
    if (decision.kind === 'apply') {
      levels.set(key, decision.level);
      applied++;
    }
    if (decision.kind === 'ignore-stale') stale++;
  }
  return { levels, stale, applied };
}

describe('applying a burst of InventoryUpdated a chunk at a time', () => {
  let stack: InventoryTestStack;

  beforeAll(async () => {
    stack = await startInventoryTestStack();
    await stack.startInstance();
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('ends in the stock, stale count and availability that applying the records one by one gives', async () => {
    const skus = [1, 2, 3, 4].map(() => uniqueName('SKU'));
    const updates = burst(skus, 400);
    const expected = appliedOneByOne(updates);
    const expectedRows = [...expected.levels.values()]
      .map((level) => ({ sku: level.sku, location_id: level.locationId, on_hand: level.onHand, last_source_sequence: String(level.lastApplied!.sourceSequence) }))
      .sort((a, b) => (a.sku === b.sku ? (a.location_id < b.location_id ? -1 : 1) : a.sku < b.sku ? -1 : 1));
    const erpRecords = new Set(updates.filter((update) => update.sourceSystem === 'ERP')).size;
    const staleBefore = await stack.metric('concord_inventory_stale_updates_total', { source_system: 'WMS' });

    await stack.send('InventoryUpdated', updates, { source: '/test/wms' });

    await waitFor(
      async () => {
        const { rows } = await stack.database.query(
          `SELECT count(*)::int AS recorded FROM non_authoritative_updates WHERE sku = ANY($1::text[])`,
          [skus],
        );
        return rows[0].recorded === erpRecords;
      },
      { timeoutMs: 60_000, description: 'every ERP record to be recorded' },
    );
    await waitFor(async () => (await stack.metric('concord_inventory_stale_updates_total', { source_system: 'WMS' })) - staleBefore === expected.stale, {
      timeoutMs: 60_000,
      description: `${expected.stale} stale updates to be counted`,
    });
    const { rows } = await stack.database.query(
      `SELECT sku, location_id, on_hand, last_source_sequence FROM stock_levels WHERE sku = ANY($1::text[]) ORDER BY sku COLLATE "C", location_id COLLATE "C"`,
      [skus],
    );
    expect(rows).toEqual(expectedRows);
    expect(await stack.metric('concord_inventory_stale_updates_total', { source_system: 'WMS' })).toBe(staleBefore + expected.stale);

    let publications = 0;
    for (const sku of skus) {
      const levels = [...expected.levels.values()].filter((level) => level.sku === sku);
      const totalOnHand = levels.reduce((sum, level) => sum + level.onHand, 0);
      const published = await stack.published.waitFor('InventoryAvailabilityChanged', (event) => event.sku === sku, {
        until: (records) => records.at(-1)?.payload.totalOnHand === totalOnHand && records.at(-1)?.payload.locations.length === levels.length,
        description: `the final availability of ${sku}`,
      });
      const last = published.at(-1)!.payload;
      expect(last.locations.map(({ locationId, onHand, available }) => ({ locationId, onHand, available }))).toEqual(
        levels
          .map((level) => ({ locationId: level.locationId, onHand: level.onHand, available: level.onHand }))
          .sort((a, b) => (a.locationId < b.locationId ? -1 : 1)),
      );
      expect(last.totalAvailable).toBe(totalOnHand);
      expect(published.map(({ payload }) => payload.sequence)).toEqual(published.map((_, index) => index + 1));
      publications += published.length;
    }
    // One by one, nearly every applied update would publish; a chunk publishes each SKU's final state once.
    expect(publications).toBeLessThan(expected.applied / 2);
  });
});
