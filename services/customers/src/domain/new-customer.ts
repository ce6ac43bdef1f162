import type { Contact, CustomerCreationRequested, CustomerSyncRequested, SourceSystem } from '@concord/contracts';
import type { SystemId } from '@concord/governance';
import { customersError, type CustomersError } from './customers.errors';
import type { GoldenRecord, SuppliedFields } from './golden-record';
import type { FieldWrite } from './merge-customer-fields';
import { instantErrors, postalAddressErrors, requiredText, suppliedText } from './record-checks';

/**
 * The systems whose customers the ERP may be asked to create: the order channels. The ERP itself
 * (its customers exist there) and UNKNOWN (a reader's fallback) cannot be the origin.
 */
export const CREATION_SOURCE_SYSTEMS: readonly SystemId[] = ['ECOMMERCE', 'CRM'];

/** The system every new customer is created in. */
export const CUSTOMER_MASTER_SYSTEM = 'ERP' satisfies SystemId;

/** Why a CustomerCreationRequested can never take effect as it is. */
export function validateCustomerCreationRequest(request: CustomerCreationRequested): CustomersError[] {
  const errors: CustomersError[] = [];
  if (!(CREATION_SOURCE_SYSTEMS as readonly string[]).includes(request.sourceSystem)) {
    errors.push(
      customersError('CUSTOMERS.UNEXPECTED_SOURCE_SYSTEM', `expected one of ${CREATION_SOURCE_SYSTEMS.join(', ')} (got "${request.sourceSystem}")`, 'sourceSystem'),
    );
  }
  errors.push(...requiredText(request.externalCustomerId, 'externalCustomerId'));
  errors.push(...requiredText(request.customer.name, 'customer.name'));
  errors.push(...postalAddressErrors(request.customer.billingAddress, 'customer.billingAddress'));
  errors.push(...instantErrors(request.requestedAt, 'requestedAt'));
  return errors;
}

/**
 * What the channel captured, as a write of its system: name, billing address, tax id, and a primary
 * contact named like the account when an e-mail or phone was given. Blank optional texts count as
 * not captured.
 */
export function fieldWriteOfCreationRequest(request: CustomerCreationRequested): FieldWrite {
  const { customer } = request;
  const fields: { -readonly [F in keyof SuppliedFields]: SuppliedFields[F] } = { name: customer.name, billingAddress: customer.billingAddress };
  const taxId = suppliedText(customer.taxId);
  if (taxId !== undefined) fields.taxId = taxId;
  const email = suppliedText(customer.email) ?? null;
  const phone = suppliedText(customer.phone) ?? null;
  if (email !== null || phone !== null) {
    const contact: Contact = { name: customer.name, email, phone, role: null, primary: true };
    fields.contacts = [contact];
  }
  return { system: request.sourceSystem as SystemId, at: request.requestedAt, fields };
}

/** Who asked for a customer to be created in the ERP, and for which order. */
export interface SyncOrigin {
  readonly system: SourceSystem;
  readonly externalId: string;
  readonly orderId: string | null;
}

/**
 * Asks the ERP to create the customer from its golden record. The record must have a billing
 * address (every creation request brings one).
 */
export function buildCustomerSyncRequested(
  record: GoldenRecord,
  request: { readonly customerId: string; readonly syncRequestId: string; readonly origin: SyncOrigin; readonly requestedAt: Date },
): CustomerSyncRequested {
  if (record.billingAddress === null) throw new Error(`customer ${request.customerId} has no billing address to send to the ERP`);
  return {
    syncRequestId: request.syncRequestId,
    customerId: request.customerId,
    targetSystem: CUSTOMER_MASTER_SYSTEM,
    reason: 'NEW_CUSTOMER',
    originSystem: request.origin.system,
    originExternalId: request.origin.externalId,
    orderId: request.origin.orderId,
    name: record.name,
    contacts: record.contacts.map((contact) => ({ ...contact })),
    billingAddress: { ...record.billingAddress },
    taxId: record.taxId,
    parentTargetId: null,
    requestedAt: request.requestedAt,
  };
}
