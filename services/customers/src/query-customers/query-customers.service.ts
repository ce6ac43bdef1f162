import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CrossReferenceRepository } from '../database/cross-reference.repository';
import { CustomerRepository } from '../database/customer.repository';
import { SyncRequestRepository } from '../database/sync-request.repository';
import type { CrossReferenceKey } from '../domain/cross-reference';
import { CUSTOMER_MASTER_SYSTEM } from '../domain/new-customer';
import { toCustomerView, type CustomerView } from './customer-view';

/** Reads golden records as committed, without locks. */
@Injectable()
export class QueryCustomers {
  constructor(
    private readonly dataSource: DataSource,
    private readonly customers: CustomerRepository,
    private readonly crossReferences: CrossReferenceRepository,
    private readonly syncRequests: SyncRequestRepository,
  ) {}

  /** The golden record; undefined when there is no such customer. */
  async byId(customerId: string): Promise<CustomerView | undefined> {
    const manager = this.dataSource.manager;
    const customer = await this.customers.find(manager, customerId);
    if (customer === undefined) return undefined;
    return toCustomerView(customer, await this.syncRequests.latestFor(manager, customerId, CUSTOMER_MASTER_SYSTEM));
  }

  /** The golden record of the customer a system knows as `key.externalId`; undefined when none is linked. */
  async byCrossReference(key: CrossReferenceKey): Promise<CustomerView | undefined> {
    const customerId = await this.crossReferences.customerIdOf(this.dataSource.manager, key);
    return customerId === undefined ? undefined : this.byId(customerId);
  }
}
