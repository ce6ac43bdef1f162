import Decimal from 'decimal.js';
import { aNewCustomerDetails, anOrderPostedToErp, anOrderReturned, anOrderShipped } from '@concord/contracts';
import { deadLetterTopic, eventDescriptor } from '@concord/messaging';
import { readTopicUntil, waitFor } from '@concord/testing';
import { OrderWorld, reservationOf, storefrontCustomerId } from './order-world';
import { startOrdersTestStack, type OrdersTestStack } from './orders-test-stack';

// The shipped charter: a price mismatch is accepted at the governed price, short stock is back-ordered.
describe('orders under the shipped charter', () => {
  let stack: OrdersTestStack;
  let world: OrderWorld;

  beforeAll(async () => {
    stack = await startOrdersTestStack();
    await stack.startInstance();
    world = new OrderWorld(stack);
  });

  afterAll(async () => {
    await stack?.close();
  });

  describe('when a valid order of a known customer is placed', () => {
    it('asks inventory for the stock, and once reserved sends the ERP OrderAccepted with ERP ids, the governed price and the routed allocation', async () => {
      const customer = await world.knownStorefrontCustomer();
      const [bolts, nuts] = [world.sku(), world.sku()];
      await world.product(bolts);
      await world.product(nuts);
      await world.price(bolts, '19.99');
      await world.price(nuts, '0.4500');
      await world.price(nuts, '0.4000', { priceType: 'VOLUME_TIER', scope: { channel: null, region: null, customerId: null, minQuantity: 100 } });
      const order = world.order(customer.externalCustomerId, [
        { sku: bolts, quantity: 3, shownUnitPrice: new Decimal('18.00') }, // off by 1.99: accepted at 19.99, a conflict
        { sku: nuts, quantity: 150, shownUnitPrice: new Decimal('0.40') },
      ]);
      await world.place(order);

      const { orderId } = await world.orderIn(order.externalOrderId, 'AWAITING_STOCK');
      const request = await world.reservationRequest(orderId);
      expect(request).toMatchObject({
        orderId,
        lines: [
          { lineNumber: 1, sku: bolts, quantity: 3 },
          { lineNumber: 2, sku: nuts, quantity: 150 },
        ],
        shipToCountryCode: 'US',
        shipToRegion: 'US-EAST',
        allowBackorder: true,
      });

      await world.reserve(request);
      const [accepted] = await stack.published.waitFor('OrderAccepted', (event) => event.orderId === orderId);
      expect(accepted.key).toBe(orderId);
      expect(accepted.payload).toMatchObject({
        externalOrderId: order.externalOrderId,
        sourceSystem: 'ECOMMERCE',
        customerId: customer.customerId,
        erpCustomerId: customer.erpCustomerId,
        currency: 'EUR',
        requestedDeliveryDate: '2026-12-15',
        charterVersion: '2026.11.1',
      });
      expect(
        accepted.payload.lines.map((line) => [line.lineNumber, line.unitPrice.toFixed(4), line.shownUnitPrice.toFixed(4), line.appliedPriceType, line.lineAmount.toFixed(4), line.allocations]),
      ).toEqual([
        [1, '19.9900', '18.0000', 'LIST', '59.9700', [{ locationId: 'DC-EAST', quantity: 3 }]],
        [2, '0.4000', '0.4000', 'VOLUME_TIER', '60.0000', [{ locationId: 'DC-EAST', quantity: 150 }]],
      ]);
      expect(accepted.payload.totalAmount.toFixed(4)).toBe('119.9700');

      await world.orderIn(order.externalOrderId, 'ACCEPTED');
      expect(await stack.metric('concord_orders_price_conflicts_total', { handling: 'accepted_at_governed_price' })).toBeGreaterThanOrEqual(1);
      expect(await stack.metric('concord_orders_time_to_accept_seconds_count')).toBeGreaterThanOrEqual(1);

      const view = await world.view(order);
      expect(view).toMatchObject({ orderId, state: 'ACCEPTED', totalAmount: '119.9700', customer: { erpCustomerId: customer.erpCustomerId } });
      expect(view.history?.map((entry) => [entry.from, entry.to, entry.reason, entry.trigger])).toEqual([
        [null, 'AWAITING_STOCK', 'STOCK_RESERVATION_REQUESTED', 'OrderPlaced'],
        ['AWAITING_STOCK', 'ACCEPTED', 'STOCK_RESERVED', 'StockReserved'],
      ]);
      expect(view.history?.[0]).toMatchObject({ actor: '/test/storefront', charterVersion: '2026.11.1', detail: { priceConflicts: [{ lineNumber: 1, shownUnitPrice: '18', governedUnitPrice: '19.99' }] } });
    });
  });

  describe('when the ERP posts the order and the WMS ships it and takes a return', () => {
    it('moves it to POSTED with the ERP order number, then SHIPPED and RETURNED, each once', async () => {
      const customer = await world.knownStorefrontCustomer();
      const sku = world.sku();
      await world.product(sku);
      await world.price(sku, '5.00');
      const order = world.order(customer.externalCustomerId, [{ sku, quantity: 2, shownUnitPrice: new Decimal('5.00') }]);
      await world.place(order);
      const { orderId } = await world.orderIn(order.externalOrderId, 'AWAITING_STOCK');
      await world.reserve(await world.reservationRequest(orderId));
      await world.orderIn(order.externalOrderId, 'ACCEPTED');

      await stack.send('OrderPostedToErp', [anOrderPostedToErp({ orderId, erpOrderNumber: 'SO-777001', postedAt: new Date() })], { source: '/test/erp' });
      await world.orderIn(order.externalOrderId, 'POSTED');
      const shipment = anOrderShipped({ orderId, locationId: 'DC-EAST', lines: [{ lineNumber: 1, sku, quantity: 2 }], shippedAt: new Date() });
      await stack.send('OrderShipped', [shipment, shipment], { source: '/test/wms' }); // the same shipment twice
      await world.orderIn(order.externalOrderId, 'SHIPPED');
      await stack.send('OrderReturned', [anOrderReturned({ orderId, locationId: 'DC-EAST', lines: [{ lineNumber: 1, sku, quantity: 1, condition: 'RESELLABLE' }], returnedAt: new Date() })], {
        source: '/test/wms',
      });
      await world.orderIn(order.externalOrderId, 'RETURNED');

      const view = await world.view(order);
      expect(view.erpOrderNumber).toBe('SO-777001');
      expect(view.history?.map((entry) => `${entry.from}->${entry.to} ${entry.reason}`)).toEqual([
        'null->AWAITING_STOCK STOCK_RESERVATION_REQUESTED',
        'AWAITING_STOCK->ACCEPTED STOCK_RESERVED',
        'ACCEPTED->POSTED POSTED_TO_ERP',
        'POSTED->SHIPPED SHIPPED',
        'SHIPPED->RETURNED RETURNED',
      ]);
    });
  });

  describe('when stock is short and the charter back-orders', () => {
    it('accepts the order with the back-ordered quantity', async () => {
      const customer = await world.knownStorefrontCustomer();
      const sku = world.sku();
      await world.product(sku);
      await world.price(sku, '7.25');
      const order = world.order(customer.externalCustomerId, [{ sku, quantity: 10, shownUnitPrice: new Decimal('7.25') }]);
      await world.place(order);
      const { orderId } = await world.orderIn(order.externalOrderId, 'AWAITING_STOCK');
      const request = await world.reservationRequest(orderId);
      expect(request.allowBackorder).toBe(true);
      await world.reserve(request, { 1: 6 });

      const [accepted] = await stack.published.waitFor('OrderAccepted', (event) => event.orderId === orderId);
      expect(accepted.payload.lines).toEqual([
        expect.objectContaining({ sku, quantity: 10, backorderedQuantity: 6, allocations: [{ locationId: 'DC-EAST', quantity: 4 }], lineAmount: new Decimal('72.5') }),
      ]);
      expect((await world.view(order)).history?.at(-1)).toMatchObject({ to: 'ACCEPTED', reason: 'ACCEPTED_WITH_BACKORDER', detail: { backorderedQuantity: 6 } });
    });
  });

  describe('when the order brings a customer the ERP does not know yet', () => {
    it('requests the customer, waits in AWAITING_CUSTOMER, and continues to the reservation once CustomerChanged carries the ERP id', async () => {
      const externalCustomerId = storefrontCustomerId();
      const sku = world.sku();
      await world.product(sku);
      await world.price(sku, '12.00');
      const details = aNewCustomerDetails({ name: 'Newark Tools LLC' });
      const order = world.order(externalCustomerId, [{ sku, quantity: 1, shownUnitPrice: new Decimal('12.00') }], { customer: { externalCustomerId, newCustomer: details } });
      await world.place(order);

      const { orderId } = await world.orderIn(order.externalOrderId, 'AWAITING_CUSTOMER');
      const [creation] = await stack.published.waitFor('CustomerCreationRequested', (event) => event.orderId === orderId);
      expect(creation.payload).toMatchObject({ sourceSystem: 'ECOMMERCE', externalCustomerId, customer: { name: 'Newark Tools LLC' } });
      const [waiting] = await stack.published.waitFor('OrderHeld', (event) => event.orderId === orderId);
      expect(waiting.payload).toMatchObject({ reason: 'AWAITING_CUSTOMER_CREATION', ownerTeam: null, reviewDeadline: null });
      expect(await world.outboxTopicsOf(orderId)).not.toContain(eventDescriptor('StockReservationRequested').topic);

      // The ERP created it; the customers service publishes the golden record with both ids.
      const customer = await world.customer([
        { sourceSystem: 'ECOMMERCE', externalId: externalCustomerId },
        { sourceSystem: 'ERP', externalId: `C${externalCustomerId}` },
      ]);
      await world.orderIn(order.externalOrderId, 'AWAITING_STOCK');
      await world.reserve(await world.reservationRequest(orderId));
      const [accepted] = await stack.published.waitFor('OrderAccepted', (event) => event.orderId === orderId);
      expect(accepted.payload).toMatchObject({ customerId: customer.customerId, erpCustomerId: `C${externalCustomerId}` });
      expect((await world.view(order)).history?.map((entry) => `${entry.to} ${entry.trigger}`)).toEqual([
        'AWAITING_CUSTOMER OrderPlaced',
        'AWAITING_STOCK CustomerChanged',
        'ACCEPTED StockReserved',
      ]);
    });

    it('lets every order waiting for the same customer continue on the one CustomerChanged', async () => {
      const externalCustomerId = storefrontCustomerId();
      const sku = world.sku();
      await world.product(sku);
      await world.price(sku, '3.00');
      const withDetails = { customer: { externalCustomerId, newCustomer: aNewCustomerDetails() } };
      const orders = [world.order(externalCustomerId, [{ sku, shownUnitPrice: new Decimal('3.00') }], withDetails), world.order(externalCustomerId, [{ sku, shownUnitPrice: new Decimal('3.00') }], withDetails)];
      await world.place(...orders);
      for (const order of orders) await world.orderIn(order.externalOrderId, 'AWAITING_CUSTOMER');

      // Only the ERP id the charter's rule expects ("C" + the storefront id) comes back.
      await world.customer([{ sourceSystem: 'ERP', externalId: `C${externalCustomerId}` }]);
      for (const order of orders) await world.orderIn(order.externalOrderId, 'AWAITING_STOCK');
    });
  });

  describe('when an order names a SKU the catalog does not know', () => {
    it('rejects it with OrderRejected naming the reason and the offending line', async () => {
      const customer = await world.knownStorefrontCustomer();
      const known = world.sku();
      const unknown = world.sku();
      await world.product(known);
      await world.price(known, '1.00');
      const order = world.order(customer.externalCustomerId, [{ sku: known }, { sku: unknown }]);
      await world.place(order);

      const { orderId } = await world.orderIn(order.externalOrderId, 'REJECTED');
      const [rejected] = await stack.published.waitFor('OrderRejected', (event) => event.orderId === orderId);
      expect(rejected.payload).toMatchObject({
        externalOrderId: order.externalOrderId,
        sourceSystem: 'ECOMMERCE',
        issues: [{ code: 'ORDERS.UNKNOWN_SKU', message: `line 2: SKU ${unknown} is not in the product master`, field: 'lines[1].sku', lineNumber: 2 }],
        charterVersion: '2026.11.1',
      });
      expect(await world.outboxTopicsOf(orderId)).toEqual([eventDescriptor('OrderRejected').topic]);
    });
  });

  describe('when an order has no delivery date', () => {
    it('holds it for review with the charter’s owner team and resolution deadline', async () => {
      const customer = await world.knownStorefrontCustomer();
      const sku = world.sku();
      await world.product(sku);
      await world.price(sku, '1.00');
      const order = world.order(customer.externalCustomerId, [{ sku }], { requestedDeliveryDate: null });
      await world.place(order);

      const { orderId } = await world.orderIn(order.externalOrderId, 'HELD');
      const [held] = await stack.published.waitFor('OrderHeld', (event) => event.orderId === orderId);
      expect(held.payload).toMatchObject({
        reason: 'MISSING_DATA',
        issues: [{ code: 'ORDERS.MISSING_REQUIRED_FIELD', field: 'requestedDeliveryDate' }],
        ownerTeam: 'sales-ops',
      });
      // MISSING_REQUIRED_FIELD: P1D in the charter's quarantine_resolution.
      expect(held.payload.reviewDeadline!.getTime() - held.payload.heldAt.getTime()).toBe(24 * 3_600_000);
    });
  });

  describe('when the same order is placed twice (a new CloudEvents id each time)', () => {
    it('keeps one order and counts the duplicate', async () => {
      const customer = await world.knownStorefrontCustomer();
      const sku = world.sku();
      await world.product(sku);
      await world.price(sku, '1.00');
      const order = world.order(customer.externalCustomerId, [{ sku }]);
      const duplicatesBefore = await stack.metric('concord_orders_duplicates_total', { source_system: 'ECOMMERCE' });
      await world.place(order);
      await world.place(order);

      await world.orderIn(order.externalOrderId, 'AWAITING_STOCK');
      await waitFor(async () => (await stack.metric('concord_orders_duplicates_total', { source_system: 'ECOMMERCE' })) === duplicatesBefore + 1, {
        description: 'the duplicate to be counted',
      });
      const { rows } = await stack.database.query('SELECT count(*)::int AS orders FROM orders WHERE external_order_id = $1', [order.externalOrderId]);
      expect(rows[0].orders).toBe(1);
      const { rows: intake } = await stack.database.query('SELECT duplicates FROM order_intake WHERE external_order_id = $1', [order.externalOrderId]);
      expect(intake[0].duplicates).toBe(1);
      const { orderId } = await world.orderIn(order.externalOrderId, 'AWAITING_STOCK');
      expect(await world.outboxTopicsOf(orderId)).toEqual([eventDescriptor('StockReservationRequested').topic]);
    });
  });

  describe('when a burst of orders arrives together (the consumer applies a chunk in one transaction)', () => {
    it('judges each order on its own, counts a duplicate inside the burst once, and accepts each once however the answers are chunked', async () => {
      const customers = [await world.knownStorefrontCustomer(), await world.knownStorefrontCustomer()];
      const skus = [world.sku(), world.sku()];
      for (const sku of skus) await world.product(sku);
      await world.price(skus[0], '2.50');
      await world.price(skus[1], '4.00');
      const valid = Array.from({ length: 20 }, (_, index) => world.order(customers[index % 2].externalCustomerId, [{ sku: skus[index % 2], quantity: index + 1 }]));
      const unknownSku = Array.from({ length: 5 }, () => world.order(customers[0].externalCustomerId, [{ sku: world.sku() }]));
      const noDeliveryDate = Array.from({ length: 5 }, () => world.order(customers[1].externalCustomerId, [{ sku: skus[0] }], { requestedDeliveryDate: null }));
      const placedTwice = valid[3];
      const duplicatesBefore = await stack.metric('concord_orders_duplicates_total', { source_system: 'ECOMMERCE' });
      await world.place(...valid, ...unknownSku, placedTwice, ...noDeliveryDate);

      const externalIds = [...valid, ...unknownSku, ...noDeliveryDate].map((order) => order.externalOrderId);
      const stored = await waitFor(
        async () => {
          const { rows } = await stack.database.query('SELECT order_id, external_order_id, state FROM orders WHERE external_order_id = ANY($1)', [externalIds]);
          return rows.length === 30 && rows.every((row) => row.state !== 'AWAITING_CUSTOMER') && (rows as Array<{ order_id: string; external_order_id: string; state: string }>);
        },
        { description: 'all 30 orders judged' },
      );
      const stateOf = new Map(stored.map((row) => [row.external_order_id, row.state]));
      expect(valid.map((order) => stateOf.get(order.externalOrderId))).toEqual(valid.map(() => 'AWAITING_STOCK'));
      expect(unknownSku.map((order) => stateOf.get(order.externalOrderId))).toEqual(unknownSku.map(() => 'REJECTED'));
      expect(noDeliveryDate.map((order) => stateOf.get(order.externalOrderId))).toEqual(noDeliveryDate.map(() => 'HELD'));
      const { rows: intake } = await stack.database.query('SELECT external_order_id, duplicates FROM order_intake WHERE external_order_id = ANY($1) AND duplicates > 0', [externalIds]);
      expect(intake).toEqual([{ external_order_id: placedTwice.externalOrderId, duplicates: 1 }]);
      await waitFor(async () => (await stack.metric('concord_orders_duplicates_total', { source_system: 'ECOMMERCE' })) === duplicatesBefore + 1, {
        description: 'the duplicate to be counted',
      });
      const orderIds = stored.map((row) => row.order_id);
      const { rows: history } = await stack.database.query('SELECT order_id, count(*)::int AS entries FROM order_state_history WHERE order_id = ANY($1) GROUP BY order_id', [orderIds]);
      expect(history).toHaveLength(30);
      expect(history.every((row) => row.entries === 1)).toBe(true);

      // Each valid order asked for its own stock at its governed price; the answers come back in one send, one twice.
      const idOf = new Map(stored.map((row) => [row.external_order_id, row.order_id]));
      const requests = await Promise.all(valid.map((order) => world.reservationRequest(idOf.get(order.externalOrderId)!)));
      expect(requests.map((request) => [request.lines[0].sku, request.lines[0].quantity])).toEqual(valid.map((order) => [order.lines[0].sku, order.lines[0].quantity]));
      const answers = requests.map((request) => reservationOf(request));
      await world.reserveAll([...answers, answers[7]]);

      const requested = new Set(requests.map((request) => request.orderId));
      const accepted = await stack.published.waitFor('OrderAccepted', (event) => requested.has(event.orderId), {
        until: (records) => new Set(records.map((record) => record.payload.orderId)).size === 20,
        description: 'OrderAccepted for the 20 valid orders',
      });
      for (const [index, order] of valid.entries()) {
        const event = accepted.find((candidate) => candidate.payload.externalOrderId === order.externalOrderId)!;
        const unitPrice = index % 2 === 0 ? '2.5000' : '4.0000';
        expect([event.payload.lines[0].unitPrice.toFixed(4), event.payload.totalAmount.toFixed(4)]).toEqual([unitPrice, new Decimal(unitPrice).times(index + 1).toFixed(4)]);
      }
      await waitFor(
        async () => {
          const { rows } = await stack.database.query("SELECT count(*)::int AS accepted FROM orders WHERE order_id = ANY($1) AND state = 'ACCEPTED'", [requests.map((request) => request.orderId)]);
          return rows[0].accepted === 20;
        },
        { description: 'the 20 valid orders ACCEPTED' },
      );
      const { rows: outboxAccepted } = await stack.database.query('SELECT count(*)::int AS rows FROM outbox WHERE topic = $1 AND message_key = ANY($2)', [
        eventDescriptor('OrderAccepted').topic,
        requests.map((request) => request.orderId),
      ]);
      expect(outboxAccepted[0].rows).toBe(20);
    });
  });

  describe('when an OrderPlaced cannot be taken in at all', () => {
    it('quarantines it to the dead-letter topic with a stable code, not as a business outcome', async () => {
      const order = world.order(storefrontCustomerId(), [{ sku: world.sku() }], { sourceSystem: 'WMS' });
      const dlt = deadLetterTopic(eventDescriptor('OrderPlaced').topic, stack.groupId);
      await world.place(order);
      const records = await readTopicUntil(stack.kafka, dlt, (found) => found.some((record) => record.key === order.externalOrderId));
      const record = records.find((candidate) => candidate.key === order.externalOrderId);
      expect(record?.headers).toMatchObject({ dlt_error_code: 'ORDERS.UNEXPECTED_SOURCE_SYSTEM', dlt_stage: 'validate' });
      const { rows } = await stack.database.query('SELECT count(*)::int AS orders FROM orders WHERE external_order_id = $1', [order.externalOrderId]);
      expect(rows[0].orders).toBe(0);
    });
  });
});

