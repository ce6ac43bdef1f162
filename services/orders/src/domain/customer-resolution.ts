import type { AccountStatus, SourceSystem } from '@concord/contracts';
import type { Charter, SystemId } from '@concord/governance';

/** A customer's id in one system. */
export interface CustomerKey {
  readonly sourceSystem: SourceSystem;
  readonly externalId: string;
}

/** What the customer read model (fed by CustomerChanged) knows of a golden customer record. */
export interface CustomerFacts {
  readonly customerId: string;
  readonly name: string;
  readonly accountStatus: AccountStatus;
  readonly crossReferences: readonly CustomerKey[];
  readonly version: number;
  readonly changedAt: Date;
}

/** Who placed an order, as its source system knows them. */
export interface CustomerReference {
  readonly sourceSystem: SourceSystem;
  readonly externalCustomerId: string;
}

export type CustomerResolution =
  | {
      /** The ERP knows the customer: the order can carry both ids. */
      readonly kind: 'known';
      readonly customerId: string;
      readonly erpCustomerId: string;
      readonly accountStatus: AccountStatus;
    }
  | {
      /** No golden record with an ERP id answers to the reference (yet). */
      readonly kind: 'unknown';
      /** The ERP id the charter's mapping rule gives the source id, when it has a rule for it. */
      readonly expectedErpCustomerId: string | null;
    };

/**
 * The ids a customer may be found under: the source's own, and the ERP id the charter's
 * customer_id_mapping gives it (ECOMMERCE "123" → ERP "C123"), when a rule covers the id.
 */
export function customerKeysOf(reference: CustomerReference, charter: Charter): { readonly source: CustomerKey; readonly erp: CustomerKey | null } {
  const mapped = charter.customerIds.erpCustomerIdFor(reference.sourceSystem as SystemId, reference.externalCustomerId);
  return {
    source: { sourceSystem: reference.sourceSystem, externalId: reference.externalCustomerId },
    erp: mapped.mapped ? { sourceSystem: 'ERP', externalId: mapped.erpCustomerId } : null,
  };
}

/**
 * Maps the order's customer reference to the canonical and ERP ids. By the charter's mapping rule
 * first: the golden record holding that ERP id. Otherwise through the cross-reference: a golden record
 * holding the source's id and an ERP id. `candidates` are the read model's records holding either
 * key (several only when two records claim one id: the most recently changed wins).
 */
export function resolveCustomer(reference: CustomerReference, candidates: readonly CustomerFacts[], charter: Charter): CustomerResolution {
  const keys = customerKeysOf(reference, charter);
  const newestFirst = [...candidates].sort((a, b) => b.changedAt.getTime() - a.changedAt.getTime() || b.version - a.version);
  if (keys.erp !== null) {
    const mapped = newestFirst.find((customer) => holds(customer, keys.erp!));
    if (mapped) return known(mapped, keys.erp.externalId);
  }
  for (const customer of newestFirst) {
    const erpId = erpIdOf(customer);
    if (erpId !== undefined && holds(customer, keys.source)) return known(customer, erpId);
  }
  return { kind: 'unknown', expectedErpCustomerId: keys.erp?.externalId ?? null };
}

/**
 * Whether a golden record is the answer an order waiting for its customer's creation waits for: it
 * carries an ERP id, and either the order's own (sourceSystem, externalCustomerId) or the ERP id the
 * charter's rule expects.
 */
export function answersCustomerWait(customer: CustomerFacts, wait: CustomerReference & { readonly expectedErpCustomerId: string | null }): boolean {
  if (erpIdOf(customer) === undefined) return false;
  return (
    holds(customer, { sourceSystem: wait.sourceSystem, externalId: wait.externalCustomerId }) ||
    (wait.expectedErpCustomerId !== null && holds(customer, { sourceSystem: 'ERP', externalId: wait.expectedErpCustomerId }))
  );
}

/** The customer's first ERP cross-reference. */
export function erpIdOf(customer: CustomerFacts): string | undefined {
  return customer.crossReferences.find((reference) => reference.sourceSystem === 'ERP')?.externalId;
}

function holds(customer: CustomerFacts, key: CustomerKey): boolean {
  return customer.crossReferences.some((reference) => reference.sourceSystem === key.sourceSystem && reference.externalId === key.externalId);
}

function known(customer: CustomerFacts, erpCustomerId: string): CustomerResolution {
  return { kind: 'known', customerId: customer.customerId, erpCustomerId, accountStatus: customer.accountStatus };
}
