// How a source system's customer data becomes part of the golden record: field by field, by the
// charter's ownership (customer_contact: name, contacts, billing address → CRM; customer_account:
// credit limit, payment terms, receivables, tax id → ERP, in the shipped charter).
//
// SPEC §5 and the charter say "a write from a non-owner is rejected (quarantined as
// OWNERSHIP_VIOLATION) unless an approved exception covers it". Here that decision is taken per
// field, not per record: a CustomerUpserted carries every field its system holds — the ERP sends
// the name and address it keeps, the CRM the tax id — so dead-lettering the whole record for one
// non-owned field would also hold back the fields the sender does own (the ERP's credit limit).
// The rules:
//
//   1. The owner's value (or that of a system with an approved exception in force at the source's
//      change time) is applied.
//   2. A non-owner's value is applied only to a field no system has supplied yet (a customer first
//      seen in the storefront has its name and address from there, one loaded from the ERP has the
//      ERP's name), and that same system may keep its value current until a system allowed to
//      write the field supplies one. The owner's value then replaces it.
//   3. Any other non-owner value that differs from the held one is rejected for that field — not
//      applied — and returned as an OWNERSHIP_VIOLATION to record (with the offered and held values,
//      the owner and the charter version); the rest of the record is applied. A non-owner value equal
//      to the held one is agreement, not a violation.
//   4. A value older than the one the same system already supplied for the field (an update that
//      overtook another in transit) is ignored.
//
// The lineage (fieldSources) changes only with a value or with the system that supplied it: the
// same value re-sent later by the same system changes nothing, so an unchanged upsert publishes
// nothing.
import type { FieldSource, SourceSystem } from '@concord/contracts';
import type { Charter, DomainField, SystemId } from '@concord/governance';
import { GOLDEN_FIELDS, sameValue, valueAsJson, type GoldenField, type GoldenRecord, type GoldenValues, type SuppliedFields } from './golden-record';

/** A write target in the customer domains of the charter. */
export type CustomerWriteTarget =
  | { readonly domain: 'customer_contact'; readonly field?: DomainField<'customer_contact'> }
  | { readonly domain: 'customer_account'; readonly field?: DomainField<'customer_account'> };

/** Where the charter governs each golden field: a domain, and the field within it when it has its own owner. */
export const FIELD_GOVERNANCE: { readonly [F in GoldenField]: CustomerWriteTarget } = {
  name: { domain: 'customer_contact', field: 'name' },
  contacts: { domain: 'customer_contact', field: 'contacts' },
  billingAddress: { domain: 'customer_contact', field: 'billing_address' },
  taxId: { domain: 'customer_account', field: 'tax_id' },
  creditLimitAmount: { domain: 'customer_account', field: 'credit_limit' },
  openReceivablesAmount: { domain: 'customer_account', field: 'receivables' },
  // The currency of the credit limit and receivables, and the account's lifecycle, are account
  // data without a field of their own in the charter: the customer_account domain's owner has them.
  currency: { domain: 'customer_account' },
  paymentTerms: { domain: 'customer_account', field: 'payment_terms' },
  accountStatus: { domain: 'customer_account' },
};

/** One system's values for a customer, as of `at` (when the change was made at the source). */
export interface FieldWrite {
  readonly system: SystemId;
  readonly at: Date;
  readonly fields: SuppliedFields;
}

/** A non-owner's value the charter did not let replace the held one (rule 3). */
export interface RejectedFieldWrite {
  readonly code: 'OWNERSHIP_VIOLATION';
  readonly field: GoldenField;
  readonly system: SystemId;
  /** The offered and the held value, as JSON (money as decimal strings). */
  readonly offered: unknown;
  readonly held: unknown;
  /** The system that supplied the held value. */
  readonly heldSource: SourceSystem;
  readonly owner: SystemId;
  readonly reason: string;
  readonly at: Date;
  readonly charterVersion: string;
}

/** What became of each field a source sent. */
export type FieldOutcome =
  | { readonly field: GoldenField; readonly kind: 'applied'; readonly via: 'owner' | 'exception' | 'first-value' | 'provisional-update' }
  | { readonly field: GoldenField; readonly kind: 'unchanged' }
  | { readonly field: GoldenField; readonly kind: 'stale'; readonly heldSince: Date }
  | { readonly field: GoldenField; readonly kind: 'rejected'; readonly rejection: RejectedFieldWrite };

export interface MergeResult {
  readonly record: GoldenRecord;
  /** Whether a value or its lineage changed. */
  readonly changed: boolean;
  /** One per field sent, in GOLDEN_FIELDS order. */
  readonly outcomes: readonly FieldOutcome[];
  readonly rejected: readonly RejectedFieldWrite[];
  readonly charterVersion: string;
}

/** Merges one system's values into the golden record by the charter's field ownership (rules above). */
export function mergeCustomerFields(current: GoldenRecord, write: FieldWrite, charter: Charter): MergeResult {
  if (Number.isNaN(write.at.getTime())) throw new RangeError('mergeCustomerFields: `at` is not a valid date');
  const values: Record<string, unknown> = { ...current };
  const sources = new Map<GoldenField, FieldSource>(current.fieldSources.map((source) => [source.field as GoldenField, source]));
  const outcomes: FieldOutcome[] = [];

  for (const field of GOLDEN_FIELDS) {
    const offered = write.fields[field];
    if (offered === undefined) continue;
    const outcome = decideField(field, offered, current, sources.get(field), write, charter);
    outcomes.push(outcome);
    if (outcome.kind !== 'applied') continue;
    values[field] = offered;
    sources.set(field, { field, sourceSystem: write.system, updatedAt: write.at });
  }

  const fieldSources = GOLDEN_FIELDS.flatMap((field) => (sources.has(field) ? [sources.get(field)!] : []));
  return {
    record: { ...(values as unknown as GoldenValues), fieldSources },
    changed: outcomes.some((outcome) => outcome.kind === 'applied'),
    outcomes,
    rejected: outcomes.flatMap((outcome) => (outcome.kind === 'rejected' ? [outcome.rejection] : [])),
    charterVersion: charter.version,
  };
}

function decideField<F extends GoldenField>(
  field: F,
  offered: GoldenValues[F],
  current: GoldenRecord,
  held: FieldSource | undefined,
  write: FieldWrite,
  charter: Charter,
): FieldOutcome {
  const heldBySender = held !== undefined && held.sourceSystem === write.system;
  if (heldBySender && write.at < held.updatedAt) return { field, kind: 'stale', heldSince: held.updatedAt };
  const unchanged = sameValue(field, current[field], offered);
  const decision = charter.isWriteAllowed({ ...FIELD_GOVERNANCE[field], system: write.system, at: write.at });

  if (decision.allowed) {
    // The same value from an allowed writer still moves the lineage to it when another system supplied it.
    return unchanged && heldBySender ? { field, kind: 'unchanged' } : { field, kind: 'applied', via: decision.via };
  }
  if (held === undefined) return { field, kind: 'applied', via: 'first-value' };
  if (heldBySender) return unchanged ? { field, kind: 'unchanged' } : { field, kind: 'applied', via: 'provisional-update' };
  if (unchanged) return { field, kind: 'unchanged' };
  return {
    field,
    kind: 'rejected',
    rejection: {
      code: 'OWNERSHIP_VIOLATION',
      field,
      system: write.system,
      offered: valueAsJson(field, offered),
      held: valueAsJson(field, current[field]),
      heldSource: held.sourceSystem,
      owner: decision.owner,
      reason: decision.reason,
      at: write.at,
      charterVersion: decision.charterVersion,
    },
  };
}
