import type { ValidationIssue } from '@concord/contracts';

/**
 * Stable codes of the customers domain's expected failures. They survive serialisation into
 * dead-letter headers and the rejected-write records, so callers may branch on them; never rename one.
 */
export const CUSTOMERS_ERROR_CODES = [
  // A record that can never take effect as it is (dead-lettered at once).
  'CUSTOMERS.UNEXPECTED_SOURCE_SYSTEM',
  'CUSTOMERS.MISSING_REQUIRED_FIELD',
  'CUSTOMERS.INVALID_FIELD',
  // A CustomerUpserted that names a Concord customer or sync request Concord does not know.
  'CUSTOMERS.UNKNOWN_CUSTOMER',
  'CUSTOMERS.UNKNOWN_SYNC_REQUEST',
  // An answer whose customerId, syncRequestId or system contradict each other or the request.
  'CUSTOMERS.SYNC_ANSWER_MISMATCH',
  // A source id already linked to another customer, or a second ERP id for one customer.
  'CUSTOMERS.CROSS_REFERENCE_CONFLICT',
] as const;

/** A stable customers error code, e.g. `CUSTOMERS.CROSS_REFERENCE_CONFLICT`. */
export type CustomersErrorCode = (typeof CUSTOMERS_ERROR_CODES)[number];

/** An expected failure, as a value; the same shape as the contracts' ValidationIssue. */
export interface CustomersError extends ValidationIssue {
  readonly code: CustomersErrorCode;
  readonly message: string;
  readonly field: string | null;
  readonly lineNumber: null;
}

export function customersError(code: CustomersErrorCode, message: string, field: string | null = null): CustomersError {
  return Object.freeze({ code, message, field, lineNumber: null });
}
