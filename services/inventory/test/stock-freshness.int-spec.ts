import { anInventoryUpdated, aStockReservationRequested, type InventoryUpdated } from '@concord/contracts';
import { uniqueName, waitFor } from '@concord/testing';
import { shippedCharter, startInventoryTestStack, type InventoryTestStack } from './inventory-test-stack';

// The shipped charter: HIGH PT5M, MEDIUM PT1H, SLOW P1D. A SKU nobody orders is SLOW, so a count
// taken a day ago is at the edge of its limit; that makes staleness testable in seconds.
const SLOW_LIMIT_MS = shippedCharter.freshnessLimitMs('slow');
const HIGH_LIMIT_MS = shippedCharter.freshnessLimitMs('high');

function snapshot(sku: string, quantity: number, sourceSequence: number, occurredAt: Date, overrides: Partial<InventoryUpdated> = {}): InventoryUpdated {
  return anInventoryUpdated({ sku, locationId: 'DC-EAST', kind: 'SNAPSHOT', adjustmentReason: null, quantity, sourceSequence, occurredAt, reference: null, ...overrides });
}

describe('freshness: stock the source of truth has not confirmed recently is published as 0 and a snapshot is requested', () => {
  let stack: InventoryTestStack;

  beforeAll(async () => {
    stack = await startInventoryTestStack({ env: { INVENTORY_STALE_SWEEP_INTERVAL_MS: '200' } });
    await stack.startInstance();
  });

  afterAll(async () => {
    await stack?.close();
  });

  const availabilityOf = (sku: string) => stack.published.of('InventoryAvailabilityChanged', (event) => event.sku === sku).map((record) => record.payload);
  const snapshotRequestsOf = (sku: string) => stack.published.of('InventorySnapshotRequested', (event) => event.sku === sku).map((record) => record.payload);

  describe('when only the ERP has reported a SKU (the WMS never confirmed it)', () => {
    it('publishes it as 0/UNCONFIRMED (NO_DATA), asks the WMS for a snapshot, and rejects orders for it', async () => {
      const sku = uniqueName('SKU');
      await stack.send('InventoryUpdated', [snapshot(sku, 70, 1, new Date(), { sourceSystem: 'ERP' })], { source: '/test/erp' });

      const [availability] = await stack.published.waitFor('InventoryAvailabilityChanged', (event) => event.sku === sku);
      expect(availability.payload).toMatchObject({ status: 'UNCONFIRMED', unconfirmedReason: 'NO_DATA', totalAvailable: 0, totalOnHand: 0, lastConfirmedAt: null });
      const [request] = await stack.published.waitFor('InventorySnapshotRequested', (event) => event.sku === sku);
      expect(request.payload).toMatchObject({ targetSystem: 'WMS', reason: 'NO_DATA', locationId: null, lastConfirmedAt: null, charterVersion: shippedCharter.version });
      expect(request.key).toBe(sku);

      const order = aStockReservationRequested({ lines: [{ lineNumber: 1, sku, quantity: 1 }], shipToRegion: null });
      await stack.send('StockReservationRequested', [order], { source: '/test/orders' });
      const [rejected] = await stack.published.waitFor('StockReservationRejected', (event) => event.orderId === order.orderId);
      expect(rejected.payload).toMatchObject({ reason: 'AVAILABILITY_UNCONFIRMED', shortfalls: [{ lineNumber: 1, sku, requestedQuantity: 1, availableQuantity: 0 }] });
    });
  });

  describe("when a count is older than its tier's freshness limit", () => {
    it('publishes the SKU as 0/UNCONFIRMED (STALE) with the on-hand it has, requests a snapshot of that location, and confirms it again on a fresh count', async () => {
      const sku = uniqueName('SKU');
      const countedAt = new Date(Date.now() - SLOW_LIMIT_MS - 60 * 60_000);
      await stack.send('InventoryUpdated', [snapshot(sku, 30, 1, countedAt)], { source: '/test/wms' });

      const [stale] = await stack.published.waitFor('InventoryAvailabilityChanged', (event) => event.sku === sku);
      expect(stale.payload).toMatchObject({ status: 'UNCONFIRMED', unconfirmedReason: 'STALE', velocityTier: 'SLOW', totalOnHand: 30, totalAvailable: 0 });
      expect(stale.payload.locations).toEqual([{ locationId: 'DC-EAST', onHand: 30, reserved: 0, available: 0 }]);
      const [request] = await stack.published.waitFor('InventorySnapshotRequested', (event) => event.sku === sku);
      expect(request.payload).toMatchObject({ targetSystem: 'WMS', reason: 'STALE', locationId: 'DC-EAST', lastConfirmedAt: countedAt });

      await stack.send('InventoryUpdated', [snapshot(sku, 28, 2, new Date())], { source: '/test/wms' });
      const published = await stack.published.waitFor('InventoryAvailabilityChanged', (event) => event.sku === sku, { until: (records) => records.length >= 2 });
      expect(published[1].payload).toMatchObject({ status: 'CONFIRMED', unconfirmedReason: null, totalOnHand: 28, totalAvailable: 28, sequence: 2 });
    });
  });

  describe('when the data expires while no event arrives', () => {
    it('is found by the staleness sweep, published as 0/UNCONFIRMED and a snapshot requested once per freshness limit', async () => {
      const sku = uniqueName('SKU');
      // Confirmed for five more seconds.
      await stack.send('InventoryUpdated', [snapshot(sku, 12, 1, new Date(Date.now() - SLOW_LIMIT_MS + 5000))], { source: '/test/wms' });
      const [confirmed] = await stack.published.waitFor('InventoryAvailabilityChanged', (event) => event.sku === sku);
      expect(confirmed.payload).toMatchObject({ status: 'CONFIRMED', totalAvailable: 12 });
      expect(snapshotRequestsOf(sku)).toEqual([]);

      const published = await stack.published.waitFor('InventoryAvailabilityChanged', (event) => event.sku === sku, {
        until: (records) => records.length >= 2,
        description: 'the sweep to publish the expired SKU',
      });
      expect(published[1].payload).toMatchObject({ status: 'UNCONFIRMED', unconfirmedReason: 'STALE', totalOnHand: 12, totalAvailable: 0, sequence: 2 });
      expect(published[1].payload.calculatedAt.getTime()).toBeGreaterThanOrEqual(confirmed.payload.lastConfirmedAt!.getTime() + SLOW_LIMIT_MS);
      const [request] = await stack.published.waitFor('InventorySnapshotRequested', (event) => event.sku === sku);
      expect(request.payload).toMatchObject({ reason: 'STALE', targetSystem: 'WMS', locationId: 'DC-EAST' });

      // Later sweeps leave it alone: the next request is due a freshness limit after this one.
      const sweeps = await stack.metric('concord_inventory_sweeps_total');
      await waitFor(async () => (await stack.metric('concord_inventory_sweeps_total')) >= sweeps + 3, { description: 'three more sweeps' });
      expect(snapshotRequestsOf(sku)).toHaveLength(1);
      expect(availabilityOf(sku)).toHaveLength(2);
      const { rows } = await stack.database.query('SELECT status, next_check_at, last_snapshot_requested_at FROM sku_state WHERE sku = $1', [sku]);
      expect(rows[0].status).toBe('UNCONFIRMED');
      expect(rows[0].next_check_at.getTime() - rows[0].last_snapshot_requested_at.getTime()).toBe(SLOW_LIMIT_MS);
    });
  });

  describe('when an operator puts a SKU in the fastest tier and its count is older than that tier allows', () => {
    it('publishes it as 0/UNCONFIRMED at once and requests a snapshot', async () => {
      const sku = uniqueName('SKU');
      await stack.send('InventoryUpdated', [snapshot(sku, 9, 1, new Date(Date.now() - HIGH_LIMIT_MS - 60_000))], { source: '/test/wms' });
      const [confirmed] = await stack.published.waitFor('InventoryAvailabilityChanged', (event) => event.sku === sku);
      expect(confirmed.payload).toMatchObject({ status: 'CONFIRMED', velocityTier: 'SLOW', totalAvailable: 9 });

      const response = await fetch(await stack.url(`/inventory/skus/${sku}/velocity-tier`), {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ tier: 'HIGH' }),
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ sku, velocityTier: 'HIGH', velocityTierSource: 'override', status: 'UNCONFIRMED', totalAvailable: 0 });

      const published = await stack.published.waitFor('InventoryAvailabilityChanged', (event) => event.sku === sku, { until: (records) => records.length >= 2 });
      expect(published[1].payload).toMatchObject({ status: 'UNCONFIRMED', unconfirmedReason: 'STALE', velocityTier: 'HIGH', totalAvailable: 0 });
      const [request] = await stack.published.waitFor('InventorySnapshotRequested', (event) => event.sku === sku);
      expect(request.payload).toMatchObject({ reason: 'STALE', targetSystem: 'WMS' });
    });
  });
});
