import { ValidationError } from '@concord/messaging';
import type { OrderIssue } from '../domain/orders.errors';

/**
 * The ValidationError that dead-letters a record at once, coded with the first of the domain's
 * stable codes (e.g. ORDERS.UNEXPECTED_SOURCE_SYSTEM) and naming every problem with its field.
 */
export function invalidRecord(issues: readonly OrderIssue[]): ValidationError {
  const reasons = issues.map((issue) => (issue.field === null ? issue.message : `${issue.field}: ${issue.message}`));
  return new ValidationError(issues[0]?.code ?? 'ORDERS.INVALID_RECORD', reasons.join('; '));
}

/** Throws invalidRecord(issues) when there are any. */
export function assertValidRecord(issues: readonly OrderIssue[]): void {
  if (issues.length > 0) throw invalidRecord(issues);
}
