import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Charter } from '@concord/governance';
import { eventDescriptor, type TransactionContext } from '@concord/messaging';
import { CHARTER } from '@concord/service-runtime';
import { CrossReferenceRepository, type LinkedBy } from '../database/cross-reference.repository';
import { CustomerRepository } from '../database/customer.repository';
import { RejectedFieldWriteRepository, type EventReference } from '../database/rejected-field-write.repository';
import type { CrossReferenceKey } from '../domain/cross-reference';
import { toCustomerChanged, type GoldenRecord, type StoredCustomer } from '../domain/golden-record';
import { mergeCustomerFields, type FieldWrite, type MergeResult } from '../domain/merge-customer-fields';
import { CustomersMetrics } from '../metrics/customers.metrics';

/** A source id to link to the customer. */
export interface NewLink {
  readonly key: CrossReferenceKey;
  readonly linkedBy: LinkedBy;
}

/** Where a write came from: the source id and the consumed event. */
export interface WriteOrigin {
  readonly key: CrossReferenceKey;
  readonly event: EventReference;
}

/** A customer after a merge, and whether it changed (and CustomerChanged was published). */
export interface MergedCustomer {
  readonly customer: StoredCustomer;
  readonly changed: boolean;
  readonly merge: MergeResult;
}

/**
 * Stores golden records and publishes CustomerChanged — only when something changed, with the
 * version raised by one — in the caller's transaction. Values the charter did not let a system
 * write are recorded for the owning team (rejected_field_writes), logged and counted.
 */
@Injectable()
export class SaveGoldenRecord {
  private readonly logger = new Logger(SaveGoldenRecord.name);

  constructor(
    private readonly customers: CustomerRepository,
    private readonly crossReferences: CrossReferenceRepository,
    private readonly rejectedWrites: RejectedFieldWriteRepository,
    private readonly metrics: CustomersMetrics,
    @Inject(CHARTER) private readonly charter: Charter,
  ) {}

  /** Stores a new customer at version 1 with its first cross-reference and publishes it. */
  async create(context: TransactionContext, customerId: string, record: GoldenRecord, link: NewLink): Promise<StoredCustomer> {
    const customer: StoredCustomer = {
      customerId,
      record,
      crossReferences: [link.key],
      version: 1,
      changedAt: new Date(),
      charterVersion: this.charter.version,
    };
    await this.customers.insert(context.manager, customer);
    await this.crossReferences.link(context.manager, link.key, customerId, link.linkedBy);
    await this.publish(context, customer, 'created');
    this.metrics.afterCommit(context.manager, () => this.metrics.customersCreated.inc({ source_system: link.key.sourceSystem }));
    return customer;
  }

  /**
   * Merges one system's values into a customer this transaction has locked (by the charter's
   * field ownership) and links `link`; stores and publishes the result when anything changed.
   */
  async merge(context: TransactionContext, before: StoredCustomer, write: FieldWrite, origin: WriteOrigin, link?: NewLink): Promise<MergedCustomer> {
    const { manager } = context;
    const merge = mergeCustomerFields(before.record, write, this.charter);
    await this.recordOutcomes(context, before.customerId, origin, merge);
    if (!merge.changed && link === undefined) return { customer: before, changed: false, merge };
    const customer: StoredCustomer = {
      ...before,
      record: merge.record,
      crossReferences: link === undefined ? before.crossReferences : [...before.crossReferences, link.key],
      version: before.version + 1,
      changedAt: new Date(),
      charterVersion: this.charter.version,
    };
    if (link !== undefined) await this.crossReferences.link(manager, link.key, customer.customerId, link.linkedBy);
    await this.customers.update(manager, customer);
    await this.publish(context, customer, merge.changed ? 'merged' : 'linked');
    return { customer, changed: true, merge };
  }

  /** Publishes the stored record again, unchanged and at its version (for an order waiting on it). */
  async republish(context: TransactionContext, customer: StoredCustomer): Promise<void> {
    await this.publish(context, customer, 'republished');
  }

  private async recordOutcomes(context: TransactionContext, customerId: string, origin: WriteOrigin, merge: MergeResult): Promise<void> {
    const { manager } = context;
    await this.rejectedWrites.insert(manager, customerId, origin.key, origin.event, merge.rejected);
    for (const outcome of merge.outcomes) {
      const labels = { source_system: origin.key.sourceSystem, field: outcome.field };
      if (outcome.kind === 'rejected') {
        this.logger.warn(`customer ${customerId}: ${outcome.field} from ${outcome.rejection.system} not applied (${outcome.rejection.code}): ${outcome.rejection.reason}`);
        this.metrics.afterCommit(manager, () => this.metrics.rejectedFieldWrites.inc(labels));
      } else if (outcome.kind === 'stale') {
        this.metrics.afterCommit(manager, () => this.metrics.staleFieldValues.inc(labels));
      }
    }
  }

  private async publish(context: TransactionContext, customer: StoredCustomer, cause: 'created' | 'merged' | 'linked' | 'republished'): Promise<void> {
    await context.publish(eventDescriptor('CustomerChanged'), toCustomerChanged(customer));
    this.metrics.afterCommit(context.manager, () => this.metrics.customerChanges.inc({ cause }));
  }
}
