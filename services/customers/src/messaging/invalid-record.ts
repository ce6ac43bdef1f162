import { ValidationError } from '@concord/messaging';
import type { CustomersError } from '../domain/customers.errors';

/**
 * The ValidationError that dead-letters a record at once, coded with the first of the domain's
 * stable codes (e.g. CUSTOMERS.MISSING_REQUIRED_FIELD) and naming every problem with its field.
 */
export function invalidRecord(errors: readonly CustomersError[]): ValidationError {
  const reasons = errors.map((error) => (error.field === null ? error.message : `${error.field}: ${error.message}`));
  return new ValidationError(errors[0]?.code ?? 'CUSTOMERS.INVALID_RECORD', reasons.join('; '));
}

/** Throws invalidRecord(errors) when there are any. */
export function assertValidRecord(errors: readonly CustomersError[]): void {
  if (errors.length > 0) throw invalidRecord(errors);
}
