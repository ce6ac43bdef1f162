import { Inject, Injectable } from '@nestjs/common';
import { Decimal } from 'decimal.js';
import type { EntityManager } from 'typeorm';
import type { AccountStatus, Contact, CustomerCrossReference, FieldSource, PostalAddress, SourceSystem } from '@concord/contracts';
import { CUSTOMERS_CONFIG, type CustomersConfig } from '../config/customers.config';
import type { StoredCustomer } from '../domain/golden-record';

interface CustomerRow {
  customer_id: string;
  name: string;
  contacts: Contact[];
  billing_address: PostalAddress | null;
  tax_id: string | null;
  credit_limit_amount: string | null;
  open_receivables_amount: string | null;
  currency: string | null;
  payment_terms: string | null;
  account_status: AccountStatus;
  field_sources: StoredFieldSource[];
  version: string;
  changed_at: Date;
  charter_version: string;
}

/** FieldSource as JSON: the instant as an ISO-8601 string. */
type StoredFieldSource = Omit<FieldSource, 'updatedAt'> & { updatedAt: string };

const COLUMNS = `customer_id, name, contacts, billing_address, tax_id, credit_limit_amount, open_receivables_amount, currency, payment_terms,
  account_status, field_sources, version, changed_at, charter_version`;

/**
 * Golden records with their cross-references. The `customers` row lock is the customer's mutex:
 * whoever changes a customer locks its row first (after the cross-reference locks of the ids it
 * resolved it by, see CrossReferenceRepository).
 */
@Injectable()
export class CustomerRepository {
  private readonly customers: string;
  private readonly crossReferences: string;

  constructor(@Inject(CUSTOMERS_CONFIG) config: CustomersConfig) {
    const schema = `"${config.CUSTOMERS_DB_SCHEMA}"`;
    this.customers = `${schema}.customers`;
    this.crossReferences = `${schema}.customer_cross_references`;
  }

  /** The customer with its row locked FOR UPDATE; undefined when there is none. */
  async lock(manager: EntityManager, customerId: string): Promise<StoredCustomer | undefined> {
    return this.load(manager, customerId, 'FOR UPDATE');
  }

  /** The customer as committed, without a lock. */
  async find(manager: EntityManager, customerId: string): Promise<StoredCustomer | undefined> {
    return this.load(manager, customerId, '');
  }

  /** Stores a new customer (its cross-references are linked separately). */
  async insert(manager: EntityManager, customer: StoredCustomer): Promise<void> {
    await manager.query(
      `INSERT INTO ${this.customers} (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [customer.customerId, ...this.values(customer)],
    );
  }

  /** Stores the new state of a customer locked by this transaction. */
  async update(manager: EntityManager, customer: StoredCustomer): Promise<void> {
    await manager.query(
      `UPDATE ${this.customers}
       SET name = $2, contacts = $3, billing_address = $4, tax_id = $5, credit_limit_amount = $6, open_receivables_amount = $7,
           currency = $8, payment_terms = $9, account_status = $10, field_sources = $11, version = $12, changed_at = $13, charter_version = $14
       WHERE customer_id = $1`,
      [customer.customerId, ...this.values(customer)],
    );
  }

  private values({ record, version, changedAt, charterVersion }: StoredCustomer): unknown[] {
    return [
      record.name,
      JSON.stringify(record.contacts),
      record.billingAddress === null ? null : JSON.stringify(record.billingAddress),
      record.taxId,
      record.creditLimitAmount?.toFixed(4) ?? null,
      record.openReceivablesAmount?.toFixed(4) ?? null,
      record.currency,
      record.paymentTerms,
      record.accountStatus,
      JSON.stringify(record.fieldSources),
      version,
      changedAt,
      charterVersion,
    ];
  }

  private async load(manager: EntityManager, customerId: string, lock: 'FOR UPDATE' | ''): Promise<StoredCustomer | undefined> {
    const [row]: CustomerRow[] = await manager.query(`SELECT ${COLUMNS} FROM ${this.customers} WHERE customer_id = $1 ${lock}`, [customerId]);
    if (row === undefined) return undefined;
    const references: { source_system: SourceSystem; external_id: string }[] = await manager.query(
      `SELECT source_system, external_id FROM ${this.crossReferences} WHERE customer_id = $1 ORDER BY linked_at, source_system, external_id`,
      [customerId],
    );
    return toStoredCustomer(
      row,
      references.map((reference) => ({ sourceSystem: reference.source_system, externalId: reference.external_id })),
    );
  }
}

function toStoredCustomer(row: CustomerRow, crossReferences: CustomerCrossReference[]): StoredCustomer {
  return {
    customerId: row.customer_id,
    record: {
      name: row.name,
      contacts: row.contacts,
      billingAddress: row.billing_address,
      taxId: row.tax_id,
      creditLimitAmount: row.credit_limit_amount === null ? null : new Decimal(row.credit_limit_amount),
      openReceivablesAmount: row.open_receivables_amount === null ? null : new Decimal(row.open_receivables_amount),
      currency: row.currency,
      paymentTerms: row.payment_terms,
      accountStatus: row.account_status,
      fieldSources: row.field_sources.map((source) => ({ ...source, updatedAt: new Date(source.updatedAt) })),
    },
    crossReferences,
    version: Number(row.version),
    changedAt: row.changed_at,
    charterVersion: row.charter_version,
  };
}
