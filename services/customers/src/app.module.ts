import { apiDocsProviders } from '@concord/service-runtime';
import { Module, type DynamicModule } from '@nestjs/common';
import { MessagingModule, type MessagingModuleOptions } from '@concord/messaging';
import { HealthModule, createMetricsRegistry } from '@concord/observability';
import { ApplyCustomerUpsert } from './apply-customer-upsert/apply-customer-upsert.service';
import { CUSTOMERS_CONFIG, type CustomersConfig } from './config/customers.config';
import { CreateCustomerForOrder } from './create-customer-for-order/create-customer-for-order.service';
import { CreationRequestRepository } from './database/creation-request.repository';
import { CrossReferenceRepository } from './database/cross-reference.repository';
import { CustomerRepository } from './database/customer.repository';
import { CustomersTables1764460800000 } from './database/migrations/1764460800000-customers-tables';
import { RejectedFieldWriteRepository } from './database/rejected-field-write.repository';
import { SyncRequestRepository } from './database/sync-request.repository';
import { CustomersController } from './http/customers.http.controller';
import { CustomerCreationRequestedHandler } from './messaging/customer-creation-requested.handler';
import { CustomerUpsertedHandler } from './messaging/customer-upserted.handler';
import { CustomersMetrics } from './metrics/customers.metrics';
import { QueryCustomers } from './query-customers/query-customers.service';
import { SaveGoldenRecord } from './save-golden-record/save-golden-record.service';

/** One handler per consumed event; each only validates and calls its use case. */
const handlers = [CustomerCreationRequestedHandler, CustomerUpsertedHandler];

/**
 * The CRM/ERP customer master: canonical customers with their ids in every system, golden records
 * merged by the charter's field ownership, and new customers created in the ERP for the orders
 * that introduced them. Needs the charter as CHARTER (runService provides it; tests import
 * CharterModule.forRoot).
 */
@Module({})
export class AppModule {
  /** `tuning` is for tests: consumer and relay timings, the backbone's logger. */
  static register(config: CustomersConfig, tuning: Pick<MessagingModuleOptions, 'consumer' | 'relay' | 'logger'> = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        HealthModule.forRoot({ registry: createMetricsRegistry('customers') }),
        MessagingModule.forRoot({
          service: 'customers',
          groupId: config.CUSTOMERS_GROUP_ID,
          schema: config.CUSTOMERS_DB_SCHEMA,
          config,
          migrations: [CustomersTables1764460800000],
          handlers,
          produces: ['CustomerChanged', 'CustomerSyncRequested'],
          databasePoolSize: config.CUSTOMERS_DB_POOL_SIZE,
          ...tuning,
        }),
      ],
      controllers: [CustomersController],
      providers: [
        { provide: CUSTOMERS_CONFIG, useValue: config },
        CustomersMetrics,
        CustomerRepository,
        CrossReferenceRepository,
        SyncRequestRepository,
        CreationRequestRepository,
        RejectedFieldWriteRepository,
        SaveGoldenRecord,
        CreateCustomerForOrder,
        ApplyCustomerUpsert,
        QueryCustomers,
        ...apiDocsProviders({
          title: 'Concord customers',
          description: 'Golden customer records merged from the CRM and the ERP by field ownership, looked up by Concord id or by a source system id.',
        }),
        ...handlers,
      ],
    };
  }
}
