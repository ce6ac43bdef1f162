import { randomUUID } from 'node:crypto';
import { aCustomerCreationRequested } from '@concord/contracts';
import { waitFor } from '@concord/testing';
import { startCustomersTestStack, type CustomersTestStack } from './customers-test-stack';

describe('creation requests for one customer on two instances of the service', () => {
  let stack: CustomersTestStack;

  beforeAll(async () => {
    stack = await startCustomersTestStack();
    await stack.startInstance();
    const admin = stack.kafka.admin();
    await admin.connect();
    try {
      await waitFor(
        async () => {
          const [group] = (await admin.describeGroups([stack.config.CUSTOMERS_GROUP_ID])).groups;
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

  describe('when 30 orders of one new storefront customer arrive at once (keyed by order, so on every partition)', () => {
    it('creates exactly one customer and sends exactly one CustomerSyncRequested', async () => {
      const storefrontId = `guest-${randomUUID().slice(0, 8)}`;
      const requests = Array.from({ length: 30 }, () => aCustomerCreationRequested({ sourceSystem: 'ECOMMERCE', externalCustomerId: storefrontId, requestedAt: new Date() }));
      await stack.send('CustomerCreationRequested', requests, { source: '/concord/orders' });

      const outcomes = await waitFor(
        async () => {
          const { rows } = await stack.database.query('SELECT customer_id, outcome FROM customer_creation_requests WHERE external_customer_id = $1', [storefrontId]);
          return rows.length === 30 && (rows as { customer_id: string; outcome: string }[]);
        },
        { timeoutMs: 60_000, description: 'an outcome for every request' },
      );
      const customerIds = new Set(outcomes.map((row) => row.customer_id));
      expect(customerIds.size).toBe(1);
      expect(outcomes.filter((row) => row.outcome === 'CREATED')).toHaveLength(1);
      expect(outcomes.filter((row) => row.outcome === 'SYNC_PENDING')).toHaveLength(29);
      const [customerId] = customerIds;
      expect(await stack.outboxCount('CustomerSyncRequested', customerId)).toBe(1);
      expect(await stack.outboxCount('CustomerChanged', customerId)).toBe(1);
      const syncRequests = await stack.published.waitFor('CustomerSyncRequested', (request) => request.originExternalId === storefrontId);
      expect(syncRequests).toHaveLength(1);
      expect(requests.map((request) => request.orderId)).toContain(syncRequests[0].orderId);
    });
  });
});
