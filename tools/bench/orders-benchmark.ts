import type { Admin, Kafka, Message, Producer } from 'kafkajs';
import type { Client } from 'pg';
import { randomInt } from 'node:crypto';
import type { OrderAccepted } from '@concord/contracts';
import { eventDescriptor, type AvroCodec, type EventDescriptor } from '@concord/messaging';
import { AcceptanceMatcher, type AcceptanceSettlement } from './acceptance-matcher';
import type { ServiceOutcome, SubjectResult } from './benchmark-results';
import { createMissingTopics, otherConsumerGroups, pollUntil, produceAll, producePaced, recordsIn, tailFromEnd, type SustainedRun } from './kafka-measurements';
import { summarizeLatencies } from './latency-stats';
import {
  BENCH_LOCATION,
  BENCH_SOURCES,
  benchCatalog,
  benchCustomers,
  benchOrders,
  customerChanged,
  encodeEvent,
  referenceData,
  skusForOrders,
  stamp,
  type BenchCustomer,
  type CatalogEntry,
  type EncodedEvent,
} from './order-load';
import { logRemark, NotMeasured, startService, type ServiceUnderTest } from './service-process';

const orderPlaced = eventDescriptor('OrderPlaced');
const orderAccepted = eventDescriptor('OrderAccepted');
const productChanged = eventDescriptor('ProductChanged');
const priceChanged = eventDescriptor('PriceChanged');
const customerChangedEvent = eventDescriptor('CustomerChanged');
const inventoryUpdated = eventDescriptor('InventoryUpdated');
const reservationRequested = eventDescriptor('StockReservationRequested');
/** Topics on which another service would take part in the benchmark's order flow (or answer the inventory's). */
export const ORDER_FLOW_TOPICS = [orderPlaced.topic, reservationRequested.topic, eventDescriptor('StockReserved').topic, orderAccepted.topic];

/** States an order of the benchmark cannot leave by itself: it will never be accepted in this run. */
const STUCK_STATES = ['HELD', 'REJECTED', 'CANCELLED', 'AWAITING_CUSTOMER'];

/** How long the latency phase waits for the last orders after the last send (as the inventory's). */
const LATENCY_DRAIN_MS = 30_000;

export interface OrdersBenchmarkOptions {
  kafka: Kafka;
  admin: Admin;
  producer: Producer;
  database: Client;
  codec: AvroCodec;
  /** Unique per benchmark run: names schemas, groups, SKUs and external order ids. */
  runId: string;
  runs: number;
  /** Orders per sustained run; the warm-up has a tenth (at least 100). */
  orders: number;
  linesPerOrder: number;
  customers: number;
  latency: { ratePerSecond: number; seconds: number };
  /** Extra Node flags for the service processes (profiling). */
  nodeArgs?: string[];
  timeoutMs: number;
  logDir: string;
  log: (line: string) => void;
}

/** OrderPlaced records as the storefront sends them, built like the benchmark's: for the pass-through, of the same sizes. */
export function orderPlacedMessages(
  codec: AvroCodec,
  options: { prefix: string; count: number; linesPerOrder: number; customers: readonly BenchCustomer[]; now: Date },
): EncodedEvent[] {
  const catalog = benchCatalog(`${options.prefix}SKU-`, skusForOrders(options.count, options.linesPerOrder));
  return benchOrders({ ...options, catalog }).map((order) => encodeEvent(orderPlaced, order, (descriptor, payload) => codec.encode(descriptor, payload)));
}

/**
 * Drives orders through real orders and inventory service processes started from the build, each
 * with a schema and consumer group of its own, fed with reference data the benchmark publishes:
 * - sustained: N OrderPlaced as fast as possible, timed from the first send until an OrderAccepted
 *   of the measured orders service arrived at the benchmark's consumer for every one of them;
 * - latency: orders at a fixed rate, each timed from its production to its OrderAccepted's arrival.
 */
