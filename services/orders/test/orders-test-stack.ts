// Runs the orders service in-process against the real stack, for integration tests
// (@concord/service-runtime/testing): its own Postgres schema and consumer group per test file, the
// other systems played by the test (events produced the way their producers produce them), and
// what orders publishes read back from the real catalog topics, filtered by the test's own orders.
import { readFileSync } from 'node:fs';
import { parseDocument, type Document } from 'yaml';
import { parseCharter, type Charter } from '@concord/governance';
import { resolveCharterPath } from '@concord/service-runtime';
import {
  loadShippedCharter,
  startServiceTestStack,
  type PublishedLog as ServicePublishedLog,
  type PublishedRecord as ServicePublishedRecord,
  type ServiceTestOptions,
  type ServiceTestStack,
  type ServiceUnderTest,
} from '@concord/service-runtime/testing';
import { AppModule } from '../src/app.module';
import { ordersConfigSchema, type OrdersConfig } from '../src/config/orders.config';

/** The events orders consumes. */
export const CONSUMED = [
  'OrderPlaced',
  'OrderCancelled',
  'StockReserved',
  'StockReservationRejected',
  'OrderPostedToErp',
  'OrderShipped',
  'OrderReturned',
  'CustomerChanged',
  'ProductChanged',
  'PriceChanged',
] as const;
/** The events orders publishes. */
export const PUBLISHED = [
  'StockReservationRequested',
  'StockReleaseRequested',
  'CustomerCreationRequested',
  'OrderAccepted',
  'OrderRejected',
  'OrderHeld',
  'OrderCancellationRequested',
] as const;

type ConsumedEventName = (typeof CONSUMED)[number];
type PublishedEventName = (typeof PUBLISHED)[number];

/** One published record, decoded. */
export type PublishedRecord<E extends PublishedEventName> = ServicePublishedRecord<E>;
/** Everything orders publishes from the moment the log started, decoded, kept in arrival order. */
export type PublishedLog = ServicePublishedLog<PublishedEventName>;

/** The shipped charter: price mismatches accepted at the governed price, back-orders allowed. */
export const shippedCharter: Charter = loadShippedCharter();

/** The shipped charter after `edit` changed its YAML document. */
export function charterWith(edit: (document: Document) => void): Charter {
  const document = parseDocument(readFileSync(resolveCharterPath(undefined), 'utf8'));
  edit(document);
  return parseCharter(String(document), 'orders-test-charter.yaml');
}

export type OrdersTestStack = ServiceTestStack<OrdersConfig, ConsumedEventName, PublishedEventName>;

/** Environment overrides (e.g. ORDERS_CUSTOMER_WAIT) and the charter. */
export type OrdersTestOptions = ServiceTestOptions;

const orders: ServiceUnderTest<OrdersConfig, ConsumedEventName, PublishedEventName> = {
  name: 'orders',
  register: (config, tuning) => AppModule.register(config, tuning),
  configSchema: ordersConfigSchema,
  schemaField: 'ORDERS_DB_SCHEMA',
  groupField: 'ORDERS_GROUP_ID',
  consumed: CONSUMED,
  published: PUBLISHED,
  env: { ORDERS_CUSTOMER_WAIT_SWEEP_INTERVAL_MS: '250' },
};

/** Orders' stack (startServiceTestStack: unique schema and group, both at the topics' ends); the test starts the instances. */
export function startOrdersTestStack(options: OrdersTestOptions = {}): Promise<OrdersTestStack> {
  return startServiceTestStack(orders, { charter: shippedCharter, ...options });
}
