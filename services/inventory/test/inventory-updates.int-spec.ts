import { anInventoryUpdated, type InventoryUpdated } from '@concord/contracts';
import { uniqueName, waitFor } from '@concord/testing';
import { startInventoryTestStack, type InventoryTestStack } from './inventory-test-stack';

/** A count or movement of `sku` at DC-EAST, happened `secondsAgo` before now. */
function update(sku: string, overrides: Partial<InventoryUpdated> & Pick<InventoryUpdated, 'sourceSequence'>, secondsAgo = 1): InventoryUpdated {
  return anInventoryUpdated({ sku, locationId: 'DC-EAST', occurredAt: new Date(Date.now() - secondsAgo * 1000), reference: null, ...overrides });
}
const snapshot = (sku: string, quantity: number, sourceSequence: number, overrides: Partial<InventoryUpdated> = {}, secondsAgo = 1) =>
  update(sku, { kind: 'SNAPSHOT', adjustmentReason: null, quantity, sourceSequence, ...overrides }, secondsAgo);

describe('applying InventoryUpdated from the WMS and the ERP (charter: WMS is the source of truth)', () => {
  let stack: InventoryTestStack;

  beforeAll(async () => {
    stack = await startInventoryTestStack();
    await stack.startInstance();
  });

  afterAll(async () => {
    await stack?.close();
  });

  const stockRow = async (sku: string) =>
    (await stack.database.query('SELECT on_hand, reserved, last_source_system, last_source_sequence FROM stock_levels WHERE sku = $1', [sku])).rows;

  describe('when the ERP reports stock for a SKU the WMS has counted', () => {
    it('records the ERP events for reconciliation and moves no sellable stock', async () => {
      const sku = uniqueName('SKU');
      await stack.send('InventoryUpdated', [snapshot(sku, 40, 1)], { source: '/test/wms' });
      await stack.published.waitFor('InventoryAvailabilityChanged', (event) => event.sku === sku && event.status === 'CONFIRMED');

      await stack.send(
        'InventoryUpdated',
        [
          snapshot(sku, 999, 500, { sourceSystem: 'ERP' }),
          update(sku, { sourceSystem: 'ERP', kind: 'ADJUSTMENT', adjustmentReason: 'RECEIPT', quantity: 25, sourceSequence: 501 }),
        ],
        { source: '/test/erp' },
      );

      const recorded = await waitFor(
        async () => {
          const { rows } = await stack.database.query(
            'SELECT source_system, source_of_truth, kind, adjustment_reason, quantity, source_sequence FROM non_authoritative_updates WHERE sku = $1 ORDER BY source_sequence',
            [sku],
          );
          return rows.length === 2 && rows;
        },
        { description: 'the two ERP events to be recorded' },
      );
      expect(recorded).toEqual([
        { source_system: 'ERP', source_of_truth: 'WMS', kind: 'SNAPSHOT', adjustment_reason: null, quantity: 999, source_sequence: '500' },
        { source_system: 'ERP', source_of_truth: 'WMS', kind: 'ADJUSTMENT', adjustment_reason: 'RECEIPT', quantity: 25, source_sequence: '501' },
      ]);
      expect(await stockRow(sku)).toEqual([{ on_hand: 40, reserved: 0, last_source_system: 'WMS', last_source_sequence: '1' }]);

      const stock = (await (await fetch(await stack.url(`/inventory/stock/${sku}`))).json()) as { totalOnHand: number; totalAvailable: number };
      expect(stock).toMatchObject({ totalOnHand: 40, totalAvailable: 40 });

      // A later WMS receipt: availability of a SKU goes out in order, so whatever the ERP events
      // had published would be on the topic before the receipt's.
      await stack.send('InventoryUpdated', [update(sku, { kind: 'ADJUSTMENT', adjustmentReason: 'RECEIPT', quantity: 1, sourceSequence: 2 })], { source: '/test/wms' });
      const published = await stack.published.waitFor('InventoryAvailabilityChanged', (event) => event.sku === sku, {
        until: (records) => records.some((record) => record.payload.totalOnHand === 41),
      });
      expect(published.map(({ payload }) => [payload.totalOnHand, payload.totalAvailable, payload.sourceOfTruth])).toEqual([
        [40, 40, 'WMS'],
        [41, 41, 'WMS'],
      ]);
      expect(await stack.metric('concord_inventory_non_authoritative_updates_total', { source_system: 'ERP' })).toBeGreaterThanOrEqual(2);
    });
  });

  describe('when a snapshot arrives after a newer event was applied (lower source sequence)', () => {
    it('ignores it, counts it as stale, and still applies the events after it', async () => {
      const sku = uniqueName('SKU');
      const staleBefore = await stack.metric('concord_inventory_stale_updates_total', { source_system: 'WMS' });

      // One send, one key: the three records reach the service in this order.
      await stack.send(
        'InventoryUpdated',
        [
          snapshot(sku, 20, 10, {}, 2),
          snapshot(sku, 5, 7, {}, 5), // counted before sequence 10, delivered after it
          update(sku, { kind: 'ADJUSTMENT', adjustmentReason: 'PICK', quantity: -2, sourceSequence: 11 }),
        ],
        { source: '/test/wms' },
      );

      await waitFor(async () => (await stockRow(sku))[0]?.last_source_sequence === '11', { description: 'sequence 11 to be applied' });
      expect(await stockRow(sku)).toEqual([{ on_hand: 18, reserved: 0, last_source_system: 'WMS', last_source_sequence: '11' }]);
      await waitFor(async () => (await stack.metric('concord_inventory_stale_updates_total', { source_system: 'WMS' })) === staleBefore + 1, {
        description: 'the stale snapshot to be counted once',
      });

      const published = await stack.published.waitFor('InventoryAvailabilityChanged', (event) => event.sku === sku, {
        until: (records) => records.some((record) => record.payload.totalOnHand === 18),
      });
      expect(published.map(({ payload }) => payload.totalOnHand)).not.toContain(5);
      expect(published.map(({ payload }) => payload.sequence)).toEqual(published.map((_, index) => index + 1));
    });
  });

  describe('when an update names a location the charter does not route', () => {
    it('dead-letters it with INVENTORY.UNKNOWN_LOCATION and keeps consuming', async () => {
      const sku = uniqueName('SKU');
      await stack.send('InventoryUpdated', [snapshot(sku, 3, 1, { locationId: 'WH-NOWHERE' }), snapshot(sku, 8, 2)], { source: '/test/wms' });

      await waitFor(async () => (await stockRow(sku))[0]?.on_hand === 8, { description: 'the valid update after the bad one' });
      expect(await stack.metric('concord_messages_dead_lettered_total', { stage: 'validate', code: 'INVENTORY.UNKNOWN_LOCATION' })).toBeGreaterThanOrEqual(1);
      expect((await stack.database.query('SELECT location_id FROM stock_levels WHERE sku = $1', [sku])).rows).toEqual([{ location_id: 'DC-EAST' }]);
    });
  });
});
