// Structural checks shared by the records customers consumes: what a field must look like for the
// record to take effect at all. The charter's quality standards (required tax id and credit limit,
// valid e-mail, postal code against the country's pattern) are a later step and are not checked here.
import type { Contact, PostalAddress } from '@concord/contracts';
import { customersError, type CustomersError } from './customers.errors';

/** True for null and for text that is empty or only whitespace. */
export function isBlank(text: string | null | undefined): text is null | undefined | '' {
  return text === null || text === undefined || text.trim() === '';
}

/** An optional text as a supplied value: blank counts as not sent. */
export function suppliedText(text: string | null): string | undefined {
  return isBlank(text) ? undefined : text;
}

/** CUSTOMERS.MISSING_REQUIRED_FIELD when `text` is blank. */
export function requiredText(text: string | null | undefined, field: string): CustomersError[] {
  return isBlank(text) ? [customersError('CUSTOMERS.MISSING_REQUIRED_FIELD', 'required, not blank', field)] : [];
}

/** A postal address needs its street line, city, postal code and an ISO 3166-1 alpha-2 country. */
export function postalAddressErrors(address: PostalAddress, field: string): CustomersError[] {
  const errors = [
    ...requiredText(address.line1, `${field}.line1`),
    ...requiredText(address.city, `${field}.city`),
    ...requiredText(address.postalCode, `${field}.postalCode`),
  ];
  if (!/^[A-Z]{2}$/.test(address.countryCode)) {
    errors.push(customersError('CUSTOMERS.INVALID_FIELD', `expected an ISO 3166-1 alpha-2 code in upper case (got "${address.countryCode}")`, `${field}.countryCode`));
  }
  return errors;
}

/** Each contact needs a name; at most one is the primary contact. */
export function contactErrors(contacts: readonly Contact[], field: string): CustomersError[] {
  const errors = contacts.flatMap((contact, index) => requiredText(contact.name, `${field}[${index}].name`));
  const primaries = contacts.filter((contact) => contact.primary).length;
  if (primaries > 1) errors.push(customersError('CUSTOMERS.INVALID_FIELD', `at most one primary contact (got ${primaries})`, field));
  return errors;
}

/** CUSTOMERS.INVALID_FIELD unless `date` is a real instant. */
export function instantErrors(date: Date, field: string): CustomersError[] {
  return Number.isNaN(date.getTime()) ? [customersError('CUSTOMERS.INVALID_FIELD', 'expected a valid instant', field)] : [];
}
