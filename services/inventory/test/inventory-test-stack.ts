// Runs the inventory service in-process against the real stack, for integration tests
// (@concord/service-runtime/testing): its own Postgres schema and consumer group per test file,
// ingress events produced the way a source system produces them, and what it publishes read back
// from the real catalog topics, filtered by the test's own SKUs and orders.
import type { Charter } from '@concord/governance';
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
import { inventoryConfigSchema, type InventoryConfig } from '../src/config/inventory.config';

/** The events inventory consumes. */
export const CONSUMED = ['InventoryUpdated', 'StockReservationRequested', 'StockReleaseRequested', 'OrderShipped', 'OrderReturned'] as const;
/** The events inventory publishes. */
export const PUBLISHED = ['InventoryAvailabilityChanged', 'InventorySnapshotRequested', 'StockReserved', 'StockReservationRejected', 'StockReleased'] as const;

type ConsumedEvent = (typeof CONSUMED)[number];
type PublishedEvent = (typeof PUBLISHED)[number];

/** One published record, decoded. */
export type PublishedRecord<E extends PublishedEvent> = ServicePublishedRecord<E>;
/** Everything inventory publishes from the moment the log started, decoded, kept in arrival order. */
export type PublishedLog = ServicePublishedLog<PublishedEvent>;

/** The shipped charter, as the service loads it. */
export const shippedCharter: Charter = loadShippedCharter();

export type InventoryTestStack = ServiceTestStack<InventoryConfig, ConsumedEvent, PublishedEvent>;

/** Environment overrides (e.g. INVENTORY_STALE_SWEEP_INTERVAL_MS) and the charter. */
export type InventoryTestOptions = ServiceTestOptions;

const inventory: ServiceUnderTest<InventoryConfig, ConsumedEvent, PublishedEvent> = {
  name: 'inventory',
  register: (config, tuning) => AppModule.register(config, tuning),
  configSchema: inventoryConfigSchema,
  schemaField: 'INVENTORY_DB_SCHEMA',
  groupField: 'INVENTORY_GROUP_ID',
  consumed: CONSUMED,
  published: PUBLISHED,
  env: { INVENTORY_STALE_SWEEP_INTERVAL_MS: '250' },
};

/** Inventory's stack (startServiceTestStack: unique schema and group, both at the topics' ends); the test starts the instances. */
export function startInventoryTestStack(options: InventoryTestOptions = {}): Promise<InventoryTestStack> {
  return startServiceTestStack(inventory, { charter: shippedCharter, ...options });
}
