import type { AccountStatus, Contact, CustomerCrossReference, PostalAddress, SourceSystem } from '@concord/contracts';
import type { StoredCustomer } from '../domain/golden-record';
import type { StoredSyncRequest } from '../database/sync-request.repository';

/** The customer's last request to the ERP, as the HTTP API shows it. */
export interface SyncRequestView {
  readonly syncRequestId: string;
  readonly status: 'PENDING' | 'ANSWERED';
  readonly orderId: string | null;
  readonly requestedAt: string;
  readonly answeredAt: string | null;
}

/** A golden record as the HTTP API shows it: the CustomerChanged fields, money as decimal strings, instants as ISO-8601. */
export interface CustomerView {
  readonly customerId: string;
  readonly crossReferences: readonly CustomerCrossReference[];
  readonly name: string;
  readonly contacts: readonly Contact[];
  readonly billingAddress: PostalAddress | null;
  readonly taxId: string | null;
  readonly creditLimitAmount: string | null;
  readonly openReceivablesAmount: string | null;
  readonly currency: string | null;
  readonly paymentTerms: string | null;
  readonly accountStatus: AccountStatus;
  readonly fieldSources: readonly { readonly field: string; readonly sourceSystem: SourceSystem; readonly updatedAt: string }[];
  readonly version: number;
  readonly changedAt: string;
  readonly charterVersion: string;
  /** The latest CustomerSyncRequested to the ERP; null when the customer never needed one. */
  readonly erpSync: SyncRequestView | null;
}

export function toCustomerView(customer: StoredCustomer, erpSync: StoredSyncRequest | undefined): CustomerView {
  const { record } = customer;
  return {
    customerId: customer.customerId,
    crossReferences: customer.crossReferences.map(({ sourceSystem, externalId }) => ({ sourceSystem, externalId })),
    name: record.name,
    contacts: record.contacts,
    billingAddress: record.billingAddress,
    taxId: record.taxId,
    creditLimitAmount: record.creditLimitAmount?.toFixed(4) ?? null,
    openReceivablesAmount: record.openReceivablesAmount?.toFixed(4) ?? null,
    currency: record.currency,
    paymentTerms: record.paymentTerms,
    accountStatus: record.accountStatus,
    fieldSources: record.fieldSources.map(({ field, sourceSystem, updatedAt }) => ({ field, sourceSystem, updatedAt: updatedAt.toISOString() })),
    version: customer.version,
    changedAt: customer.changedAt.toISOString(),
    charterVersion: customer.charterVersion,
    erpSync:
      erpSync === undefined
        ? null
        : {
            syncRequestId: erpSync.syncRequestId,
            status: erpSync.status,
            orderId: erpSync.orderId,
            requestedAt: erpSync.requestedAt.toISOString(),
            answeredAt: erpSync.answeredAt?.toISOString() ?? null,
          },
  };
}
