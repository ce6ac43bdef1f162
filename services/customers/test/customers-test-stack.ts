// Runs the customers service in-process against the real stack, for integration tests
// (@concord/service-runtime/testing): its own Postgres schema and consumer group per test file,
// ingress events produced as the orders service and the CRM/ERP connectors produce them, and what
// it publishes read back from the real catalog topics.
import type { EventPayloads } from '@concord/contracts';
import {
  startServiceTestStack,
  type PublishedLog,
  type PublishedRecord,
  type ServiceTestOptions,
  type ServiceTestStack,
  type ServiceUnderTest,
} from '@concord/service-runtime/testing';
import { AppModule } from '../src/app.module';
import { customersConfigSchema, type CustomersConfig } from '../src/config/customers.config';

/** The events customers consumes and publishes. */
export const CONSUMED = ['CustomerCreationRequested', 'CustomerUpserted'] as const;
export const PUBLISHED = ['CustomerChanged', 'CustomerSyncRequested'] as const;
type Consumed = (typeof CONSUMED)[number];
type Published = (typeof PUBLISHED)[number];

/** The generic stack, with the published events read as payloads (PublishedEvents); it starts with one instance running. */
export interface CustomersTestStack extends Omit<ServiceTestStack<CustomersConfig, Consumed, Published>, 'published'> {
  readonly published: PublishedEvents;
}

const customers: ServiceUnderTest<CustomersConfig, Consumed, Published> = {
  name: 'customers',
  register: (config, tuning) => AppModule.register(config, tuning),
  configSchema: customersConfigSchema,
  schemaField: 'CUSTOMERS_DB_SCHEMA',
  groupField: 'CUSTOMERS_GROUP_ID',
  consumed: CONSUMED,
  published: PUBLISHED,
};

/**
 * Starts one instance with a unique schema and consumer group whose offsets start at the end of
 * the consumed topics (it reads only what the test sends), and a reader of the published topics
 * from their current end.
 */
export async function startCustomersTestStack(options: ServiceTestOptions = {}): Promise<CustomersTestStack> {
  const stack = await startServiceTestStack(customers, options);
  await stack.startInstance();
  return { ...stack, published: new PublishedEvents(stack.published) };
}

/** Every CustomerChanged and CustomerSyncRequested published from the moment the reader started, decoded, in arrival order. */
export class PublishedEvents {
  constructor(private readonly log: PublishedLog<Published>) {}

  get groupId(): string {
    return this.log.groupId;
  }

  /** The records of one event so far that match `filter` (payload and key). */
  of<E extends Published>(eventName: E, filter: (payload: EventPayloads[E]) => boolean = () => true): PublishedRecord<E>[] {
    return this.log.of(eventName, filter);
  }

  /** Waits until one record matches `filter` (or `count` do); resolves with the matching payloads. */
  async waitFor<E extends Published>(eventName: E, filter: (payload: EventPayloads[E]) => boolean, count = 1): Promise<EventPayloads[E][]> {
    const records = await this.log.waitFor(eventName, filter, { until: (matching) => matching.length >= count, description: `${count} ${eventName}` });
    return records.map((record) => record.payload);
  }

  async stop(): Promise<void> {
    await this.log.stop();
  }
}
