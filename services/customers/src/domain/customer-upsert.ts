import type { CustomerUpserted } from '@concord/contracts';
import type { SystemId } from '@concord/governance';
import { customersError, type CustomersError } from './customers.errors';
import type { SuppliedFields } from './golden-record';
import type { FieldWrite } from './merge-customer-fields';
import { contactErrors, instantErrors, isBlank, postalAddressErrors, requiredText, suppliedText } from './record-checks';

/** The systems that send CustomerUpserted (the event catalog's producers). */
export const UPSERT_SOURCE_SYSTEMS: readonly SystemId[] = ['CRM', 'ERP'];

/**
 * Why a CustomerUpserted can never take effect as it is. Null fields are "not sent" and fine; a
 * sent field must be well formed. Whether the record may create a customer (it needs a name) is
 * decided when it is applied.
 */
export function validateCustomerUpserted(upsert: CustomerUpserted): CustomersError[] {
  const errors: CustomersError[] = [];
  if (!(UPSERT_SOURCE_SYSTEMS as readonly string[]).includes(upsert.sourceSystem)) {
    errors.push(
      customersError('CUSTOMERS.UNEXPECTED_SOURCE_SYSTEM', `expected one of ${UPSERT_SOURCE_SYSTEMS.join(', ')} (got "${upsert.sourceSystem}")`, 'sourceSystem'),
    );
  }
  errors.push(...requiredText(upsert.externalId, 'externalId'));
  if (upsert.name !== null) errors.push(...requiredText(upsert.name, 'name'));
  if (upsert.contacts !== null) errors.push(...contactErrors(upsert.contacts, 'contacts'));
  if (upsert.billingAddress !== null) errors.push(...postalAddressErrors(upsert.billingAddress, 'billingAddress'));
  if (upsert.creditLimitAmount?.isNegative()) {
    errors.push(customersError('CUSTOMERS.INVALID_FIELD', `expected zero or more (got ${upsert.creditLimitAmount.toFixed()})`, 'creditLimitAmount'));
  }
  const sendsMoney = upsert.creditLimitAmount !== null || upsert.openReceivablesAmount !== null;
  if (upsert.currency !== null && !/^[A-Z]{3}$/.test(upsert.currency)) {
    errors.push(customersError('CUSTOMERS.INVALID_FIELD', `expected an ISO 4217 code of three upper-case letters (got "${upsert.currency}")`, 'currency'));
  } else if (sendsMoney && upsert.currency === null) {
    errors.push(customersError('CUSTOMERS.MISSING_REQUIRED_FIELD', 'required when creditLimitAmount or openReceivablesAmount is sent', 'currency'));
  }
  if (upsert.accountStatus === 'UNKNOWN') {
    errors.push(customersError('CUSTOMERS.INVALID_FIELD', 'UNKNOWN is the readers’ fallback; send null when the status is not known', 'accountStatus'));
  }
  errors.push(...instantErrors(upsert.updatedAt, 'updatedAt'));
  return errors;
}

/** What a (valid) CustomerUpserted writes: the fields it sent, blank texts counting as not sent. */
export function fieldWriteOfUpsert(upsert: CustomerUpserted): FieldWrite {
  const fields: { -readonly [F in keyof SuppliedFields]: SuppliedFields[F] } = {};
  if (!isBlank(upsert.name)) fields.name = upsert.name;
  if (upsert.contacts !== null) fields.contacts = upsert.contacts;
  if (upsert.billingAddress !== null) fields.billingAddress = upsert.billingAddress;
  const taxId = suppliedText(upsert.taxId);
  if (taxId !== undefined) fields.taxId = taxId;
  if (upsert.creditLimitAmount !== null) fields.creditLimitAmount = upsert.creditLimitAmount;
  if (upsert.openReceivablesAmount !== null) fields.openReceivablesAmount = upsert.openReceivablesAmount;
  const currency = suppliedText(upsert.currency);
  if (currency !== undefined) fields.currency = currency;
  const paymentTerms = suppliedText(upsert.paymentTerms);
  if (paymentTerms !== undefined) fields.paymentTerms = paymentTerms;
  if (upsert.accountStatus !== null) fields.accountStatus = upsert.accountStatus;
  return { system: upsert.sourceSystem as SystemId, at: upsert.updatedAt, fields };
}
