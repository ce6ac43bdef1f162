import { randomUUID } from 'node:crypto';
import { Decimal } from 'decimal.js';
import { aCustomerCreationRequested, aCustomerUpserted, aNewCustomerDetails, type CustomerSyncRequested, type CustomerUpserted } from '@concord/contracts';
import { readTopicUntil } from '@concord/testing';
import { startCustomersTestStack, type CustomersTestStack } from './customers-test-stack';

/** The ERP's answer to a sync request, as its connector sends it: the new id, the request's ids echoed, its account data. */
function erpAnswer(request: CustomerSyncRequested, erpId: string, overrides: Partial<CustomerUpserted> = {}): CustomerUpserted {
  return aCustomerUpserted({
    sourceSystem: 'ERP',
    externalId: erpId,
    customerId: request.customerId,
    syncRequestId: request.syncRequestId,
    name: request.name,
    contacts: request.contacts,
    billingAddress: request.billingAddress,
    taxId: request.taxId,
    creditLimitAmount: new Decimal('25000'),
    currency: 'EUR',
    paymentTerms: 'NET30',
    accountStatus: 'ACTIVE',
    updatedAt: new Date(),
    ...overrides,
  });
}

describe('creating the customer an order introduced', () => {
  let stack: CustomersTestStack;

  beforeAll(async () => {
    stack = await startCustomersTestStack();
  });

  afterAll(async () => {
    await stack?.close();
  });

  describe('when the orders service asks for a new storefront customer and the ERP answers', () => {
    const storefrontId = `guest-${randomUUID().slice(0, 8)}`;
    const first = aCustomerCreationRequested({
      sourceSystem: 'ECOMMERCE',
      externalCustomerId: storefrontId,
      customer: aNewCustomerDetails({ email: 'orders@keller.example', phone: '+4971112345678', taxId: 'DE123456789' }),
      requestedAt: new Date(),
    });
    const erpId = `CN-${randomUUID().slice(0, 8)}`;
    let syncRequest: CustomerSyncRequested;

    it('creates one canonical customer and asks the ERP to create it with CustomerSyncRequested', async () => {
      await stack.send('CustomerCreationRequested', [first], { source: '/concord/orders' });
      [syncRequest] = await stack.published.waitFor('CustomerSyncRequested', (request) => request.orderId === first.orderId);
      expect(syncRequest).toEqual({
        syncRequestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        customerId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        targetSystem: 'ERP',
        reason: 'NEW_CUSTOMER',
        originSystem: 'ECOMMERCE',
        originExternalId: storefrontId,
        orderId: first.orderId,
        name: first.customer.name,
        contacts: [{ name: first.customer.name, email: 'orders@keller.example', phone: '+4971112345678', role: null, primary: true }],
        billingAddress: first.customer.billingAddress,
        taxId: 'DE123456789',
        parentTargetId: null,
        requestedAt: expect.any(Date),
      });
      expect(stack.published.of('CustomerSyncRequested', (request) => request.orderId === first.orderId)[0].key).toBe(syncRequest.customerId);

      const [created] = await stack.published.waitFor('CustomerChanged', (customer) => customer.customerId === syncRequest.customerId);
      expect(created).toMatchObject({
        crossReferences: [{ sourceSystem: 'ECOMMERCE', externalId: storefrontId }],
        name: first.customer.name,
        accountStatus: 'PROSPECT',
        version: 1,
      });
    });

    it('does not create a second customer nor a second sync when another order asks while the ERP has not answered', async () => {
      const second = aCustomerCreationRequested({ ...first, orderId: randomUUID(), requestedAt: new Date() });
      const [eventId] = await stack.send('CustomerCreationRequested', [second], { source: '/concord/orders' });
      await stack.processed(eventId);

      const { rows } = await stack.database.query('SELECT order_id, customer_id, outcome FROM customer_creation_requests WHERE external_customer_id = $1 ORDER BY id', [
        storefrontId,
      ]);
      expect(rows).toEqual([
        { order_id: first.orderId, customer_id: syncRequest.customerId, outcome: 'CREATED' },
        { order_id: second.orderId, customer_id: syncRequest.customerId, outcome: 'SYNC_PENDING' },
      ]);
      expect((await stack.database.query('SELECT count(*)::int AS count FROM customers')).rows[0].count).toBe(1);
      // Committed in the same transaction as the outcome: nothing new was published.
      expect(await stack.outboxCount('CustomerSyncRequested', syncRequest.customerId)).toBe(1);
      expect(await stack.outboxCount('CustomerChanged', syncRequest.customerId)).toBe(1);
    });

    it('links the ERP’s id from its answer and publishes a CustomerChanged holding both ids and the ERP’s account data', async () => {
      await stack.send('CustomerUpserted', [erpAnswer(syncRequest, erpId)], { source: '/erp/connector' });
      const [linked] = await stack.published.waitFor('CustomerChanged', (customer) => customer.customerId === syncRequest.customerId && customer.version === 2);
      expect(linked).toMatchObject({
        crossReferences: [
          { sourceSystem: 'ECOMMERCE', externalId: storefrontId },
          { sourceSystem: 'ERP', externalId: erpId },
        ],
        name: first.customer.name,
        taxId: 'DE123456789',
        currency: 'EUR',
        paymentTerms: 'NET30',
        accountStatus: 'ACTIVE',
        parentCustomerId: null,
      });
      expect(linked.creditLimitAmount?.equals(25000)).toBe(true);
      const sources = Object.fromEntries(linked.fieldSources.map((source) => [source.field, source.sourceSystem]));
      expect(sources).toEqual({
        name: 'ECOMMERCE',
        contacts: 'ECOMMERCE',
        billingAddress: 'ECOMMERCE',
        taxId: 'ERP',
        creditLimitAmount: 'ERP',
        currency: 'ERP',
        paymentTerms: 'ERP',
        accountStatus: 'ERP',
      });

      const byErpId = await (await fetch(await stack.url(`/customers?sourceSystem=ERP&externalId=${erpId}`))).json();
      expect(byErpId).toMatchObject({
        customerId: syncRequest.customerId,
        version: 2,
        creditLimitAmount: '25000.0000',
        erpSync: { syncRequestId: syncRequest.syncRequestId, status: 'ANSWERED', orderId: first.orderId },
      });
      expect(await (await fetch(await stack.url(`/customers/${syncRequest.customerId}`))).json()).toEqual(byErpId);
      expect(await stack.metric('concord_customers_sync_answers_total', { source_system: 'ERP' })).toBe(1);
    });

    it('publishes the known golden record again, and no new sync, when a later order asks for the same customer', async () => {
      const third = aCustomerCreationRequested({ ...first, orderId: randomUUID(), requestedAt: new Date() });
      await stack.send('CustomerCreationRequested', [third], { source: '/concord/orders' });
      const republished = await stack.published.waitFor('CustomerChanged', (customer) => customer.customerId === syncRequest.customerId && customer.version === 2, 2);
      expect(republished[1]).toEqual(republished[0]);
      expect(await stack.outboxCount('CustomerSyncRequested', syncRequest.customerId)).toBe(1);
      expect((await stack.database.query('SELECT count(*)::int AS count FROM customers')).rows[0].count).toBe(1);
    });

    it('changes nothing when the ERP sends the same answer again', async () => {
      const [eventId] = await stack.send('CustomerUpserted', [erpAnswer(syncRequest, erpId)], { source: '/erp/connector' });
      await stack.processed(eventId);
      expect(await stack.outboxCount('CustomerChanged', syncRequest.customerId)).toBe(3); // created, linked, republished
    });
  });

  describe('when the ERP’s answer quotes only the sync request', () => {
    it('links the id to the customer the request was for', async () => {
      const request = aCustomerCreationRequested({ sourceSystem: 'CRM', externalCustomerId: `CRM-${randomUUID().slice(0, 8)}`, requestedAt: new Date() });
      await stack.send('CustomerCreationRequested', [request], { source: '/concord/orders' });
      const [syncRequest] = await stack.published.waitFor('CustomerSyncRequested', (sync) => sync.orderId === request.orderId);
      const erpId = `CN-${randomUUID().slice(0, 8)}`;
      await stack.send('CustomerUpserted', [erpAnswer(syncRequest, erpId, { customerId: null })], { source: '/erp/connector' });
      const [linked] = await stack.published.waitFor('CustomerChanged', (customer) => customer.customerId === syncRequest.customerId && customer.version === 2);
      expect(linked.crossReferences).toEqual([
        { sourceSystem: 'CRM', externalId: request.externalCustomerId },
        { sourceSystem: 'ERP', externalId: erpId },
      ]);
    });
  });

  describe('when the storefront id maps to an ERP customer by the charter’s rule', () => {
    it('links the storefront id to the ERP customer on record instead of creating one (eCommerce "n" is ERP "Cn")', async () => {
      const number = String(Math.floor(Math.random() * 1e11) + 1e11);
      const [loaded] = await stack.send('CustomerUpserted', [aCustomerUpserted({ sourceSystem: 'ERP', externalId: `C${number}`, updatedAt: new Date() })], {
        source: '/erp/connector',
      });
      await stack.processed(loaded);
      const request = aCustomerCreationRequested({ sourceSystem: 'ECOMMERCE', externalCustomerId: number, requestedAt: new Date() });
      await stack.send('CustomerCreationRequested', [request], { source: '/concord/orders' });
      const [linked] = await stack.published.waitFor('CustomerChanged', (customer) =>
        customer.crossReferences.some((reference) => reference.sourceSystem === 'ECOMMERCE' && reference.externalId === number),
      );
      expect(linked.crossReferences).toEqual([
        { sourceSystem: 'ERP', externalId: `C${number}` },
        { sourceSystem: 'ECOMMERCE', externalId: number },
      ]);
      expect(await stack.outboxCount('CustomerSyncRequested', linked.customerId)).toBe(0);
    });
  });

  describe('when records cannot take effect', () => {
    it('dead-letters a creation request without a name and an answer to a sync request Concord never sent, naming the field', async () => {
      const nameless = aCustomerCreationRequested({ customer: aNewCustomerDetails({ name: ' ' }), requestedAt: new Date() });
      await stack.send('CustomerCreationRequested', [nameless], { source: '/concord/orders' });
      const unknownAnswer = aCustomerUpserted({ sourceSystem: 'ERP', externalId: `CN-${randomUUID().slice(0, 8)}`, syncRequestId: randomUUID(), updatedAt: new Date() });
      await stack.send('CustomerUpserted', [unknownAnswer], { source: '/erp/connector' });

      const [creationDlt] = await readTopicUntil(stack.kafka, stack.deadLetterTopic('CustomerCreationRequested'), 1);
      expect(creationDlt.headers).toMatchObject({ dlt_error_code: 'CUSTOMERS.MISSING_REQUIRED_FIELD', dlt_stage: 'validate', dlt_reason: 'customer.name: required, not blank' });
      const [upsertDlt] = await readTopicUntil(stack.kafka, stack.deadLetterTopic('CustomerUpserted'), 1);
      expect(upsertDlt.headers).toMatchObject({ dlt_error_code: 'CUSTOMERS.UNKNOWN_SYNC_REQUEST', dlt_stage: 'validate', dlt_attempts: '1' });
      expect(upsertDlt.headers.dlt_reason).toBe(`syncRequestId: Concord sent no sync request ${unknownAnswer.syncRequestId}`);
      expect(upsertDlt.key).toBe(unknownAnswer.externalId);
    });
  });
});
