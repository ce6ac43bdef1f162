import type { Decimal } from 'decimal.js';
import type { AccountStatus, Contact, CustomerChanged, CustomerCrossReference, FieldSource, PostalAddress } from '@concord/contracts';

/** The fields of the golden record that source systems supply; each is governed by the charter (see field-ownership.ts). */
export const GOLDEN_FIELDS = [
  'name',
  'contacts',
  'billingAddress',
  'taxId',
  'creditLimitAmount',
  'openReceivablesAmount',
  'currency',
  'paymentTerms',
  'accountStatus',
] as const;

/** A field of the golden record a source system can supply, named as in CustomerChanged. */
export type GoldenField = (typeof GOLDEN_FIELDS)[number];

/** The values of the golden record. */
export interface GoldenValues {
  readonly name: string;
  readonly contacts: readonly Contact[];
  readonly billingAddress: PostalAddress | null;
  readonly taxId: string | null;
  readonly creditLimitAmount: Decimal | null;
  readonly openReceivablesAmount: Decimal | null;
  /** Currency of the credit limit and the receivables. */
  readonly currency: string | null;
  readonly paymentTerms: string | null;
  readonly accountStatus: AccountStatus;
}

/** The golden record's values and, per field some system supplied, which one and when (its lineage). */
export interface GoldenRecord extends GoldenValues {
  /** One entry per supplied field, in GOLDEN_FIELDS order; a field without one still has its initial value. */
  readonly fieldSources: readonly FieldSource[];
}

/** What one source sends: a field left out was not sent (Avro null = "not sent"). */
export type SuppliedFields = { readonly [F in GoldenField]?: Exclude<GoldenValues[F], null> };

/**
 * The record a new customer starts from, before any system supplied a field. A customer no system
 * gave a status is a PROSPECT; an empty name is never stored (creating a customer needs one).
 */
export const INITIAL_RECORD: GoldenRecord = Object.freeze({
  name: '',
  contacts: [],
  billingAddress: null,
  taxId: null,
  creditLimitAmount: null,
  openReceivablesAmount: null,
  currency: null,
  paymentTerms: null,
  accountStatus: 'PROSPECT',
  fieldSources: [],
});

/** A stored golden record with its identity and change history, as CustomerChanged publishes it. */
export interface StoredCustomer {
  readonly customerId: string;
  readonly record: GoldenRecord;
  /** Ids of the customer in the systems that know it, in the order they were linked. */
  readonly crossReferences: readonly CustomerCrossReference[];
  /** Starts at 1 and increases with every change. */
  readonly version: number;
  readonly changedAt: Date;
  readonly charterVersion: string;
}

/** Whether two values of a field are the same (money by value: 100 equals 100.0000). */
export function sameValue<F extends GoldenField>(field: F, a: GoldenValues[F] | undefined, b: GoldenValues[F] | undefined): boolean {
  return JSON.stringify(valueAsJson(field, a)) === JSON.stringify(valueAsJson(field, b));
}

/**
 * A field's value as JSON, for storage, comparison and the HTTP API: money as a decimal string with
 * its 4 places, records with their keys in contract order.
 */
export function valueAsJson<F extends GoldenField>(field: F, value: GoldenValues[F] | undefined): unknown {
  if (value === undefined || value === null) return null;
  switch (field) {
    case 'creditLimitAmount':
    case 'openReceivablesAmount':
      return (value as Decimal).toFixed(4);
    case 'contacts':
      return (value as readonly Contact[]).map(({ name, email, phone, role, primary }) => ({ name, email, phone, role, primary }));
    case 'billingAddress': {
      const { line1, line2, city, region, postalCode, countryCode } = value as PostalAddress;
      return { line1, line2, city, region, postalCode, countryCode };
    }
    default:
      return value;
  }
}

/** The CustomerChanged event of a stored golden record. */
export function toCustomerChanged(customer: StoredCustomer): CustomerChanged {
  const { record } = customer;
  return {
    customerId: customer.customerId,
    crossReferences: customer.crossReferences.map(({ sourceSystem, externalId }) => ({ sourceSystem, externalId })),
    name: record.name,
    contacts: record.contacts.map((contact) => ({ ...contact })),
    billingAddress: record.billingAddress === null ? null : { ...record.billingAddress },
    taxId: record.taxId,
    creditLimitAmount: record.creditLimitAmount,
    openReceivablesAmount: record.openReceivablesAmount,
    currency: record.currency,
    paymentTerms: record.paymentTerms,
    // Account hierarchy mapping (CRM parent company ↔ ERP divisions) is not built yet.
    parentCustomerId: null,
    accountStatus: record.accountStatus,
    fieldSources: record.fieldSources.map((source) => ({ ...source })),
    version: customer.version,
    changedAt: customer.changedAt,
    charterVersion: customer.charterVersion,
  };
}
