import Decimal from 'decimal.js';
import { aNewCustomerDetails, anOrderCancelled, anOrderPostedToErp, anOrderShipped, type OrderPlaced } from '@concord/contracts';
import { eventDescriptor } from '@concord/messaging';
import { waitFor } from '@concord/testing';
import { OrderWorld, storefrontCustomerId } from './order-world';
import { startOrdersTestStack, type OrdersTestStack } from './orders-test-stack';

const topic = (name: Parameters<typeof eventDescriptor>[0]) => eventDescriptor(name).topic;

describe('cancelling an order at each stage', () => {
  let stack: OrdersTestStack;
  let world: OrderWorld;
  let customer: { externalCustomerId: string; erpCustomerId: string };
  let sku: string;

  beforeAll(async () => {
    stack = await startOrdersTestStack();
    await stack.startInstance();
    world = new OrderWorld(stack);
    customer = await world.knownStorefrontCustomer();
    sku = world.sku();
    await world.product(sku);
    await world.price(sku, '6.00');
  });

  afterAll(async () => {
    await stack?.close();
  });

  const cancel = (order: OrderPlaced, reason = 'CUSTOMER_REQUEST') =>
    stack.send('OrderCancelled', [anOrderCancelled({ sourceSystem: order.sourceSystem, externalOrderId: order.externalOrderId, reason, cancelledAt: new Date() })], {
      source: '/test/storefront',
    });

  async function accepted(): Promise<{ order: OrderPlaced; orderId: string }> {
    const order = world.order(customer.externalCustomerId, [{ sku, quantity: 2, shownUnitPrice: new Decimal('6.00') }]);
    await world.place(order);
    const { orderId } = await world.orderIn(order.externalOrderId, 'AWAITING_STOCK');
    await world.reserve(await world.reservationRequest(orderId));
    await world.orderIn(order.externalOrderId, 'ACCEPTED');
    return { order, orderId };
  }

  describe('before its OrderPlaced arrived', () => {
    it('remembers the cancellation: the order ends CANCELLED at once and nothing is reserved', async () => {
      const order = world.order(customer.externalCustomerId, [{ sku }]);
      await cancel(order);
      await waitForIntakeCancellation(order.externalOrderId);
      await world.place(order);

      const { orderId } = await world.orderIn(order.externalOrderId, 'CANCELLED');
      expect(await world.outboxTopicsOf(orderId)).toEqual([]);
      expect((await world.view(order)).history).toEqual([
        expect.objectContaining({ from: null, to: 'CANCELLED', reason: 'CANCELLED_BEFORE_PLACEMENT', trigger: 'OrderPlaced', detail: { cancellation: expect.objectContaining({ reason: 'CUSTOMER_REQUEST' }) } }),
      ]);
    });
  });

  describe('while it waits for its new customer', () => {
    it('cancels it without asking inventory for anything', async () => {
      const externalCustomerId = storefrontCustomerId();
      const order = world.order(externalCustomerId, [{ sku }], { customer: { externalCustomerId, newCustomer: aNewCustomerDetails() } });
      await world.place(order);
      const { orderId } = await world.orderIn(order.externalOrderId, 'AWAITING_CUSTOMER');
      await cancel(order);

      await world.orderIn(order.externalOrderId, 'CANCELLED');
      expect(await world.outboxTopicsOf(orderId)).toEqual([topic('CustomerCreationRequested'), topic('OrderHeld')]);
      // The customer created afterwards does not bring it back.
      await world.customer([
        { sourceSystem: 'ECOMMERCE', externalId: externalCustomerId },
        { sourceSystem: 'ERP', externalId: `C${externalCustomerId}` },
      ]);
      expect((await world.view(order)).state).toBe('CANCELLED');
    });
  });

  describe('while it waits for inventory', () => {
    it('releases the stock, and releases again when the reservation arrives after the cancellation', async () => {
      const order = world.order(customer.externalCustomerId, [{ sku, shownUnitPrice: new Decimal('6.00') }]);
      await world.place(order);
      const { orderId } = await world.orderIn(order.externalOrderId, 'AWAITING_STOCK');
      const request = await world.reservationRequest(orderId);
      await cancel(order);
      await world.orderIn(order.externalOrderId, 'CANCELLED');
      const [release] = await stack.published.waitFor('StockReleaseRequested', (event) => event.orderId === orderId);
      expect(release.payload.reason).toBe('ORDER_CANCELLED');

      // Inventory reserved before it saw the release: that reservation must not stay.
      await world.reserve(request);
      const releases = await stack.published.waitFor('StockReleaseRequested', (event) => event.orderId === orderId, { until: (records) => records.length === 2 });
      expect(releases.map((record) => record.payload.reason)).toEqual(['ORDER_CANCELLED', 'ORDER_CANCELLED']);
      const view = await world.view(order);
      expect(view).toMatchObject({ state: 'CANCELLED', stockStatus: 'RELEASE_REQUESTED', cancelReason: 'CUSTOMER_REQUEST' });
      expect(view.history?.at(-1)).toMatchObject({ from: 'CANCELLED', to: 'CANCELLED', reason: 'LATE_RESERVATION_RELEASED', trigger: 'StockReserved' });
      expect(await world.outboxTopicsOf(orderId)).not.toContain(topic('OrderAccepted'));
    });
  });

  describe('once accepted', () => {
    it('releases the stock and asks the ERP to cancel it', async () => {
      const { order, orderId } = await accepted();
      await cancel(order, 'ORDERED_BY_MISTAKE');
      await world.orderIn(order.externalOrderId, 'CANCELLED');
      await stack.published.waitFor('StockReleaseRequested', (event) => event.orderId === orderId && event.reason === 'ORDER_CANCELLED');
      const [request] = await stack.published.waitFor('OrderCancellationRequested', (event) => event.orderId === orderId);
      expect(request.payload).toMatchObject({ externalOrderId: order.externalOrderId, erpOrderNumber: null, reason: 'ORDERED_BY_MISTAKE' });
    });
  });

  describe('once posted to the ERP', () => {
    it('releases the stock and asks the ERP to cancel its order number', async () => {
      const { order, orderId } = await accepted();
      await stack.send('OrderPostedToErp', [anOrderPostedToErp({ orderId, erpOrderNumber: 'SO-880011', postedAt: new Date() })], { source: '/test/erp' });
      await world.orderIn(order.externalOrderId, 'POSTED');
      await cancel(order);
      await world.orderIn(order.externalOrderId, 'CANCELLED');
      await stack.published.waitFor('StockReleaseRequested', (event) => event.orderId === orderId);
      const [request] = await stack.published.waitFor('OrderCancellationRequested', (event) => event.orderId === orderId);
      expect(request.payload.erpOrderNumber).toBe('SO-880011');
    });
  });

  describe('once shipped', () => {
    it('refuses the cancellation, records it in the history and releases nothing', async () => {
      const { order, orderId } = await accepted();
      await stack.send('OrderShipped', [anOrderShipped({ orderId, locationId: 'DC-EAST', lines: [{ lineNumber: 1, sku, quantity: 2 }], shippedAt: new Date() })], { source: '/test/wms' });
      await world.orderIn(order.externalOrderId, 'SHIPPED');
      await cancel(order);

      const refusal = await waitForHistory(order, (reason) => reason === 'CANCELLATION_REFUSED');
      expect(refusal).toMatchObject({ from: 'SHIPPED', to: 'SHIPPED', trigger: 'OrderCancelled', detail: { why: 'ALREADY_SHIPPED', cancelReason: 'CUSTOMER_REQUEST' } });
      expect((await world.view(order)).state).toBe('SHIPPED');
      expect(await world.outboxTopicsOf(orderId)).toEqual([topic('StockReservationRequested'), topic('OrderAccepted')]);
      expect(await stack.metric('concord_orders_cancellations_total', { outcome: 'refused', stage: 'SHIPPED' })).toBe(1);
    });
  });

  async function waitForIntakeCancellation(externalOrderId: string): Promise<void> {
    await waitFor(
      async () => (await stack.database.query('SELECT 1 FROM order_intake WHERE external_order_id = $1 AND early_cancellation IS NOT NULL', [externalOrderId])).rowCount === 1,
      { description: `the early cancellation of ${externalOrderId} to be remembered` },
    );
  }

  async function waitForHistory(order: OrderPlaced, matches: (reason: string) => boolean) {
    return waitFor(async () => (await world.view(order)).history?.find((entry) => matches(entry.reason)), { description: `a history entry of ${order.externalOrderId}` });
  }
});
