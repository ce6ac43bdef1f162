import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { anInventoryUpdated, aStockReservationRequested, type StockReservationRejected, type StockReservationRequested, type StockReserved } from '@concord/contracts';
import { eventDescriptor, UnitOfWork, type TransactionContext } from '@concord/messaging';
import { uniqueName, waitFor } from '@concord/testing';
import { seededRandom } from '../src/domain/__fixtures__/inventory-fixtures';
import { ReserveStock } from '../src/reserve-stock/reserve-stock.service';
import { startInventoryTestStack, type InventoryTestStack } from './inventory-test-stack';

const LOCATIONS = ['DC-EAST', 'DC-WEST'];
const ANSWERS = [eventDescriptor('StockReserved').topic, eventDescriptor('StockReservationRejected').topic];

/**
 * `count` competing orders of 1–3 lines over `skus` (and now and then a SKU inventory does not
 * know), some allowing back-orders; about one in ten is sent again right after another order.
 */
function competingOrders(skus: readonly string[], count: number, seed: number): StockReservationRequested[] {
  const random = seededRandom(seed);
  const orders: StockReservationRequested[] = [];
  while (orders.length < count) {
    if (orders.length > 0 && random.next() < 0.1) {
      orders.push({ ...random.pick(orders) });
      continue;
    }
    const lineSkus = new Set(Array.from({ length: random.int(1, 3) }, () => (random.next() < 0.02 ? uniqueName('SKU-UNKNOWN') : random.pick(skus))));
    orders.push(
      aStockReservationRequested({
        lines: [...lineSkus].map((sku, index) => ({ lineNumber: index + 1, sku, quantity: random.int(1, 3) })),
        shipToRegion: random.pick([null, 'US-WEST']),
        allowBackorder: random.next() < 0.2,
        requestedAt: new Date(),
      }),
    );
  }
  return orders;
}

/** An answer without what differs between two runs of the same requests (order and reservation ids, instants). */
type Answer = { topic: string; lines: unknown } | { topic: string; reason: string; shortfalls: unknown };

function answerOf(topic: string, payload: StockReserved | StockReservationRejected): Answer {
  return 'lines' in payload ? { topic, lines: payload.lines } : { topic, reason: payload.reason, shortfalls: payload.shortfalls };
}

/** The same requests for other SKUs (`skus`: each SKU's twin; others kept) and orders (a repeated order stays repeated). */
function twinRequests(requests: readonly StockReservationRequested[], skus: ReadonlyMap<string, string>): StockReservationRequested[] {
  const orderIds = new Map<string, string>();
  return requests.map((request) => {
    if (!orderIds.has(request.orderId)) orderIds.set(request.orderId, randomUUID());
    return { ...request, orderId: orderIds.get(request.orderId)!, lines: request.lines.map((line) => ({ ...line, sku: skus.get(line.sku) ?? line.sku })) };
  });
}

