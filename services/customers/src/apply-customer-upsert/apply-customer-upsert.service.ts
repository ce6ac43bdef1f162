import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { CustomerUpserted } from '@concord/contracts';
import type { Charter } from '@concord/governance';
import type { TransactionContext } from '@concord/messaging';
import { CHARTER } from '@concord/service-runtime';
import { CrossReferenceRepository, type LinkedBy } from '../database/cross-reference.repository';
import { CustomerRepository } from '../database/customer.repository';
import type { EventReference } from '../database/rejected-field-write.repository';
import { SyncRequestRepository, type StoredSyncRequest } from '../database/sync-request.repository';
import { identityCandidates, lockName, type CrossReferenceKey } from '../domain/cross-reference';
import { fieldWriteOfUpsert } from '../domain/customer-upsert';
import { customersError } from '../domain/customers.errors';
import { INITIAL_RECORD, type StoredCustomer } from '../domain/golden-record';
import { mergeCustomerFields } from '../domain/merge-customer-fields';
import { CustomersMetrics } from '../metrics/customers.metrics';
import { SaveGoldenRecord } from '../save-golden-record/save-golden-record.service';
import { invalidRecord } from '@concord/messaging';

/**
 * Applies a customer the CRM or the ERP created or changed: the ERP's answer to a sync request
 * (it quotes syncRequestId and/or customerId; its id is linked in the cross-reference table) or a
 * record Concord did not ask for (master data), found by its cross-reference — or by the charter's
 * id rules, ERP "C123" being eCommerce "123" — or created. Fields are merged by the charter's
 * ownership (domain/merge-customer-fields.ts); CustomerChanged is published only when the golden
 * record changed.
 *
 * Dead-lettered (ValidationError): an answer to a request or customer Concord does not know, one
 * that contradicts its request, an id already linked to another customer, a second ERP id for a
 * customer, and a new customer without a name.
 */
@Injectable()
export class ApplyCustomerUpsert {
  private readonly logger = new Logger(ApplyCustomerUpsert.name);

  constructor(
    private readonly crossReferences: CrossReferenceRepository,
    private readonly customers: CustomerRepository,
    private readonly syncRequests: SyncRequestRepository,
    private readonly saveGoldenRecord: SaveGoldenRecord,
    private readonly metrics: CustomersMetrics,
    @Inject(CHARTER) private readonly charter: Charter,
  ) {}