export async function benchmarkOrders(options: OrdersBenchmarkOptions): Promise<ServiceOutcome> {
  const { admin, database, codec, log } = options;
  for (const descriptor of [orderPlaced, productChanged, priceChanged, customerChangedEvent, inventoryUpdated]) await codec.registerWriter(descriptor);
  await createMissingTopics(admin, [orderPlaced.topic, orderAccepted.topic, productChanged.topic, priceChanged.topic, customerChangedEvent.topic, inventoryUpdated.topic]);

  const started = await Promise.allSettled([
    startService({
      name: 'inventory',
      runId: options.runId,
      admin,
      database,
      startAtEndOf: [inventoryUpdated.topic],
      nodeArgs: options.nodeArgs,
      logDir: options.logDir,
      // The inventory subject of the same run logs to inventory.log.
      logFile: 'orders-inventory.log',
      log,
    }),
    startService({
      name: 'orders',
      runId: options.runId,
      admin,
      database,
      startAtEndOf: [orderPlaced.topic, productChanged.topic, priceChanged.topic, customerChangedEvent.topic],
      nodeArgs: options.nodeArgs,
      logDir: options.logDir,
      log,
    }),
  ]);
  const services = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failed = started.find((result) => result.status === 'rejected');
  if (failed) {
    await Promise.all(services.map((service) => service.stop()));
    if (failed.reason instanceof NotMeasured) return { notMeasured: failed.reason.message };
    throw failed.reason;
  }
  const [inventory, orders] = services;
  const run = new OrdersRun(options, inventory, orders);
  let result: SubjectResult;
  try {
    await run.start();
    result = await run.measure();
  } catch (error) {
    if (error instanceof NotMeasured) return { notMeasured: error.message };
    throw error;
  } finally {
    await run.stop();
    await Promise.all(services.map((service) => service.stop()));
  }
  const logRemarks = (await Promise.all(services.map(logRemark))).filter((remark) => remark !== undefined);
  const remarks = [...(result.remarks ?? []), ...logRemarks];
  return { measured: { ...result, ...(remarks.length > 0 ? { remarks } : {}) } };
}

/** One orders benchmark against running services: reference data, the phases, and what was seen. */
class OrdersRun {
  /** The matcher of the phase under way; the OrderAccepted tail feeds it. */
  private matcher = new AcceptanceMatcher();
  private pendingDecodes = new Set<Promise<void>>();
  private undecodable = 0;
  private foreign = 0;
  private readonly remarks: string[] = [];
  private customers: BenchCustomer[] = [];
  private stopTail?: () => Promise<void>;
  /** OrderPlaced the benchmark produced, and what the topics held when it started. */
  private ordersProduced = 0;
  private readonly recordsAtStart = new Map<string, bigint>();
  /** Other consumer groups seen reading the order flow's topics at the start of a phase. */
  private readonly otherGroups = new Set<string>();

  constructor(
    private readonly options: OrdersBenchmarkOptions,
    private readonly inventory: ServiceUnderTest,
    private readonly orders: ServiceUnderTest,
  ) {}

  private assertServicesRunning(): void {
    this.inventory.assertRunning();
    this.orders.assertRunning();
  }

  async start(): Promise<void> {
    const { kafka, admin, codec } = this.options;
    for (const topic of [orderPlaced.topic, reservationRequested.topic]) this.recordsAtStart.set(topic, await recordsIn(admin, topic));
    this.stopTail = await tailFromEnd(kafka, admin, orderAccepted.topic, (messages, arrivedAt) => {
      const matcher = this.matcher;
      for (const message of messages) {
        const decoding = codec
          .decode<OrderAccepted>(message.value, orderAccepted)
          .then(({ payload }) => void matcher.observe(payload.externalOrderId, payload.orderId, arrivedAt))
          .catch(() => void this.undecodable++)
          .finally(() => this.pendingDecodes.delete(decoding));
        this.pendingDecodes.add(decoding);
      }
    });
    // Digits only (the charter maps storefront customer "123" to ERP "C123"), 11 of them.
    this.customers = benchCustomers(randomInt(10_000_000_000, 90_000_000_000), this.options.customers);
    this.options.log(`orders: ${this.customers.length} customers`);
    const now = new Date();
    await this.send(customerChangedEvent, this.customers.map((customer) => customerChanged(customer, now)), BENCH_SOURCES.customers);
    await this.untilStored(
      'customers',
      `SELECT count(*)::int AS n FROM "${this.orders.schema}".customers WHERE customer_id = ANY($1::uuid[])`,
      this.customers.map((customer) => customer.customerId),
    );
  }

  async stop(): Promise<void> {
    await this.stopTail?.();
  }