describe('reserving a chunk of competing orders at once', () => {
  let stack: InventoryTestStack;
  let app: INestApplication;

  beforeAll(async () => {
    stack = await startInventoryTestStack();
    app = await stack.startInstance();
  });

  afterAll(async () => {
    await stack?.close();
  });

  /** Counts `onHand` of every SKU at every location of LOCATIONS and waits until inventory publishes it confirmed. */
  async function stockCounted(skus: readonly string[], onHand: number): Promise<void> {
    await stack.send(
      'InventoryUpdated',
      skus.flatMap((sku) => LOCATIONS.map((locationId) => anInventoryUpdated({ sku, locationId, kind: 'SNAPSHOT', adjustmentReason: null, quantity: onHand, sourceSequence: 1, occurredAt: new Date(), reference: null }))),
      { source: '/test/wms' },
    );
    for (const sku of skus) {
      await stack.published.waitFor('InventoryAvailabilityChanged', (event) => event.sku === sku, {
        until: (records) => records.some(({ payload }) => payload.status === 'CONFIRMED' && payload.totalOnHand === onHand * LOCATIONS.length),
      });
    }
  }

  /** Every stock row of `skus` next to what the OPEN reservations hold of it. */
  async function stockAndHeld(skus: readonly string[]): Promise<{ sku: string; location_id: string; on_hand: number; reserved: number; held: number }[]> {
    const { rows } = await stack.database.query(
      `SELECT s.sku, s.location_id, s.on_hand, s.reserved,
              coalesce((SELECT sum(a.held_quantity)::int FROM reservation_allocations a
                        JOIN reservation_lines l USING (reservation_id, line_number) JOIN reservations r USING (reservation_id)
                        WHERE r.status = 'OPEN' AND l.sku = s.sku AND a.location_id = s.location_id), 0) AS held
       FROM stock_levels s WHERE s.sku = ANY($1::text[]) ORDER BY s.sku COLLATE "C", s.location_id COLLATE "C"`,
      [skus],
    );
    return rows;
  }

  describe('when hundreds of orders for a few SKUs arrive in one burst', () => {
    it('answers every request exactly once, never reserves more than is on hand, and holds in reservations what the stock rows say is reserved', async () => {
      const skus = [1, 2, 3].map(() => uniqueName('SKU'));
      await stockCounted(skus, 60);
      const orders = competingOrders(skus, 600, 11);
      const sends = new Map<string, number>();
      for (const order of orders) sends.set(order.orderId, (sends.get(order.orderId) ?? 0) + 1);

      await stack.send('StockReservationRequested', orders, { source: '/test/orders' });

      const answersPerOrder = async () => {
        const counts = new Map<string, number>();
        for (const answer of await answersInOrder([...sends.keys()])) counts.set(answer.order_id, (counts.get(answer.order_id) ?? 0) + 1);
        return counts;
      };
      await waitFor(async () => [...(await answersPerOrder()).values()].reduce((sum, answers) => sum + answers, 0) >= orders.length, {
        timeoutMs: 120_000,
        description: `an answer to each of the ${orders.length} requests`,
      });
      expect(await answersPerOrder()).toEqual(sends);

      const rows = await stockAndHeld(skus);
      expect(rows).toHaveLength(skus.length * LOCATIONS.length);
      for (const row of rows) {
        expect(row.reserved).toBeLessThanOrEqual(row.on_hand);
        expect(row.reserved).toBe(row.held);
      }
      // Twenty-odd units an order, 360 on hand, 600 requests: the stock runs out and later requests are refused or back-ordered.
      expect(rows.reduce((sum, row) => sum + row.reserved, 0)).toBeGreaterThan(300);

      // Each order has at most one reservation, and every StockReserved (the first and any repeat) says what is stored.
      const { rows: stored } = await stack.database.query(
        `SELECT r.order_id, r.reservation_id, json_agg(json_build_object('sku', l.sku, 'reserved', l.reserved_quantity) ORDER BY l.line_number) AS lines
         FROM reservations r JOIN reservation_lines l USING (reservation_id) WHERE r.order_id = ANY($1::uuid[]) GROUP BY r.order_id, r.reservation_id`,
        [[...sends.keys()]],
      );
      const storedByOrder = new Map(stored.map((row: { order_id: string; reservation_id: string; lines: unknown }) => [row.order_id, row]));
      expect(storedByOrder.size).toBe(stored.length);
      const answers = await answersInOrder([...sends.keys()]);
      const reservedAnswers = answers.filter((answer) => answer.topic === ANSWERS[0]).length;
      const published = await stack.published.waitFor('StockReserved', (event) => sends.has(event.orderId), {
        until: (records) => records.length === reservedAnswers,
        timeoutMs: 60_000,
        description: `${reservedAnswers} StockReserved`,
      });
      for (const { payload } of published) {
        const row = storedByOrder.get(payload.orderId);
        expect(row?.reservation_id).toBe(payload.reservationId);
        expect(payload.lines.map((line) => ({ sku: line.sku, reserved: line.reservedQuantity }))).toEqual(row?.lines);
      }
      expect(new Set(published.map(({ payload }) => payload.orderId)).size).toBe(stored.length);

      // Demand counts each request that was decided: not one answered from an earlier reservation of its order.
      const expectedDemand = new Map<string, number>();
      for (const order of new Map(orders.map((order) => [order.orderId, order])).values()) {
        const ofOrder = answers.filter((answer) => answer.order_id === order.orderId).map((answer) => answer.topic);
        const decided = ofOrder.includes(ANSWERS[0]) ? ofOrder.indexOf(ANSWERS[0]) + 1 : ofOrder.length;
        for (const { sku } of order.lines) expectedDemand.set(sku, (expectedDemand.get(sku) ?? 0) + decided);
      }
      const { rows: demand } = await stack.database.query('SELECT sku, sum(orders)::int AS orders FROM sku_daily_demand WHERE sku = ANY($1::text[]) GROUP BY sku', [
        [...expectedDemand.keys()],
      ]);
      expect(new Map(demand.map((row: { sku: string; orders: number }) => [row.sku, row.orders]))).toEqual(expectedDemand);
    });
  });

  describe('when a chunk of 500 requests is reserved in one transaction', () => {
    it('takes no more statements than a chunk of one, and ends as reserving the requests one by one does', async () => {
      const chunkSkus = [1, 2, 3, 4, 5].map(() => uniqueName('SKU'));
      const oneByOneSkus = chunkSkus.map((sku) => `${sku}-ONE-BY-ONE`);
      await stockCounted([...chunkSkus, ...oneByOneSkus], 100);
      const requests = competingOrders(chunkSkus, 500, 23);
      const twins = twinRequests(requests, new Map(chunkSkus.map((sku, index) => [sku, oneByOneSkus[index]])));
      const reserveStock = app.get(ReserveStock);

      const chunk = await measured((context) => reserveStock.executeChunk(context, requests.map((request) => ({ request, causedBy: {} }))));
      const oneByOne = { statements: [] as number[], ms: 0, answers: [] as Answer[] };
      for (const request of twins) {
        const single = await measured((context) => reserveStock.execute(context, request));
        oneByOne.statements.push(single.statements);
        oneByOne.ms += single.ms;
        oneByOne.answers.push(...single.answers);
      }
      console.info(
        `a chunk of ${requests.length} reservation requests: ${chunk.statements} statements in ${Math.round(chunk.ms)} ms; ` +
          `one by one: ${oneByOne.statements.reduce((sum, count) => sum + count, 0)} statements in ${Math.round(oneByOne.ms)} ms`,
      );

      expect(chunk.statements).toBeLessThanOrEqual(Math.max(...oneByOne.statements));
      expect(chunk.statements).toBeLessThanOrEqual(10);
      const asChunkSkus = (answer: Answer) => JSON.parse(JSON.stringify(answer).replaceAll('-ONE-BY-ONE', '')) as Answer;
      expect(chunk.answers).toHaveLength(requests.length);
      expect(chunk.answers).toEqual(oneByOne.answers.map(asChunkSkus));
      const chunkStock = await stockAndHeld(chunkSkus);
      expect(chunkStock).toEqual((await stockAndHeld(oneByOneSkus)).map((row) => ({ ...row, sku: row.sku.replace('-ONE-BY-ONE', '') })));
      expect(chunkStock.every((row) => row.reserved <= row.on_hand && row.reserved === row.held)).toBe(true);
    });
  });

  /** Runs `work` in a unit of work of the first instance, counting the statements it sends and the answers it publishes. */
  async function measured(work: (context: TransactionContext) => Promise<void>): Promise<{ statements: number; ms: number; answers: Answer[] }> {
    let statements = 0;
    const answers: Answer[] = [];
    const started = performance.now();
    await app.get(UnitOfWork).run(async ({ manager, publish }) => {
      const counting = new Proxy(manager, {
        get: (target, property, receiver) =>
          property === 'query'
            ? (...args: Parameters<EntityManager['query']>) => {
                statements++;
                return target.query(...args);
              }
            : Reflect.get(target, property, receiver),
      });
      await work({
        manager: counting,
        publish: (descriptor, payload, options) => {
          if (ANSWERS.includes(descriptor.topic)) answers.push(answerOf(descriptor.topic, payload as StockReserved | StockReservationRejected));
          return publish(descriptor, payload, options);
        },
      });
    });
    return { statements, ms: performance.now() - started, answers };
  }

  /** The answers written for `orderIds`, in the order they were written. */
  async function answersInOrder(orderIds: readonly string[]): Promise<{ order_id: string; topic: string }[]> {
    const { rows } = await stack.database.query('SELECT message_key AS order_id, topic FROM outbox WHERE topic = ANY($1::text[]) AND message_key = ANY($2::text[]) ORDER BY id', [
      ANSWERS,
      orderIds,
    ]);
    return rows;
  }
});
