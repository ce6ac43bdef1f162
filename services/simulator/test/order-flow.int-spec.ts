import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { context, propagation, trace } from '@opentelemetry/api';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { Client } from 'pg';
import { Decimal } from 'decimal.js';
import { loadConfig } from '@concord/config';
import {
  anAcceptedOrderLine,
  anOrderAccepted,
  anOrderCancellationRequested,
  aCustomerSyncRequested,
  avroOptions,
  type CustomerUpserted,
  type EventName,
  type OrderCancelled,
  type OrderPlaced,
  type OrderPostedToErp,
  type OrderShipped,
  type PriceChanged,
  type ProductChanged,
} from '@concord/contracts';
import { loadCharter } from '@concord/governance';
import { AvroCodec, cloudEventHeaders, eventDescriptor } from '@concord/messaging';
import { startTracing } from '@concord/observability';
import { resolveCharterPath } from '@concord/service-runtime';
import { stackEndpoints, uniqueName, uniqueSchemaName, waitFor } from '@concord/testing';
import { AppModule } from '../src/app.module';
import { simulatorConfigSchema } from '../src/config/simulator.config';
import { ProductRange } from '../src/reference-data/product-range';
import type { OrderBurstStatus } from '../src/storefront/storefront';

// The simulator's order flow started in-process against the real broker, registry and database. Its
// SKUs carry a prefix of this run's own; its orders an external id prefix of their own; the events
// this test sends it name this run's SKUs and fresh ids, so its records are told apart on shared topics.
const endpoints = stackEndpoints();
const charter = loadCharter(resolveCharterPath(undefined));
const SKU_COUNT = 40;
const CUSTOMER_COUNT = 10;

const consumedBySimulator: EventName[] = ['OrderAccepted', 'CustomerSyncRequested', 'OrderCancellationRequested', 'InventorySnapshotRequested'];
const sentBySimulator: EventName[] = ['ProductChanged', 'PriceChanged', 'CustomerUpserted', 'OrderPlaced', 'OrderCancelled', 'OrderPostedToErp', 'OrderShipped'];

interface ReadRecord {
  topic: string;
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}

interface StatusBody {
  orders: { ratePerSecond: number; externalOrderIdPrefix: string; sent: Record<string, number>; cancellations: { sent: Record<string, number>; pending: number } };
  referenceData: { published: number; products: number; specialPrices: number; knownCustomers: number };
  erp: {
    acceptedOrders: { scheduled: number; unanswered: number; ignored: number };
    customerSyncRequests: { scheduled: number; ignored: number };
    cancellationRequests: { processed: number; shipmentsDropped: number };
    sent: Record<string, number>;
  };
  wms: { sent: Record<string, number> };
}

