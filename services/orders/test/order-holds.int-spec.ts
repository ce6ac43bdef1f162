import Decimal from 'decimal.js';
import { aNewCustomerDetails, aStockReservationRejected } from '@concord/contracts';
import type { OrderView } from '../src/query-orders/order-view';
import { OrderWorld, storefrontCustomerId } from './order-world';
import { charterWith, startOrdersTestStack, type OrdersTestStack } from './orders-test-stack';

const HOUR = 3_600_000;

// A charter that holds both price mismatches and short stock for review, and a one-second customer wait.
const holdingCharter = charterWith((document) => {
  document.setIn(['order_policies', 'price_mismatch'], 'HOLD');
  document.setIn(['order_policies', 'insufficient_stock'], 'HOLD');
  document.setIn(['version'], '2026.11.7');
});

describe('held orders and their release', () => {
  let stack: OrdersTestStack;
  let world: OrderWorld;

  beforeAll(async () => {
    stack = await startOrdersTestStack({ charter: holdingCharter, env: { ORDERS_CUSTOMER_WAIT: 'PT1S' } });
    await stack.startInstance();
    world = new OrderWorld(stack);
  });

  afterAll(async () => {
    await stack?.close();
  });

  async function release(orderId: string, body: unknown): Promise<{ status: number; body: OrderView & { message?: string } }> {
    const response = await fetch(await stack.url(`/orders/${orderId}/release`), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as OrderView & { message?: string } };
  }

  async function pricedProduct(amount: string): Promise<string> {
    const sku = world.sku();
    await world.product(sku);
    await world.price(sku, amount);
    return sku;
  }

  describe('when inventory cannot reserve the stock and the charter holds short orders', () => {
    it('holds the order (INSUFFICIENT_STOCK) with the short lines, and a release after restocking reserves and accepts it', async () => {
      const customer = await world.knownStorefrontCustomer();
      const sku = await pricedProduct('4.00');
      const order = world.order(customer.externalCustomerId, [{ sku, quantity: 8, shownUnitPrice: new Decimal('4.00') }]);
      await world.place(order);
      const { orderId } = await world.orderIn(order.externalOrderId, 'AWAITING_STOCK');
      const request = await world.reservationRequest(orderId);
      expect(request.allowBackorder).toBe(false);

      await stack.send(
        'StockReservationRejected',
        [aStockReservationRejected({ orderId, reason: 'INSUFFICIENT_STOCK', shortfalls: [{ lineNumber: 1, sku, requestedQuantity: 8, availableQuantity: 3 }], rejectedAt: new Date() })],
        { source: '/test/inventory' },
      );
      await world.orderIn(order.externalOrderId, 'HELD');
      const [held] = await stack.published.waitFor('OrderHeld', (event) => event.orderId === orderId);
      expect(held.payload).toMatchObject({
        reason: 'INSUFFICIENT_STOCK',
        issues: [{ code: 'ORDERS.INSUFFICIENT_STOCK', message: `line 1: 8 of ${sku} requested, 3 available (INSUFFICIENT_STOCK)`, field: 'lines[0].quantity', lineNumber: 1 }],
        ownerTeam: 'sales-ops',
        charterVersion: '2026.11.7',
      });
      expect(held.payload.reviewDeadline!.getTime() - held.payload.heldAt.getTime()).toBe(4 * HOUR);

      const released = await release(orderId, { releasedBy: 'warehouse.lead', note: 'goods received' });
      expect(released.status).toBe(200);
      expect(released.body).toMatchObject({ state: 'AWAITING_STOCK', hold: null });
      const requests = await stack.published.waitFor('StockReservationRequested', (event) => event.orderId === orderId, { until: (records) => records.length === 2 });
      await world.reserve(requests[1].payload);
      await stack.published.waitFor('OrderAccepted', (event) => event.orderId === orderId);
      expect((await world.view(order)).history?.map((entry) => `${entry.from}->${entry.to} ${entry.reason} (${entry.trigger}, ${entry.actor})`)).toEqual([
        'null->AWAITING_STOCK STOCK_RESERVATION_REQUESTED (OrderPlaced, /test/storefront)',
        'AWAITING_STOCK->HELD INSUFFICIENT_STOCK (StockReservationRejected, /test/inventory)',
        'HELD->AWAITING_STOCK STOCK_RESERVATION_REQUESTED (manual release, warehouse.lead)',
        'AWAITING_STOCK->ACCEPTED STOCK_RESERVED (StockReserved, /test/inventory)',
      ]);
    });
  });

  describe('when an order is held because a line has no governed price', () => {
    it('lists it among the held orders and, once the price exists, a release sends it on; the release is audited', async () => {
      const customer = await world.knownStorefrontCustomer();
      const priced = await pricedProduct('2.50');
      const unpriced = world.sku();
      await world.product(unpriced);
      const order = world.order(customer.externalCustomerId, [
        { sku: priced, shownUnitPrice: new Decimal('2.50') },
        { sku: unpriced, shownUnitPrice: new Decimal('9.00') },
      ]);
      await world.place(order);
      const { orderId } = await world.orderIn(order.externalOrderId, 'HELD');

      const page = (await (await fetch(await stack.url('/orders/held?limit=500'))).json()) as { total: number; orders: OrderView[] };
      const listed = page.orders.find((candidate) => candidate.orderId === orderId);
      expect(listed).toMatchObject({ state: 'HELD', hold: { reason: 'MISSING_DATA', ownerTeam: 'sales-ops', issues: [{ code: 'ORDERS.NO_GOVERNED_PRICE', lineNumber: 2 }] } });

      // Releasing before the fix holds it again, with the same issue.
      const tooEarly = await release(orderId, { releasedBy: 'j.doe' });
      expect(tooEarly).toMatchObject({ status: 200, body: { state: 'HELD', hold: { reason: 'MISSING_DATA' } } });

      await world.price(unpriced, '9.00');
      const released = await release(orderId, { releasedBy: 'j.doe', note: 'list price entered in the ERP' });
      expect(released.status).toBe(200);
      expect(released.body).toMatchObject({ state: 'AWAITING_STOCK', lines: [{ unitPrice: '2.5000' }, { unitPrice: '9.0000', appliedPriceType: 'LIST' }] });
      expect(released.body.history?.at(-1)).toMatchObject({
        from: 'HELD',
        to: 'AWAITING_STOCK',
        trigger: 'manual release',
        actor: 'j.doe',
        eventId: null,
        detail: { releasedBy: 'j.doe', note: 'list price entered in the ERP', releasedHold: 'MISSING_DATA' },
      });
      await world.reservationRequest(orderId);

      const again = await release(orderId, { releasedBy: 'j.doe' });
      expect(again.status).toBe(409);
      expect(again.body.message).toBe(`order ${orderId} is AWAITING_STOCK; only a HELD order can be released`);
    });

    it('answers 404 for an unknown order and 400 naming the field for a release without a reviewer', async () => {
      expect((await release('00000000-0000-4000-8000-000000000000', { releasedBy: 'j.doe' })).status).toBe(404);
      const bad = await release('00000000-0000-4000-8000-000000000000', { note: 'who?' });
      expect(bad).toMatchObject({ status: 400, body: { message: 'releasedBy: expected who releases the order' } });
    });
  });

  describe('the HTTP API', () => {
    it('serves its OpenAPI document, answers an order by id, and names a bad id', async () => {
      const document = (await (await fetch(await stack.url('/docs-json'))).json()) as { paths: Record<string, unknown> };
      expect(Object.keys(document.paths).filter((path) => path.startsWith('/orders')).sort()).toEqual(['/orders', '/orders/held', '/orders/{orderId}', '/orders/{orderId}/release']);

      const customer = await world.knownStorefrontCustomer();
      const order = world.order(customer.externalCustomerId, [{ sku: await pricedProduct('1.00'), shownUnitPrice: new Decimal('1.00') }]);
      await world.place(order);
      const { orderId } = await world.orderIn(order.externalOrderId, 'AWAITING_STOCK');
      const byId = await fetch(await stack.url(`/orders/${orderId}`));
      expect(byId.status).toBe(200);
      expect(await byId.json()).toEqual(await world.view(order));

      expect((await fetch(await stack.url('/orders/00000000-0000-4000-8000-000000000000'))).status).toBe(404);
      const bad = await fetch(await stack.url('/orders/not-an-id'));
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { message: string }).message).toBe('orderId: expected an order id (a UUID)');
      expect((await fetch(await stack.url('/orders?sourceSystem=ECOMMERCE&externalOrderId=nobody'))).status).toBe(404);
    });
  });

  describe('when a shown price is off and the charter holds mismatches', () => {
    it('holds the order (PRICE_MISMATCH) and counts the conflict; a reviewer’s release accepts the governed price', async () => {
      const customer = await world.knownStorefrontCustomer();
      const sku = await pricedProduct('10.00');
      const order = world.order(customer.externalCustomerId, [{ sku, quantity: 1, shownUnitPrice: new Decimal('9.00') }]);
      await world.place(order);
      const { orderId } = await world.orderIn(order.externalOrderId, 'HELD');
      const [held] = await stack.published.waitFor('OrderHeld', (event) => event.orderId === orderId);
      expect(held.payload).toMatchObject({ reason: 'PRICE_MISMATCH', issues: [{ code: 'ORDERS.PRICE_MISMATCH', lineNumber: 1 }] });
      expect(await stack.metric('concord_orders_price_conflicts_total', { handling: 'held' })).toBeGreaterThanOrEqual(1);

      await release(orderId, { releasedBy: 'pricing.reviewer', note: 'storefront showed a stale promo' });
      await world.reserve(await world.reservationRequest(orderId));
      const [accepted] = await stack.published.waitFor('OrderAccepted', (event) => event.orderId === orderId);
      expect(accepted.payload.lines[0]).toMatchObject({ unitPrice: new Decimal('10'), shownUnitPrice: new Decimal('9') });
    });
  });

  describe('when the ERP does not create a new customer within the configured wait', () => {
    it('holds the order (AWAITING_CUSTOMER_CREATION) for the charter’s team, and a release once the customer exists continues it', async () => {
      const externalCustomerId = storefrontCustomerId();
      const sku = await pricedProduct('1.00');
      const order = world.order(externalCustomerId, [{ sku, shownUnitPrice: new Decimal('1.00') }], { customer: { externalCustomerId, newCustomer: aNewCustomerDetails() } });
      await world.place(order);
      const { orderId } = await world.orderIn(order.externalOrderId, 'AWAITING_CUSTOMER');

      await world.orderIn(order.externalOrderId, 'HELD');
      const held = await stack.published.waitFor('OrderHeld', (event) => event.orderId === orderId, { until: (records) => records.length === 2 });
      expect(held.map((record) => [record.payload.reason, record.payload.ownerTeam])).toEqual([
        ['AWAITING_CUSTOMER_CREATION', null],
        ['AWAITING_CUSTOMER_CREATION', 'sales-ops'],
      ]);
      expect(held[1].payload.issues).toEqual([expect.objectContaining({ code: 'ORDERS.CUSTOMER_CREATION_TIMED_OUT' })]);
      expect(held[1].payload.reviewDeadline).not.toBeNull();
      expect((await world.view(order)).history?.at(-1)).toMatchObject({ from: 'AWAITING_CUSTOMER', to: 'HELD', trigger: 'customer wait sweep' });

      // The customer arrives late: a held order waits for a person, who releases it.
      await world.customer([
        { sourceSystem: 'ECOMMERCE', externalId: externalCustomerId },
        { sourceSystem: 'ERP', externalId: `C${externalCustomerId}` },
      ]);
      expect((await world.view(order)).state).toBe('HELD');
      expect((await release(orderId, { releasedBy: 'sales.ops' })).body.state).toBe('AWAITING_STOCK');
    });
  });
});
