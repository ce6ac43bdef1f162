import { ValidationError } from '@concord/messaging';
import type { InventoryError } from '../domain/inventory.errors';

/**
 * The ValidationError that dead-letters a record at once, coded with the first of the domain's
 * stable codes (e.g. INVENTORY.UNKNOWN_LOCATION) and naming every problem with its field.
 */
export function invalidRecord(errors: readonly InventoryError[]): ValidationError {
  const reasons = errors.map((error) => (error.field === null ? error.message : `${error.field}: ${error.message}`));
  return new ValidationError(errors[0]?.code ?? 'INVENTORY.INVALID_RECORD', reasons.join('; '));
}

/** Throws invalidRecord(errors) when there are any. */
export function assertValidRecord(errors: readonly InventoryError[]): void {
  if (errors.length > 0) throw invalidRecord(errors);
}