describe('the simulated storefront, ERP and WMS of the order flow on the real stack', () => {
  const tracing = startTracing({ serviceName: uniqueName('simulator-orders-int-spec'), otlpEndpoint: endpoints.otlpEndpoint });
  const prefix = `SIMORD-${randomUUID().slice(0, 8)}-`;
  const schema = uniqueSchemaName('simulator_orders_int');
  const groupId = uniqueName('simulator-orders-int');
  const kafka = new Kafka({ brokers: endpoints.kafkaBrokers, clientId: 'simulator-orders-int-spec', logLevel: logLevel.NOTHING });
  const codec = new AvroCodec({ registryUrl: endpoints.schemaRegistryUrl, avroOptions });
  const received: ReadRecord[] = [];
  const startedAt = new Date();
  let admin: Admin;
  let database: Client;
  let stopTail: () => Promise<void>;
  let app: INestApplication;
  let url: string;
  let range: ProductRange;

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
    database = new Client({ connectionString: endpoints.databaseUrl });
    await database.connect();
    const topics = [...consumedBySimulator, ...sentBySimulator].map((event) => eventDescriptor(event).topic);
    await admin.createTopics({ topics: topics.map((topic) => ({ topic })), waitForLeaders: true });
    stopTail = await tailTopics(sentBySimulator.map((event) => eventDescriptor(event).topic), received);
    for (const event of consumedBySimulator) await moveGroupToEnd(groupId, eventDescriptor(event).topic);

    const config = loadConfig(simulatorConfigSchema, {
      ...process.env,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
      SIMULATOR_INVENTORY_RATE: '0',
      SIMULATOR_ORDER_RATE: '0',
      SIMULATOR_SEED: String(Math.floor(Math.random() * 2 ** 31)),
      SIMULATOR_SKU_COUNT: String(SKU_COUNT),
      SIMULATOR_SKU_PREFIX: prefix,
      SIMULATOR_CUSTOMER_COUNT: String(CUSTOMER_COUNT),
      SIMULATOR_INACTIVE_SKU_SHARE: '0.1',
      SIMULATOR_REFERENCE_REFRESH_MS: '0',
      SIMULATOR_CANCEL_DELAY_MS: '100-300',
      SIMULATOR_ERP_ORDER_DELAY_MS: '100-400',
      SIMULATOR_ERP_UNANSWERED_SHARE: '0',
      SIMULATOR_ERP_CUSTOMER_DELAY_MS: '50-200',
      SIMULATOR_SHIP_SHARE: '1',
      SIMULATOR_SHIP_DELAY_MS: '2500-3000',
      SIMULATOR_DB_SCHEMA: schema,
      SIMULATOR_GROUP_ID: groupId,
    });
    app = await NestFactory.create(AppModule.register(config, charter), { logger: false });
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    range = app.get(ProductRange);
  });

  afterAll(async () => {
    await app?.close();
    await stopTail?.();
    await database?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await database?.end();
    await admin?.deleteGroups([groupId]).catch(() => undefined);
    await admin?.disconnect();
    await tracing.shutdown();
  });

  const status = async (): Promise<StatusBody> => (await (await fetch(`${url}/simulator/status`)).json()) as StatusBody;
  const post = (path: string, body: unknown) => fetch(`${url}/simulator/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const of = (event: EventName, keep: (record: ReadRecord) => boolean = () => true) => received.filter((r) => r.topic === eventDescriptor(event).topic && keep(r));
  const decode = async <T>(event: EventName, record: ReadRecord): Promise<T> => (await codec.decode(record.value, eventDescriptor(event))).payload as T;
  const traceIdOf = (record: ReadRecord) => record.headers.traceparent?.split('-')[1];

  describe('at start-up', () => {
    it('publishes every SKU as ProductChanged and every price as PriceChanged, as stand-ins for the catalog and pricing services', async () => {
      const ours = (r: ReadRecord) => r.key.startsWith(prefix);
      await waitFor(() => of('ProductChanged', ours).length === SKU_COUNT && of('PriceChanged', ours).length === SKU_COUNT + range.specialPrices.length, {
        description: 'the products and prices of the range',
      });
      const products = await Promise.all(of('ProductChanged', ours).map((r) => decode<ProductChanged>('ProductChanged', r)));
      expect(new Set(products.map((p) => p.sku)).size).toBe(SKU_COUNT);
      expect(products.filter((p) => p.status === 'INACTIVE').map((p) => p.sku).sort()).toEqual([...range.inactiveSkus].sort());
      expect(range.inactiveSkus).toHaveLength(4);
      for (const record of of('ProductChanged', ours)) expect(record.headers.ce_source).toBe('/simulator/catalog-standin');

      const prices = await Promise.all(of('PriceChanged', ours).map((r) => decode<PriceChanged>('PriceChanged', r)));
      const list = prices.filter((p) => p.priceType === 'LIST');
      expect(list).toHaveLength(SKU_COUNT);
      for (const price of list) {
        expect(price.amount.equals(range.listPrice(price.sku))).toBe(true);
        expect(price).toMatchObject({ currency: 'USD', sourceSystem: charter.priceTypeOwner('LIST'), scope: { channel: null, region: null, customerId: null, minQuantity: null } });
      }
      expect(prices.filter((p) => p.priceType !== 'LIST')).toHaveLength(range.specialPrices.length);
      for (const record of of('PriceChanged', ours)) expect(record.headers.ce_source).toBe('/simulator/pricing-standin');
    });

    it('publishes the ERP\'s known customers as CustomerUpserted "C1" … "Cn" with complete account data', async () => {
      const known = (r: ReadRecord) => /^C\d+$/.test(r.key) && r.headers.ce_source === '/erp/simulator' && r.headers.ce_time >= startedAt.toISOString();
      await waitFor(() => new Set(of('CustomerUpserted', known).map((r) => r.key)).size >= CUSTOMER_COUNT, { description: 'the known customers' });
      const customers = await Promise.all(of('CustomerUpserted', known).map((r) => decode<CustomerUpserted>('CustomerUpserted', r)));
      // Another simulator on the shared stack may publish C1 too (the same account, unless it runs older code).
      const first = customers.find((c) => c.externalId === 'C1' && c.name === range.customers[0].name);
      expect(first).toMatchObject({ sourceSystem: 'ERP', customerId: null, syncRequestId: null, accountStatus: 'ACTIVE', currency: 'USD' });
      expect(first?.creditLimitAmount?.greaterThan(0)).toBe(true);
      expect(first?.contacts?.[0]).toMatchObject({ primary: true, email: range.customers[0].email });
      expect(charter.postalCodeMatches(first!.billingAddress!.countryCode, first!.billingAddress!.postalCode)).toBe(true);
    });
  });

  describe('when Concord sends the ERP an accepted order', () => {
    it('answers OrderPostedToErp in the order\'s trace, and the WMS later ships the allocations, one shipment per location', async () => {
      const [skuA, skuB] = range.sellableSkus;
      const order = anOrderAccepted({
        lines: [
          anAcceptedOrderLine({ lineNumber: 1, sku: skuA, quantity: 5, allocations: [{ locationId: 'DC-EAST', quantity: 3 }, { locationId: 'DC-WEST', quantity: 2 }] }),
          anAcceptedOrderLine({ lineNumber: 2, sku: skuB, quantity: 4, backorderedQuantity: 1, allocations: [{ locationId: 'DC-EAST', quantity: 3 }] }),
        ],
      });
      const traceId = await sendTraced([{ event: 'OrderAccepted', payload: order }]);

      const [posting] = await waitFor(() => nonEmpty(of('OrderPostedToErp', (r) => r.key === order.orderId)), { description: 'the ERP posting' });
      expect(traceIdOf(posting)).toBe(traceId);
      expect(posting.headers).toMatchObject({ ce_source: '/erp/simulator', ce_type: eventDescriptor('OrderPostedToErp').ceType, ce_subject: order.orderId });
      const posted = await decode<OrderPostedToErp>('OrderPostedToErp', posting);
      expect(posted).toMatchObject({ sourceSystem: 'ERP', orderId: order.orderId, erpOrderNumber: expect.stringMatching(/^SO-\d{15}$/) });

      const shipments = await waitFor(() => of('OrderShipped', (r) => r.key === order.orderId).length === 2 && of('OrderShipped', (r) => r.key === order.orderId), {
        description: 'the two shipments',
      });
      const shipped = await Promise.all(shipments.map((r) => decode<OrderShipped>('OrderShipped', r)));
      const byLocation = Object.fromEntries(shipped.map((s) => [s.locationId, s.lines]));
      expect(byLocation).toEqual({
        'DC-EAST': [{ lineNumber: 1, sku: skuA, quantity: 3 }, { lineNumber: 2, sku: skuB, quantity: 3 }],
        'DC-WEST': [{ lineNumber: 1, sku: skuA, quantity: 2 }],
      });
      for (const record of shipments) {
        expect(traceIdOf(record)).toBe(traceId);
        expect(record.headers.ce_source).toBe('/wms/simulator');
      }
      for (const s of shipped) expect(s.shippedAt.getTime()).toBeGreaterThan(posted.postedAt.getTime());
    });

    it('does not ship an order Concord asks it to cancel before the goods left', async () => {
      const order = anOrderAccepted({
        lines: [anAcceptedOrderLine({ sku: range.sellableSkus[2], quantity: 2, allocations: [{ locationId: 'DC-EU', quantity: 2 }] })],
      });
      const before = (await status()).erp.cancellationRequests;
      await sendTraced([{ event: 'OrderAccepted', payload: order }]);
      await waitFor(() => nonEmpty(of('OrderPostedToErp', (r) => r.key === order.orderId)), { description: 'the ERP posting' });
      await sendTraced([{ event: 'OrderCancellationRequested', payload: anOrderCancellationRequested({ orderId: order.orderId, externalOrderId: order.externalOrderId }) }]);
      await waitFor(async () => (await status()).erp.cancellationRequests.processed > before.processed, { description: 'the cancellation request processed' });
      const after = (await status()).erp.cancellationRequests;
      expect(after.shipmentsDropped).toBe(before.shipmentsDropped + 1);
      const { rows } = await database.query(`SELECT count(*)::int AS n FROM "${schema}".scheduled_records WHERE order_id = $1`, [order.orderId]);
      expect(rows[0].n).toBe(0);
      expect(of('OrderShipped', (r) => r.key === order.orderId)).toEqual([]);
    });

    it('ignores an order with a SKU outside its range: it is not this ERP\'s order', async () => {
      const order = anOrderAccepted({ lines: [anAcceptedOrderLine({ sku: `OTHER-${randomUUID()}` })] });
      const before = (await status()).erp.acceptedOrders.ignored;
      await sendTraced([{ event: 'OrderAccepted', payload: order }]);
      await waitFor(async () => (await status()).erp.acceptedOrders.ignored > before, { description: 'the order ignored' });
      const { rows } = await database.query(`SELECT count(*)::int AS n FROM "${schema}".scheduled_records WHERE order_id = $1`, [order.orderId]);
      expect(rows[0].n).toBe(0);
    });
  });

  describe('when Concord asks the ERP to create a customer', () => {
    it('answers CustomerUpserted with the new ERP id, the request\'s ids echoed, its details and the ERP\'s default terms, in the request\'s trace', async () => {
      const fromStorefront = aCustomerSyncRequested({ originSystem: 'ECOMMERCE', originExternalId: String(10_000_000_000 + Math.floor(Math.random() * 1e9)), orderId: randomUUID() });
      const fromCrm = aCustomerSyncRequested({ originSystem: 'CRM', originExternalId: `CRM-${randomUUID()}` });
      const toCrm = aCustomerSyncRequested({ targetSystem: 'CRM' });
      const before = (await status()).erp.customerSyncRequests;
      const traceId = await sendTraced([fromStorefront, fromCrm, toCrm].map((payload) => ({ event: 'CustomerSyncRequested' as const, payload })));

      const answerTo = (syncRequestId: string) => async () => {
        for (const record of of('CustomerUpserted', (r) => r.headers.ce_source === '/erp/simulator')) {
          const upsert = await decode<CustomerUpserted>('CustomerUpserted', record);
          if (upsert.syncRequestId === syncRequestId) return { record, upsert };
        }
        return undefined;
      };
      const storefrontAnswer = await waitFor(answerTo(fromStorefront.syncRequestId), { description: 'the answer to the storefront customer' });
      expect(storefrontAnswer.upsert).toMatchObject({
        sourceSystem: 'ERP',
        externalId: `C${fromStorefront.originExternalId}`,
        customerId: fromStorefront.customerId,
        syncRequestId: fromStorefront.syncRequestId,
        name: fromStorefront.name,
        contacts: fromStorefront.contacts,
        billingAddress: fromStorefront.billingAddress,
        taxId: fromStorefront.taxId,
        currency: 'USD',
        paymentTerms: 'NET30',
        accountStatus: 'ACTIVE',
      });
      expect(storefrontAnswer.upsert.creditLimitAmount).toEqual(new Decimal('10000'));
      expect(storefrontAnswer.record.key).toBe(`C${fromStorefront.originExternalId}`);
      expect(traceIdOf(storefrontAnswer.record)).toBe(traceId);

      const crmAnswer = await waitFor(answerTo(fromCrm.syncRequestId), { description: 'the answer to the CRM customer' });
      expect(crmAnswer.upsert).toMatchObject({ externalId: expect.stringMatching(/^CN\d{12}$/), customerId: fromCrm.customerId });

      await waitFor(async () => (await status()).erp.customerSyncRequests.ignored > before.ignored, { description: 'the request to the CRM ignored' });
      expect(await answerTo(toCrm.syncRequestId)()).toBeUndefined();
    });
  });

  describe('when a burst of orders is asked for', () => {
    const COUNT = 400;
    let burst: OrderBurstStatus;
    let orders: Array<{ record: ReadRecord; order: OrderPlaced }>;

    beforeAll(async () => {
      const started = await post('orders/burst', { count: COUNT, rate: 1000, badShare: 0.5, newCustomerShare: 0.2, cancelShare: 0.1 });
      expect(started.status).toBe(202);
      const { id } = (await started.json()) as OrderBurstStatus;
      const second = await post('orders/burst', { count: 1, rate: 1 });
      expect(second.status).toBe(409);
      burst = await waitFor(
        async () => {
          const current = (await (await fetch(`${url}/simulator/orders/burst/${id}`)).json()) as OrderBurstStatus;
          return current.state === 'done' && current;
        },
        { description: 'the burst to finish' },
      );
      const { externalOrderIdPrefix } = (await status()).orders;
      const ours = (r: ReadRecord) => r.key.startsWith(externalOrderIdPrefix);
      await waitFor(() => of('OrderPlaced', ours).length >= COUNT && of('OrderCancelled', ours).length >= burst.cancellationsScheduled, { description: 'the burst read back' });
      orders = await Promise.all(of('OrderPlaced', ours).map(async (record) => ({ record, order: await decode<OrderPlaced>('OrderPlaced', record) })));
    });

    it('sends exactly the count asked for, each order once, as the storefront', () => {
      expect(burst.sent.total).toBe(COUNT);
      expect(orders).toHaveLength(COUNT);
      expect(new Set(orders.map(({ order }) => order.externalOrderId)).size).toBe(COUNT);
      for (const { record, order } of orders) {
        expect(record.key).toBe(order.externalOrderId);
        expect(record.headers).toMatchObject({ ce_source: '/ecommerce/simulator', ce_type: eventDescriptor('OrderPlaced').ceType, 'content-type': 'application/avro' });
        expect(record.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      }
    });

    it('reports per kind exactly what the orders on the topic are', async () => {
      const counted: Record<string, number> = {};
      for (const { order } of orders) {
        const kind = kindOf(order);
        counted[kind] = (counted[kind] ?? 0) + 1;
      }
      const { total, ...byKind } = burst.sent;
      expect(total).toBe(COUNT);
      expect(counted).toEqual(Object.fromEntries(Object.entries(byKind).filter(([, n]) => n > 0)));
      expect(Object.keys(counted).length).toBe(8); // every kind at this mix and size
      expect((await status()).orders.sent).toEqual(burst.sent); // the steady rate is 0: the burst is all
    });

    it('cancels the scheduled share later, each cancellation naming an order of the burst', async () => {
      const ids = new Set(orders.map(({ order }) => order.externalOrderId));
      const { externalOrderIdPrefix } = (await status()).orders;
      const cancellations = await Promise.all(of('OrderCancelled', (r) => r.key.startsWith(externalOrderIdPrefix)).map((r) => decode<OrderCancelled>('OrderCancelled', r)));
      expect(burst.cancellationsScheduled).toBeGreaterThan(0);
      expect(cancellations).toHaveLength(burst.cancellationsScheduled);
      for (const cancellation of cancellations) {
        expect(ids.has(cancellation.externalOrderId)).toBe(true);
        expect(cancellation.sourceSystem).toBe('ECOMMERCE');
      }
      expect((await status()).orders.cancellations.sent.total).toBe(burst.cancellationsScheduled);
    });
  });

  describe('when the storefront rate or a burst is asked for over HTTP', () => {
    it('takes a new rate and answers bad bodies with a 400 naming the field', async () => {
      const changed = await post('orders/rate', { ordersPerSecond: 2 });
      expect(changed.status).toBe(200);
      expect((await status()).orders.ratePerSecond).toBe(2);
      await post('orders/rate', { ordersPerSecond: 0 });

      const badRate = await post('orders/rate', { ordersPerSecond: 'many' });
      expect(badRate.status).toBe(400);
      expect(((await badRate.json()) as { message: string }).message).toBe('ordersPerSecond: expected a number (got "many")');
      const badBurst = await post('orders/burst', { count: 1.5, rate: 10 });
      expect(badBurst.status).toBe(400);
      expect(((await badBurst.json()) as { message: string }).message).toBe('count: expected a whole number');
      expect((await fetch(`${url}/simulator/orders/burst/${randomUUID()}`)).status).toBe(404);
    });
  });

  /** The kind of an order, from what it says and the range: what the orders service will find. */
  function kindOf(order: OrderPlaced): string {
    const known = new Set(range.customers.map((c) => c.storefrontId));
    const inactive = new Set(range.inactiveSkus);
    if (!known.has(order.customer.externalCustomerId)) return order.customer.newCustomer ? 'new-customer' : 'unknown-customer';
    if (order.requestedDeliveryDate === null) return 'missing-delivery-date';
    for (const line of order.lines) {
      if (!range.hasSku(line.sku)) return 'unknown-sku';
      if (inactive.has(line.sku)) return 'inactive-sku';
      if (line.quantity === 0) return 'zero-quantity';
      if (!line.shownUnitPrice.equals(range.listPrice(line.sku))) return 'price-mismatch';
    }
    return 'valid';
  }

  /** Sends the events as Concord would, under one traced span; resolves with its trace id. */
  async function sendTraced(events: Array<{ event: EventName; payload: unknown }>): Promise<string> {
    const producer = kafka.producer();
    await producer.connect();
    const span = trace.getTracer('simulator-orders-int-spec').startSpan('concord sends');
    try {
      const carrier: Record<string, string> = {};
      propagation.inject(trace.setSpan(context.active(), span), carrier);
      for (const { event, payload } of events) {
        const descriptor = eventDescriptor(event);
        await codec.registerWriter(descriptor);
        const key = descriptor.keyOf(payload as never);
        await producer.send({
          topic: descriptor.topic,
          acks: -1,
          messages: [
            {
              key,
              value: codec.encode(descriptor, payload as never),
              headers: cloudEventHeaders({ id: randomUUID(), source: '/concord/test', type: descriptor.ceType, subject: key, time: new Date().toISOString() }, carrier.traceparent),
            },
          ],
        });
      }
    } finally {
      span.end();
      await producer.disconnect();
    }
    return span.spanContext().traceId;
  }

  /** Reads the topics from their current end into `into`; resolves with a stop function. */
  async function tailTopics(topics: string[], into: ReadRecord[]): Promise<() => Promise<void>> {
    const readerGroup = uniqueName('simulator-orders-int-reader');
    for (const topic of topics) await moveGroupToEnd(readerGroup, topic);
    const consumer = kafka.consumer({ groupId: readerGroup, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topics });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        if (!message.value) return;
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(message.headers ?? {})) if (value !== undefined) headers[name] = value.toString();
        into.push({ topic, key: message.key?.toString('utf8') ?? '', value: message.value, headers });
      },
    });
    return async () => {
      await consumer.disconnect();
      await admin.deleteGroups([readerGroup]).catch(() => undefined);
    };
  }

  /** Commits a new group's offsets at the topic's current end, so it reads only what comes next. */
  async function moveGroupToEnd(group: string, topic: string): Promise<void> {
    // A topic created a moment ago may still answer "not the leader" until the metadata settles.
    const ends = await waitFor(() => admin.fetchTopicOffsets(topic), { description: `the end offsets of ${topic}` });
    await admin.setOffsets({ groupId: group, topic, partitions: ends.map(({ partition, offset }) => ({ partition, offset })) });
  }
});

function nonEmpty<T>(items: T[]): T[] | undefined {
  return items.length > 0 ? items : undefined;
}