  async execute(context: TransactionContext, upsert: CustomerUpserted, event: EventReference): Promise<void> {
    const { manager } = context;
    const key: CrossReferenceKey = { sourceSystem: upsert.sourceSystem, externalId: upsert.externalId };
    const candidates = identityCandidates(key, this.charter);
    await this.crossReferences.lockKeys(manager, candidates);
    const linked = await this.crossReferences.customerIdsOf(manager, candidates);
    const write = fieldWriteOfUpsert(upsert);

    const ownId = linked.get(lockName(key));
    const answered = await this.answeredSyncRequest(context, upsert);
    const claimedId = answered?.customerId ?? upsert.customerId ?? undefined;
    if (ownId !== undefined && claimedId !== undefined && ownId !== claimedId) {
      throw conflict(`${upsert.sourceSystem} customer ${upsert.externalId} is linked to customer ${ownId}, but the record names customer ${claimedId}`, 'customerId');
    }
    const byIdRule = ownId === undefined && claimedId === undefined ? candidates.slice(1).find((candidate) => linked.has(lockName(candidate))) : undefined;
    const customerId = ownId ?? claimedId ?? (byIdRule === undefined ? undefined : linked.get(lockName(byIdRule)));

    if (customerId === undefined) {
      const merged = mergeCustomerFields(INITIAL_RECORD, write, this.charter);
      if (merged.record.name === '') {
        throw invalidRecord([
          customersError('CUSTOMERS.MISSING_REQUIRED_FIELD', `required to create a customer (${upsert.sourceSystem} customer ${upsert.externalId} is not on record)`, 'name'),
        ]);
      }
      await this.saveGoldenRecord.create(context, randomUUID(), merged.record, { key, linkedBy: 'UPSERT' });
      return;
    }

    const before = await this.customers.lock(manager, customerId);
    if (before === undefined) {
      if (claimedId === customerId && answered === undefined) {
        throw invalidRecord([customersError('CUSTOMERS.UNKNOWN_CUSTOMER', `Concord has no customer ${customerId}`, 'customerId')]);
      }
      throw new Error(`customer ${customerId} is referenced but not on record`);
    }
    // An answer that quotes only the customer id answers the customer's pending request to its system.
    const request = answered ?? (claimedId === undefined ? undefined : await this.syncRequests.pendingFor(manager, customerId, upsert.sourceSystem));
    const link = ownId === undefined ? this.linkFor(before, key, request === undefined ? 'UPSERT' : 'SYNC_ANSWER') : undefined;
    const { changed } = await this.saveGoldenRecord.merge(context, before, write, { key, event }, link);

    if (request !== undefined && request.status === 'PENDING') {
      await this.syncRequests.markAnswered(manager, request.syncRequestId, { externalId: upsert.externalId, at: new Date() });
      this.metrics.afterCommit(manager, () => this.metrics.syncAnswers.inc({ source_system: upsert.sourceSystem }));
    }
    if (!changed) this.metrics.afterCommit(manager, () => this.metrics.unchangedUpserts.inc({ source_system: upsert.sourceSystem }));
  }

  /**
   * The sync request the record answers, when it quotes one; it must be one Concord sent to the
   * record's system for the customer the record names.
   */
  private async answeredSyncRequest({ manager }: TransactionContext, upsert: CustomerUpserted): Promise<StoredSyncRequest | undefined> {
    if (upsert.syncRequestId === null) return undefined;
    const request = await this.syncRequests.find(manager, upsert.syncRequestId);
    if (request === undefined) {
      throw invalidRecord([customersError('CUSTOMERS.UNKNOWN_SYNC_REQUEST', `Concord sent no sync request ${upsert.syncRequestId}`, 'syncRequestId')]);
    }
    if (request.targetSystem !== upsert.sourceSystem) {
      throw invalidRecord([
        customersError('CUSTOMERS.SYNC_ANSWER_MISMATCH', `sync request ${request.syncRequestId} went to ${request.targetSystem}, not ${upsert.sourceSystem}`, 'syncRequestId'),
      ]);
    }
    if (upsert.customerId !== null && upsert.customerId !== request.customerId) {
      throw invalidRecord([
        customersError(
          'CUSTOMERS.SYNC_ANSWER_MISMATCH',
          `sync request ${request.syncRequestId} was for customer ${request.customerId}, the record names ${upsert.customerId}`,
          'customerId',
        ),
      ]);
    }
    return request;
  }

  /** The link of `key` to the customer; a customer has at most one ERP id. */
  private linkFor(customer: StoredCustomer, key: CrossReferenceKey, linkedBy: LinkedBy): { key: CrossReferenceKey; linkedBy: LinkedBy } {
    if (key.sourceSystem === 'ERP') {
      const erpId = customer.crossReferences.find((reference) => reference.sourceSystem === 'ERP');
      if (erpId !== undefined) {
        throw conflict(`customer ${customer.customerId} already has ERP id ${erpId.externalId}; ERP customer ${key.externalId} cannot be linked to it as well`, 'externalId');
      }
    }
    this.logger.debug(`customer ${customer.customerId}: linking ${key.sourceSystem} id ${key.externalId} (${linkedBy})`);
    return { key, linkedBy };
  }
}

function conflict(message: string, field: string): Error {
  return invalidRecord([customersError('CUSTOMERS.CROSS_REFERENCE_CONFLICT', message, field)]);
}
