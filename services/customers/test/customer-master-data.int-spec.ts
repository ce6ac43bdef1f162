import { randomUUID } from 'node:crypto';
import { Decimal } from 'decimal.js';
import { aContact, aCustomerUpserted, aPostalAddress, type CustomerChanged } from '@concord/contracts';
import { readTopicUntil } from '@concord/testing';
import { startCustomersTestStack, type CustomersTestStack } from './customers-test-stack';

const at = (minutes: number) => new Date(Date.UTC(2026, 2, 1, 9, minutes));

describe('customer master data from the CRM and the ERP', () => {
  let stack: CustomersTestStack;

  beforeAll(async () => {
    stack = await startCustomersTestStack();
  });

  afterAll(async () => {
    await stack?.close();
  });

  describe('when the ERP and the CRM both send a customer', () => {
    const erpId = `C-${randomUUID().slice(0, 8)}`;
    const crmId = `CRM-ACC-${randomUUID().slice(0, 8)}`;
    const erpContact = aContact({ name: 'Accounts payable', email: 'ap@keller.example', role: 'accounts payable' });
    const crmContact = aContact({ name: 'Jana Keller', email: 'jana.keller@keller.example' });
    const fromErp = aCustomerUpserted({
      sourceSystem: 'ERP',
      externalId: erpId,
      name: 'KELLER MASCHINENBAU',
      contacts: [erpContact],
      billingAddress: aPostalAddress(),
      taxId: 'DE123456789',
      creditLimitAmount: new Decimal('10000'),
      currency: 'EUR',
      paymentTerms: 'NET30',
      accountStatus: 'ACTIVE',
      updatedAt: at(0),
    });
    let customerId: string;
    const changesOf = (version: number) => (customer: CustomerChanged) => customer.customerId === customerId && customer.version === version;

    it('creates the customer the ERP loads, with the ERP as the source of every field', async () => {
      await stack.send('CustomerUpserted', [fromErp], { source: '/erp/connector' });
      const [created] = await stack.published.waitFor('CustomerChanged', (customer) => customer.crossReferences.some((reference) => reference.externalId === erpId));
      customerId = created.customerId;
      expect(created).toMatchObject({ version: 1, crossReferences: [{ sourceSystem: 'ERP', externalId: erpId }], name: 'KELLER MASCHINENBAU', accountStatus: 'ACTIVE' });
      expect(new Set(created.fieldSources.map((source) => source.sourceSystem))).toEqual(new Set(['ERP']));
      expect(await stack.outboxCount('CustomerSyncRequested', customerId)).toBe(0);
    });

    it('takes contact data from the CRM and keeps the ERP’s credit limit and status, recording the CRM’s values for them as ownership violations', async () => {
      const fromCrm = aCustomerUpserted({
        sourceSystem: 'CRM',
        externalId: crmId,
        customerId,
        name: 'Keller Maschinenbau GmbH',
        contacts: [crmContact],
        billingAddress: aPostalAddress(),
        creditLimitAmount: new Decimal('99000'),
        currency: 'EUR',
        accountStatus: 'PROSPECT',
        updatedAt: at(5),
      });
      await stack.send('CustomerUpserted', [fromCrm], { source: '/crm/connector' });
      const [merged] = await stack.published.waitFor('CustomerChanged', changesOf(2));
      expect(merged).toMatchObject({
        crossReferences: [
          { sourceSystem: 'ERP', externalId: erpId },
          { sourceSystem: 'CRM', externalId: crmId },
        ],
        name: 'Keller Maschinenbau GmbH',
        contacts: [crmContact],
        accountStatus: 'ACTIVE',
        currency: 'EUR',
      });
      expect(merged.creditLimitAmount?.equals(10000)).toBe(true);
      const sources = Object.fromEntries(merged.fieldSources.map((source) => [source.field, source.sourceSystem]));
      // The CRM owns the address: confirming the ERP's address makes it the address's source.
      expect(sources).toMatchObject({ name: 'CRM', contacts: 'CRM', billingAddress: 'CRM', creditLimitAmount: 'ERP', accountStatus: 'ERP', taxId: 'ERP' });

      const { rows } = await stack.database.query(
        `SELECT field, source_system, external_id, offered_value, held_value, held_source, owner, code, owner_team, charter_version
         FROM rejected_field_writes WHERE customer_id = $1 ORDER BY id`,
        [customerId],
      );
      expect(rows).toEqual([
        {
          field: 'creditLimitAmount',
          source_system: 'CRM',
          external_id: crmId,
          offered_value: '99000.0000',
          held_value: '10000.0000',
          held_source: 'ERP',
          owner: 'ERP',
          code: 'OWNERSHIP_VIOLATION',
          owner_team: 'finance',
          charter_version: merged.charterVersion,
        },
        {
          field: 'accountStatus',
          source_system: 'CRM',
          external_id: crmId,
          offered_value: 'PROSPECT',
          held_value: 'ACTIVE',
          held_source: 'ERP',
          owner: 'ERP',
          code: 'OWNERSHIP_VIOLATION',
          owner_team: 'finance',
          charter_version: merged.charterVersion,
        },
      ]);
      expect(await stack.metric('concord_customers_rejected_field_writes_total', { source_system: 'CRM', field: 'creditLimitAmount' })).toBe(1);
    });

    it('applies the ERP’s new credit limit but not its contacts once the CRM has supplied them', async () => {
      const erpChange = { ...fromErp, contacts: [aContact({ name: 'Someone else', email: 'x@keller.example' })], creditLimitAmount: new Decimal('15000'), updatedAt: at(10) };
      await stack.send('CustomerUpserted', [erpChange], { source: '/erp/connector' });
      const [changed] = await stack.published.waitFor('CustomerChanged', changesOf(3));
      expect(changed.creditLimitAmount?.equals(15000)).toBe(true);
      expect(changed.contacts).toEqual([crmContact]);
      expect(changed.name).toBe('Keller Maschinenbau GmbH');
      expect(changed.fieldSources.find((source) => source.field === 'creditLimitAmount')).toEqual({ field: 'creditLimitAmount', sourceSystem: 'ERP', updatedAt: at(10) });
    });

    it('publishes nothing when a record changes nothing', async () => {
      const unchanged = { ...fromErp, contacts: null, name: null, creditLimitAmount: new Decimal('15000.0000'), updatedAt: at(15) };
      const before = await stack.metric('concord_customers_unchanged_upserts_total', { source_system: 'ERP' });
      const [eventId] = await stack.send('CustomerUpserted', [unchanged], { source: '/erp/connector' });
      await stack.processed(eventId);
      expect(await stack.outboxCount('CustomerChanged', customerId)).toBe(3);
      expect(await stack.metric('concord_customers_unchanged_upserts_total', { source_system: 'ERP' })).toBe(before + 1);
      const view = await (await fetch(await stack.url(`/customers/${customerId}`))).json();
      expect(view).toMatchObject({ version: 3, creditLimitAmount: '15000.0000', erpSync: null });
    });

    it('dead-letters a record that names this customer for an ERP id linked to another one', async () => {
      const [other] = await stack.send('CustomerUpserted', [aCustomerUpserted({ sourceSystem: 'CRM', externalId: `CRM-ACC-${randomUUID().slice(0, 8)}`, updatedAt: at(0) })]);
      await stack.processed(other);
      const otherId = (await stack.database.query('SELECT customer_id FROM customer_cross_references WHERE customer_id <> $1 ORDER BY linked_at DESC LIMIT 1', [customerId]))
        .rows[0].customer_id as string;
      await stack.send('CustomerUpserted', [{ ...fromErp, customerId: otherId, updatedAt: at(20) }], { source: '/erp/connector' });
      const [deadLetter] = await readTopicUntil(stack.kafka, stack.deadLetterTopic('CustomerUpserted'), 1);
      expect(deadLetter.headers).toMatchObject({ dlt_error_code: 'CUSTOMERS.CROSS_REFERENCE_CONFLICT', dlt_stage: 'validate' });
      expect(deadLetter.headers.dlt_reason).toBe(`customerId: ERP customer ${erpId} is linked to customer ${customerId}, but the record names customer ${otherId}`);
    });
  });

  describe('the HTTP API', () => {
    it('names the bad field with a 400 and answers 404 for ids nobody knows', async () => {
      const notUuid = await fetch(await stack.url('/customers/C123'));
      expect(notUuid.status).toBe(400);
      expect(await notUuid.json()).toMatchObject({ message: 'customerId: expected a customer id (a UUID)' });

      const badQuery = await fetch(await stack.url('/customers?sourceSystem=SHOP&externalId=1'));
      expect(badQuery.status).toBe(400);
      expect(((await badQuery.json()) as { message: string }).message).toBe('sourceSystem: expected one of ERP, PIM, CRM, WMS, ECOMMERCE');

      expect((await fetch(await stack.url(`/customers/${randomUUID()}`))).status).toBe(404);
      const unknown = await fetch(await stack.url('/customers?sourceSystem=ERP&externalId=nobody'));
      expect(unknown.status).toBe(404);
      expect(((await unknown.json()) as { message: string }).message).toBe('no customer is linked to ERP id nobody');
    });

    it('serves the OpenAPI document at /docs-json', async () => {
      const document = (await (await fetch(await stack.url('/docs-json'))).json()) as { paths: Record<string, unknown> };
      expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/customers/{customerId}', '/customers']));
    });
  });
});
