import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { CustomerCreationRequested } from '@concord/contracts';
import type { Charter } from '@concord/governance';
import { eventDescriptor, type TransactionContext } from '@concord/messaging';
import { CHARTER } from '@concord/service-runtime';
import { CreationRequestRepository, type CreationOutcome } from '../database/creation-request.repository';
import { CrossReferenceRepository } from '../database/cross-reference.repository';
import { CustomerRepository } from '../database/customer.repository';
import type { EventReference } from '../database/rejected-field-write.repository';
import { SyncRequestRepository } from '../database/sync-request.repository';
import { identityCandidates, lockName, type CrossReferenceKey } from '../domain/cross-reference';
import { INITIAL_RECORD, type StoredCustomer } from '../domain/golden-record';
import { mergeCustomerFields } from '../domain/merge-customer-fields';
import { buildCustomerSyncRequested, CUSTOMER_MASTER_SYSTEM, fieldWriteOfCreationRequest } from '../domain/new-customer';
import { CustomersMetrics } from '../metrics/customers.metrics';
import { SaveGoldenRecord } from '../save-golden-record/save-golden-record.service';

/**
 * Creates the customer an order introduced and asks the ERP to create it (CustomerSyncRequested);
 * the order continues on the CustomerChanged whose cross-references hold the ERP id.
 *
 * One customer per source id: the id (and its counterpart by the charter's id rules) is locked
 * before it is looked up, so concurrent requests for one customer queue. A request for a customer
 * already on record creates nothing: if the ERP id is known, CustomerChanged is published again
 * so the waiting order continues; while a sync is pending, nothing is published; a customer on
 * record without an ERP id and without a pending sync (one the CRM sent) is sent to the ERP now.
 */
@Injectable()
export class CreateCustomerForOrder {
  private readonly logger = new Logger(CreateCustomerForOrder.name);

  constructor(
    private readonly crossReferences: CrossReferenceRepository,
    private readonly customers: CustomerRepository,
    private readonly syncRequests: SyncRequestRepository,
    private readonly creationRequests: CreationRequestRepository,
    private readonly saveGoldenRecord: SaveGoldenRecord,
    private readonly metrics: CustomersMetrics,
    @Inject(CHARTER) private readonly charter: Charter,
  ) {}

  async execute(context: TransactionContext, request: CustomerCreationRequested, event: EventReference): Promise<void> {
    const { manager } = context;
    const origin: CrossReferenceKey = { sourceSystem: request.sourceSystem, externalId: request.externalCustomerId };
    const candidates = identityCandidates(origin, this.charter);
    await this.crossReferences.lockKeys(manager, candidates);
    const linked = await this.crossReferences.customerIdsOf(manager, candidates);
    const write = fieldWriteOfCreationRequest(request);

    const ownId = linked.get(lockName(origin));
    // eCommerce customer "123" may already be on record as ERP customer "C123" (charter id rules).
    const byIdRule = ownId === undefined ? candidates.slice(1).find((key) => linked.has(lockName(key))) : undefined;
    const customerId = ownId ?? (byIdRule === undefined ? undefined : linked.get(lockName(byIdRule)));

    if (customerId === undefined) {
      const merged = mergeCustomerFields(INITIAL_RECORD, write, this.charter);
      const customer = await this.saveGoldenRecord.create(context, randomUUID(), merged.record, { key: origin, linkedBy: 'CREATION_REQUEST' });
      await this.requestErpSync(context, customer, request);
      await this.finish(context, request, customer.customerId, 'CREATED');
      return;
    }

    const before = await this.customers.lock(manager, customerId);
    if (before === undefined) throw new Error(`cross-reference ${lockName(origin)} names customer ${customerId}, which is not on record`);
    const link = ownId === undefined ? { key: origin, linkedBy: 'CREATION_REQUEST' as const } : undefined;
    const { customer, changed } = await this.saveGoldenRecord.merge(context, before, write, { key: origin, event }, link);

    if (byIdRule !== undefined) return this.finish(context, request, customerId, 'LINKED_BY_ID_RULE');
    if (customer.crossReferences.some((reference) => reference.sourceSystem === CUSTOMER_MASTER_SYSTEM)) {
      if (!changed) await this.saveGoldenRecord.republish(context, customer);
      return this.finish(context, request, customerId, 'ALREADY_IN_ERP');
    }
    const pending = await this.syncRequests.pendingFor(manager, customerId, CUSTOMER_MASTER_SYSTEM);
    if (pending !== undefined) {
      this.logger.debug(`order ${request.orderId}: customer ${customerId} waits for the ERP's answer to sync request ${pending.syncRequestId}`);
      return this.finish(context, request, customerId, 'SYNC_PENDING');
    }
    await this.requestErpSync(context, customer, request);
    return this.finish(context, request, customerId, 'SYNC_REQUESTED');
  }

  private async requestErpSync(context: TransactionContext, customer: StoredCustomer, request: CustomerCreationRequested): Promise<void> {
    const syncRequest = buildCustomerSyncRequested(customer.record, {
      customerId: customer.customerId,
      syncRequestId: randomUUID(),
      origin: { system: request.sourceSystem, externalId: request.externalCustomerId, orderId: request.orderId },
      requestedAt: new Date(),
    });
    await this.syncRequests.insertPending(context.manager, syncRequest);
    await context.publish(eventDescriptor('CustomerSyncRequested'), syncRequest);
    this.metrics.afterCommit(context.manager, () => this.metrics.syncRequests.inc({ target_system: syncRequest.targetSystem, reason: syncRequest.reason }));
  }

  private async finish(context: TransactionContext, request: CustomerCreationRequested, customerId: string, outcome: CreationOutcome): Promise<void> {
    await this.creationRequests.record(context.manager, request, customerId, outcome);
    this.metrics.afterCommit(context.manager, () => this.metrics.creationRequests.inc({ outcome }));
  }
}