  async measure(): Promise<SubjectResult> {
    const { options } = this;
    const { log } = options;
    log('orders: warm-up');
    await this.sustained('W', Math.max(100, Math.floor(options.orders / 10)));
    const runs: SustainedRun[] = [];
    // A phase that cannot be set up (its reference data not stored in time) ends the measurement,
    // but what the phases before it measured is kept.
    const kept = (phase: string, error: unknown) => {
      if (!(error instanceof NotMeasured) || runs.length === 0) throw error;
      this.remarks.push(`${phase} not measured: ${error.message.split('\n')[0]}`);
      log(`orders: ${phase} not measured: ${error.message}`);
    };
    for (let run = 0; run < options.runs; run++) {
      let result: SustainedRun;
      try {
        result = await this.sustained(String(run + 1), options.orders);
      } catch (error) {
        kept(`Sustained run ${run + 1} and what follows`, error);
        break;
      }
      log(
        `orders: sustained run ${run + 1}: ${result.events} orders accepted in ${result.seconds.toFixed(2)} s = ${Math.round(result.eventsPerSecond)} orders/s` +
          ` (produced in ${result.produceSeconds.toFixed(2)} s)${result.complete ? '' : ' — INCOMPLETE'}`,
      );
      runs.push(result);
    }
    let latency: Pick<SubjectResult, 'latency' | 'latencyProblem'> = { latencyProblem: 'not measured: a sustained run could not be set up' };
    if (runs.length === options.runs) {
      log(`orders: latency at ${options.latency.ratePerSecond}/s for ${options.latency.seconds} s`);
      latency = await this.latency().catch((error: unknown) => {
        if (!(error instanceof NotMeasured)) throw error;
        return { latencyProblem: `not measured: ${error.message.split('\n')[0]}` };
      });
    }
    if (this.foreign > 0) {
      this.remarks.push(
        `${this.foreign.toLocaleString('en-US')} OrderAccepted for the benchmark's orders came from another orders service on the shared stack (an order id the measured service did not give); they were not counted, and that service's reservation requests loaded the measured inventory service too.`,
      );
    }
    if (this.undecodable > 0) this.remarks.push(`${this.undecodable} records on ${orderAccepted.topic} could not be decoded and were skipped.`);
    this.remarks.push(...(await this.sharedStackRemarks()));
    return { sustained: runs, ...latency, ...(this.remarks.length > 0 ? { remarks: this.remarks } : {}) };
  }

  /** Who else reads the order flow's topics right now (noted for the report). */
  private async lookForOtherConsumers(): Promise<void> {
    const { admin, runId } = this.options;
    const ours = (groupId: string) => groupId.includes(runId) || groupId.startsWith('bench-tail');
    for (const groupId of await otherConsumerGroups(admin, ORDER_FLOW_TOPICS, ours)) this.otherGroups.add(groupId);
  }

  /** What other work on the shared stack did to the measurement, as far as Kafka shows it. */
  private async sharedStackRemarks(): Promise<string[]> {
    const remarks: string[] = [];
    const grown = async (topic: string) => Number((await recordsIn(this.options.admin, topic)) - this.recordsAtStart.get(topic)!);
    const otherOrders = (await grown(orderPlaced.topic)) - this.ordersProduced;
    // Each of the benchmark's orders asks for one reservation; what is beyond came from other orders services.
    const otherRequests = (await grown(reservationRequested.topic)) - this.ordersProduced;
    if (otherOrders > 0 || otherRequests > 0) {
      remarks.push(
        `While the services were measured, others on the shared stack produced ${otherOrders.toLocaleString('en-US')} OrderPlaced and about ${Math.max(0, otherRequests).toLocaleString('en-US')} StockReservationRequested; the measured services processed those too.`,
      );
    }
    if (this.otherGroups.size > 0) {
      remarks.push(`Other consumer groups read the order flow's topics during the measurement (${[...this.otherGroups].join(', ')}): other services were working on the same cores and topics.`);
    }
    return remarks;
  }

  /** One sustained run of `count` orders on fresh SKUs. */
  private async sustained(label: string, count: number): Promise<SustainedRun> {
    const { producer, runId, linesPerOrder, timeoutMs } = this.options;
    await this.lookForOtherConsumers();
    const prefix = `BENCH-${runId}-O${label}-`;
    const catalog = await this.seedCatalog(`${prefix}SKU-`, skusForOrders(count, linesPerOrder));
    const now = new Date();
    const placed = benchOrders({ prefix, count, catalog, customers: this.customers, linesPerOrder, now });
    const messages = placed.map((order) => stamp(this.encode(orderPlaced, order), BENCH_SOURCES.storefront, now.getTime()));
    const matcher = (this.matcher = new AcceptanceMatcher());
    const t0 = Date.now();
    for (const order of placed) matcher.expect(order.externalOrderId, t0);
    await produceAll(producer, orderPlaced.topic, messages);
    this.ordersProduced += messages.length;
    const produceSeconds = (Date.now() - t0) / 1000;
    const { settlement, stuck } = await this.settle(matcher, t0 + timeoutMs);
    const complete = settlement.accepted === count;
    const seconds = ((complete ? settlement.lastArrivedAt! : Date.now()) - t0) / 1000;
    if (!complete) this.remarks.push(`Sustained run ${label === 'W' ? '(warm-up)' : label}: ${this.incompleteness(settlement, count, stuck, timeoutMs)}`);
    return { events: settlement.accepted, seconds, eventsPerSecond: settlement.accepted / seconds, produceSeconds, complete };
  }

