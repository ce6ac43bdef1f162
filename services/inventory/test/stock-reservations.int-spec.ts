import { anInventoryUpdated, anOrderShipped, aStockReleaseRequested, aStockReservationRequested, type StockReservationRequested } from '@concord/contracts';
import { uniqueName, waitFor } from '@concord/testing';
import { startInventoryTestStack, type InventoryTestStack } from './inventory-test-stack';

function countedNow(sku: string, quantity: number, locationId = 'DC-EAST') {
  return anInventoryUpdated({ sku, locationId, kind: 'SNAPSHOT', adjustmentReason: null, quantity, sourceSequence: 1, occurredAt: new Date(), reference: null });
}

function order(sku: string, quantity: number): StockReservationRequested {
  return aStockReservationRequested({ lines: [{ lineNumber: 1, sku, quantity }], shipToRegion: null, allowBackorder: false, requestedAt: new Date() });
}

describe('reservations on two instances of the service sharing one consumer group', () => {
  let stack: InventoryTestStack;

  beforeAll(async () => {
    stack = await startInventoryTestStack();
    await stack.startInstance();
    await stack.startInstance();
    const admin = stack.kafka.admin();
    await admin.connect();
    try {
      await waitFor(
        async () => {
          const [group] = (await admin.describeGroups([stack.groupId])).groups;
          return group.state === 'Stable' && group.members.length === 2;
        },
        { timeoutMs: 60_000, description: 'both instances to share the consumer group' },
      );
    } finally {
      await admin.disconnect();
    }
  });

  afterAll(async () => {
    await stack?.close();
  });

  const stockRow = async (sku: string) => (await stack.database.query('SELECT on_hand, reserved FROM stock_levels WHERE sku = $1', [sku])).rows[0] as { on_hand: number; reserved: number };

  async function stockCounted(sku: string, quantity: number): Promise<void> {
    await stack.send('InventoryUpdated', [countedNow(sku, quantity)], { source: '/test/wms' });
    await stack.published.waitFor('InventoryAvailabilityChanged', (event) => event.sku === sku && event.status === 'CONFIRMED');
  }

  describe('when 200 orders of one unit each arrive at once for a SKU with 50 units', () => {
    it('reserves exactly 50 units, rejects the other 150 with their short lines, and never shows negative availability or more reserved than on hand', async () => {
      const sku = uniqueName('SKU');
      await stockCounted(sku, 50);
      const orders = Array.from({ length: 200 }, () => order(sku, 1));
      const orderIds = new Set(orders.map((request) => request.orderId));

      // Sample the database while the orders are being reserved.
      const overcommitted: Array<{ on_hand: number; reserved: number }> = [];
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          const row = await stockRow(sku);
          if (row.reserved > row.on_hand) overcommitted.push(row);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      })();

      await stack.send('StockReservationRequested', orders, { source: '/test/orders' });
      const answered = (event: { orderId: string }) => orderIds.has(event.orderId);
      await waitFor(() => stack.published.of('StockReserved', answered).length + stack.published.of('StockReservationRejected', answered).length >= 200, {
        timeoutMs: 120_000,
        description: 'an answer to every order',
      });
      sampling = false;
      await sampler;

      const reserved = stack.published.of('StockReserved', answered).map((record) => record.payload);
      const rejected = stack.published.of('StockReservationRejected', answered).map((record) => record.payload);
      expect(reserved).toHaveLength(50);
      expect(rejected).toHaveLength(150);
      expect(new Set([...reserved, ...rejected].map((answer) => answer.orderId)).size).toBe(200);
      for (const answer of reserved) {
        expect(answer.lines).toEqual([
          { lineNumber: 1, sku, requestedQuantity: 1, reservedQuantity: 1, backorderedQuantity: 0, allocations: [{ locationId: 'DC-EAST', quantity: 1 }] },
        ]);
      }
      for (const answer of rejected) {
        expect(answer).toMatchObject({ reason: 'INSUFFICIENT_STOCK', shortfalls: [{ lineNumber: 1, sku, requestedQuantity: 1, availableQuantity: 0 }] });
      }

      expect(overcommitted).toEqual([]);
      expect(await stockRow(sku)).toEqual({ on_hand: 50, reserved: 50 });
      const { rows } = await stack.database.query(
        `SELECT count(DISTINCT r.order_id) AS orders, sum(a.held_quantity) AS held
         FROM reservations r JOIN reservation_allocations a USING (reservation_id) JOIN reservation_lines l USING (reservation_id, line_number)
         WHERE l.sku = $1 AND r.status = 'OPEN'`,
        [sku],
      );
      expect(rows[0]).toEqual({ orders: '50', held: '50' });

      const availability = (
        await stack.published.waitFor('InventoryAvailabilityChanged', (event) => event.sku === sku, {
          until: (records) => records.some((record) => record.payload.totalReserved === 50),
        })
      ).map((record) => record.payload);
      for (const event of availability) {
        expect(event.totalAvailable).toBeGreaterThanOrEqual(0);
        expect(event.totalReserved).toBeLessThanOrEqual(event.totalOnHand);
        for (const location of event.locations) expect(location.available).toBeGreaterThanOrEqual(0);
      }
      expect(availability.map((event) => event.sequence)).toEqual(availability.map((_, index) => index + 1));
      expect(availability.at(-1)).toMatchObject({ totalOnHand: 50, totalReserved: 50, totalAvailable: 0 });
    });
  });

  describe('when an order whose every unit was back-ordered is cancelled', () => {
    it('ends its reservation (RELEASED, StockReleased with no lines) without moving stock', async () => {
      const sku = uniqueName('SKU');
      await stockCounted(sku, 1);
      const first = order(sku, 1);
      const backordered = { ...order(sku, 4), allowBackorder: true };
      await stack.send('StockReservationRequested', [first], { source: '/test/orders' });
      await stack.published.waitFor('StockReserved', (event) => event.orderId === first.orderId);
      await stack.send('StockReservationRequested', [backordered], { source: '/test/orders' });
      const [reserved] = await stack.published.waitFor('StockReserved', (event) => event.orderId === backordered.orderId);
      expect(reserved.payload.lines).toEqual([expect.objectContaining({ reservedQuantity: 0, backorderedQuantity: 4, allocations: [] })]);

      await stack.send('StockReleaseRequested', [aStockReleaseRequested({ orderId: backordered.orderId, reason: 'ORDER_CANCELLED', requestedAt: new Date() })], {
        source: '/test/orders',
      });
      const [released] = await stack.published.waitFor('StockReleased', (event) => event.orderId === backordered.orderId);
      expect(released.payload).toMatchObject({ reservationId: reserved.payload.reservationId, reason: 'ORDER_CANCELLED', lines: [] });
      const { rows } = await stack.database.query('SELECT status, release_reason FROM reservations WHERE order_id = $1', [backordered.orderId]);
      expect(rows).toEqual([{ status: 'RELEASED', release_reason: 'ORDER_CANCELLED' }]);
      expect(await stockRow(sku)).toEqual({ on_hand: 1, reserved: 1 });
    });
  });

  describe('when an order is cancelled and another ships', () => {
    it('frees the cancelled order’s stock with StockReleased and consumes the shipped order’s reservation without touching on-hand', async () => {
      const sku = uniqueName('SKU');
      await stockCounted(sku, 10);
      const cancelled = order(sku, 3);
      const shipped = order(sku, 2);
      await stack.send('StockReservationRequested', [cancelled, shipped], { source: '/test/orders' });
      await stack.published.waitFor('StockReserved', (event) => event.orderId === cancelled.orderId || event.orderId === shipped.orderId, {
        until: (records) => records.length === 2,
      });
      expect(await stockRow(sku)).toEqual({ on_hand: 10, reserved: 5 });

      await stack.send('StockReleaseRequested', [aStockReleaseRequested({ orderId: cancelled.orderId, reason: 'ORDER_CANCELLED', requestedAt: new Date() })], {
        source: '/test/orders',
      });
      const [released] = await stack.published.waitFor('StockReleased', (event) => event.orderId === cancelled.orderId);
      expect(released.payload).toMatchObject({ reason: 'ORDER_CANCELLED', lines: [{ sku, locationId: 'DC-EAST', quantity: 3 }] });
      expect(await stockRow(sku)).toEqual({ on_hand: 10, reserved: 2 });

      const shipment = anOrderShipped({ orderId: shipped.orderId, locationId: 'DC-EAST', lines: [{ lineNumber: 1, sku, quantity: 2 }], shippedAt: new Date() });
      await stack.send('OrderShipped', [shipment], { source: '/test/wms' });
      const statusOf = async (orderId: string) => (await stack.database.query('SELECT status FROM reservations WHERE order_id = $1', [orderId])).rows[0]?.status;
      await waitFor(async () => (await statusOf(shipped.orderId)) === 'SHIPPED', { description: 'the shipped order’s reservation to be consumed' });
      expect(await statusOf(cancelled.orderId)).toBe('RELEASED');
      expect(await stockRow(sku)).toEqual({ on_hand: 10, reserved: 0 });

      // The same shipment sent again (a new CloudEvents id) changes nothing.
      await stack.send('OrderShipped', [shipment], { source: '/test/wms' });
      await waitFor(
        async () => (await stack.database.query("SELECT count(*) AS n FROM processed_events WHERE topic = 'orders.order-shipped.v1'")).rows[0].n === '2',
        { description: 'the repeated shipment to be consumed' },
      );
      expect((await stack.database.query('SELECT count(*) AS n FROM shipments WHERE order_id = $1', [shipped.orderId])).rows[0].n).toBe('1');
      expect(await stockRow(sku)).toEqual({ on_hand: 10, reserved: 0 });

      // On-hand moves with the WMS's PICK, not with the shipment.
      await stack.send('InventoryUpdated', [{ ...countedNow(sku, -2), kind: 'ADJUSTMENT', adjustmentReason: 'PICK', sourceSequence: 2 }], { source: '/test/wms' });
      const availability = (
        await stack.published.waitFor('InventoryAvailabilityChanged', (event) => event.sku === sku, {
          until: (records) => records.some((record) => record.payload.totalOnHand === 8),
        })
      ).map(({ payload }) => [payload.totalOnHand, payload.totalReserved, payload.totalAvailable]);
      expect(availability[0]).toEqual([10, 0, 10]);
      expect(availability).toContainEqual([10, 5, 5]);
      expect(availability.slice(-3)).toEqual([
        [10, 2, 8], // released
        [10, 0, 10], // shipped
        [8, 0, 8], // picked
      ]);
      expect(await stockRow(sku)).toEqual({ on_hand: 8, reserved: 0 });
    });
  });
});