  /** Orders at a fixed rate on fresh SKUs, each timed from its send to its OrderAccepted's arrival. */
  private async latency(): Promise<Pick<SubjectResult, 'latency' | 'latencyProblem'>> {
    const { producer, runId, linesPerOrder, latency } = this.options;
    await this.lookForOtherConsumers();
    const count = Math.round(latency.ratePerSecond * latency.seconds);
    const prefix = `BENCH-${runId}-OL-`;
    const catalog = await this.seedCatalog(`${prefix}SKU-`, skusForOrders(count, linesPerOrder));
    const placed = benchOrders({ prefix, count, catalog, customers: this.customers, linesPerOrder, now: new Date() });
    const encoded = placed.map((order) => this.encode(orderPlaced, order));
    const matcher = (this.matcher = new AcceptanceMatcher());
    const sent = await producePaced(producer, orderPlaced.topic, latency, (index, now) => {
      matcher.expect(placed[index].externalOrderId, now);
      return stamp(encoded[index], BENCH_SOURCES.storefront, now);
    });
    this.ordersProduced += sent;
    const { settlement, stuck } = await this.settle(matcher, Date.now() + LATENCY_DRAIN_MS);
    if (settlement.accepted === 0) return { latencyProblem: `none of the ${sent} orders was accepted within ${LATENCY_DRAIN_MS / 1000} s of the last send` };
    const unmatched = sent - settlement.accepted;
    // Orders merely still under way are said by the report's note on unanswered probes; stuck ones are news.
    if (stuck.size > 0) this.remarks.push(`Latency phase: ${this.incompleteness(settlement, sent, stuck, LATENCY_DRAIN_MS)}`);
    // An order still unanswered has waited at least its age: counted so, the percentiles stay honest lower bounds.
    const now = Date.now();
    const latencies = [...settlement.latencies, ...settlement.pending.map(({ producedAt }) => now - producedAt)];
    return { latency: { ...summarizeLatencies(latencies), ...latency, sent, unmatched, lowerBound: unmatched > 0 } };
  }

  /**
   * Waits until every expected order has its OrderAccepted from the measured service, until the
   * ones still missing are stuck in a state they cannot leave by themselves, or until `deadline`.
   */
  private async settle(matcher: AcceptanceMatcher, deadline: number): Promise<{ settlement: AcceptanceSettlement; stuck: Map<string, number> }> {
    const ownIds = new Map<string, string>();
    let settlement: AcceptanceSettlement = matcher.settle(() => undefined);
    let stuck = new Map<string, number>();
    let lastLook = 0;
    for (;;) {
      this.assertServicesRunning();
      const now = Date.now();
      const everyOneAnswered = matcher.answered >= matcher.expected;
      // The databases are asked at most once a second, unless every order seems answered: they share the cores.
      if (everyOneAnswered || now - lastLook >= 1000 || now > deadline) {
        lastLook = now;
        await Promise.all(this.pendingDecodes);
        const unknown = matcher.answeredIds().filter((id) => !ownIds.has(id));
        for (const [externalOrderId, orderId] of await this.storedOrderIds(unknown)) ownIds.set(externalOrderId, orderId);
        settlement = matcher.settle((id) => ownIds.get(id));
        if (settlement.pending.length === 0) break;
        stuck = await this.stuckOrders(settlement.pending.map((order) => order.externalOrderId));
        const stuckCount = [...stuck.values()].reduce((sum, n) => sum + n, 0);
        if (stuckCount === settlement.pending.length || now > deadline) break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    this.foreign += settlement.foreign;
    return { settlement, stuck };
  }

  private incompleteness(settlement: AcceptanceSettlement, count: number, stuck: Map<string, number>, waitedMs: number): string {
    const missing = count - settlement.accepted;
    const stuckCount = [...stuck.values()].reduce((sum, n) => sum + n, 0);
    const states = [...stuck].map(([state, n]) => `${n} ${state}`).join(', ');
    return (
      `${missing.toLocaleString('en-US')} of ${count.toLocaleString('en-US')} orders were not accepted` +
      (stuckCount > 0 ? ` (${states}, which they cannot leave by themselves)` : '') +
      (missing > stuckCount ? `; ${(missing - stuckCount).toLocaleString('en-US')} were still under way after ${Math.round(waitedMs / 1000)} s` : '') +
      '.'
    );
  }

  /** The order ids the measured orders service stored for these external ids. */
  private async storedOrderIds(externalOrderIds: string[]): Promise<Map<string, string>> {
    if (externalOrderIds.length === 0) return new Map();
    const { rows } = await this.options.database.query(
      `SELECT external_order_id, order_id FROM "${this.orders.schema}".orders WHERE source_system = 'ECOMMERCE' AND external_order_id = ANY($1)`,
      [externalOrderIds],
    );
    return new Map(rows.map((row: { external_order_id: string; order_id: string }) => [row.external_order_id, row.order_id]));
  }

  /** Of these orders, how many are in a state they cannot leave by themselves, per state (and hold reason). */
  private async stuckOrders(externalOrderIds: string[]): Promise<Map<string, number>> {
    const { rows } = await this.options.database.query(
      `SELECT state, hold_reason, count(*)::int AS n FROM "${this.orders.schema}".orders
        WHERE source_system = 'ECOMMERCE' AND external_order_id = ANY($1) AND state = ANY($2) GROUP BY state, hold_reason`,
      [externalOrderIds, STUCK_STATES],
    );
    return new Map(rows.map((row: { state: string; hold_reason: string | null; n: number }) => [row.hold_reason ? `${row.state} ${row.hold_reason}` : row.state, row.n]));
  }

  /** Publishes products, LIST prices and WMS stock of `count` fresh SKUs, and waits until both services stored them. */
  private async seedCatalog(prefix: string, count: number): Promise<CatalogEntry[]> {
    const catalog = benchCatalog(prefix, count);
    const { products, prices, stock } = referenceData(catalog, new Date());
    this.options.log(`orders: seeding ${count} SKUs (products, LIST prices, ${BENCH_LOCATION} stock)`);
    await this.send(productChanged, products, BENCH_SOURCES.catalog);
    await this.send(priceChanged, prices, BENCH_SOURCES.pricing);
    await this.send(inventoryUpdated, stock, BENCH_SOURCES.wms);
    const skus = catalog.map((entry) => entry.sku);
    const [orders, inventory] = [this.orders.schema, this.inventory.schema];
    await this.untilStored('products', `SELECT count(*)::int AS n FROM "${orders}".products WHERE sku = ANY($1)`, skus);
    await this.untilStored('prices', `SELECT count(*)::int AS n FROM "${orders}".price_points WHERE price_change_id = ANY($1::uuid[])`, prices.map((price) => price.priceChangeId));
    await this.untilStored('stock levels', `SELECT count(*)::int AS n FROM "${inventory}".stock_levels WHERE sku = ANY($1) AND on_hand > 0`, skus);
    return catalog;
  }

  private encode<T>(descriptor: EventDescriptor<T>, payload: T): EncodedEvent {
    return encodeEvent(descriptor, payload, (d, p) => this.options.codec.encode(d, p));
  }

  private async send<T>(descriptor: EventDescriptor<T>, payloads: readonly T[], source: string): Promise<void> {
    const now = Date.now();
    await produceAll(this.options.producer, descriptor.topic, payloads.map((payload): Message => stamp(this.encode(descriptor, payload), source, now)));
  }

  /** Waits until `countSql` (one parameter: `keys`) counts every key; NotMeasured when it does not in time. */
  private async untilStored(what: string, countSql: string, keys: readonly string[]): Promise<void> {
    const { database, timeoutMs } = this.options;
    let stored = 0;
    const done = await pollUntil(async () => {
      this.assertServicesRunning();
      stored = ((await database.query(countSql, [keys])).rows[0] as { n: number }).n;
      return stored >= keys.length;
    }, timeoutMs, 100);
    if (!done) throw new NotMeasured(`the services stored only ${stored} of the ${keys.length} ${what} the benchmark published, after ${timeoutMs / 1000} s`);
  }
}

