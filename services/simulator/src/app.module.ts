import { Module, type DynamicModule } from '@nestjs/common';
import type { Charter } from '@concord/governance';
import { MessagingModule } from '@concord/messaging';
import { createLogger, createMetricsRegistry, HealthModule } from '@concord/observability';
import { CHARTER } from '@concord/service-runtime';
import { SIMULATOR_SETTINGS, simulatorSettings, type SimulatorSettings } from './config/simulator-settings';
import type { SimulatorConfig } from './config/simulator.config';
import { SimulatorTables1764374400000 } from './database/migrations/1764374400000-simulator-tables';
import { ScheduledRecordRepository } from './database/scheduled-record.repository';
import { AnswerCustomerSync } from './erp/answer-customer-sync';
import { CancelPendingShipments } from './erp/cancel-pending-shipments';
import { FulfilAcceptedOrder } from './erp/fulfil-accepted-order';
import { OrderFlowCounters } from './erp/order-flow-counters';
import { SimulatorController } from './http/simulator.controller';
import { InventoryFeed } from './inventory/inventory-feed';
import { WarehouseSimulation } from './inventory/warehouse-simulation';
import { CustomerSyncRequestedHandler } from './messaging/customer-sync-requested.handler';
import { InventorySnapshotRequestedHandler } from './messaging/inventory-snapshot-requested.handler';
import { OrderAcceptedHandler } from './messaging/order-accepted.handler';
import { OrderCancellationRequestedHandler } from './messaging/order-cancellation-requested.handler';
import { SourceSystemPublisher } from './messaging/source-system-publisher';
import { SourceTrafficCounters } from './messaging/source-traffic-counters';
import { SystemRecordPublisher } from './messaging/system-record-publisher';
import { ProductRange } from './reference-data/product-range';
import { ReferenceDataFeed } from './reference-data/reference-data-feed';
import { ScheduledRecordSender } from './scheduled-records/scheduled-record-sender';
import { SIMULATOR_LOGGER } from './simulator-logger';
import { AnswerSnapshotRequest } from './snapshot-requests/answer-snapshot-request';
import { OrderGenerator } from './storefront/order-generator';
import { Storefront } from './storefront/storefront';

/** One handler per event Concord sends the simulated systems. */
const handlers = [InventorySnapshotRequestedHandler, OrderAcceptedHandler, CustomerSyncRequestedHandler, OrderCancellationRequestedHandler];

// Simulated source systems: the inventory pair (issue 4) — a WMS and an ERP publishing
// InventoryUpdated and answering snapshot requests — and the order flow (issue 5): reference data
// (catalog and pricing stand-ins, the ERP's customers), a storefront placing and cancelling orders,
// an ERP posting accepted orders and creating customers, a WMS shipping posted orders.
@Module({})
export class AppModule {
  static register(config: SimulatorConfig, charter: Charter): DynamicModule {
    const settings = simulatorSettings(
      config,
      charter.inventoryRouting.locations.map((location) => location.id),
    );
    const logger = createLogger('simulator', config.LOG_LEVEL);
    return {
      module: AppModule,
      imports: [
        HealthModule.forRoot({ registry: createMetricsRegistry('simulator') }),
        MessagingModule.forRoot({
          service: 'simulator',
          groupId: config.SIMULATOR_GROUP_ID,
          schema: config.SIMULATOR_DB_SCHEMA,
          config,
          logger,
          migrations: [SimulatorTables1764374400000],
          handlers,
          produces: ['InventoryUpdated', 'ProductChanged', 'PriceChanged', 'CustomerUpserted', 'OrderPlaced', 'OrderCancelled', 'OrderPostedToErp', 'OrderShipped'],
        }),
      ],
      controllers: [SimulatorController],
      providers: [
        { provide: SIMULATOR_SETTINGS, useValue: settings },
        { provide: SIMULATOR_LOGGER, useValue: logger },
        { provide: CHARTER, useValue: charter },
        {
          provide: WarehouseSimulation,
          inject: [SIMULATOR_SETTINGS],
          useFactory: (s: SimulatorSettings) =>
            new WarehouseSimulation({
              skus: s.skus,
              locations: s.locations,
              seed: s.seed,
              badRecordShare: s.badRecordShare,
              erpDriftShare: s.erpDriftShare,
              // Sequences continue from the clock (µs resolution), above anything an earlier run sent.
              sequenceStart: Date.now() * 1000,
            }),
        },
        {
          provide: ProductRange,
          inject: [SIMULATOR_SETTINGS],
          useFactory: (s: SimulatorSettings) =>
            new ProductRange({
              skus: s.skus,
              seed: s.seed,
              inactiveShare: s.orders.inactiveSkuShare,
              specialPriceShare: s.orders.specialPriceShare,
              customerCount: s.orders.customerCount,
              erpCustomerIdOf: (storefrontId) => erpIdOfStorefrontCustomer(charter, storefrontId),
              currency: s.orders.currency,
              now: new Date(),
            }),
        },
        {
          provide: OrderGenerator,
          inject: [ProductRange, SIMULATOR_SETTINGS],
          useFactory: (range: ProductRange, s: SimulatorSettings) =>
            new OrderGenerator(range, {
              seed: s.seed,
              externalOrderIdPrefix: s.orders.externalOrderIdPrefix,
              channel: s.orders.channel,
              cancelDelayMs: s.orders.cancelDelayMs,
            }),
        },
        { provide: ScheduledRecordRepository, useValue: new ScheduledRecordRepository(config.SIMULATOR_DB_SCHEMA) },
        SourceTrafficCounters,
        SourceSystemPublisher,
        SystemRecordPublisher,
        InventoryFeed,
        AnswerSnapshotRequest,
        ReferenceDataFeed,
        Storefront,
        OrderFlowCounters,
        FulfilAcceptedOrder,
        AnswerCustomerSync,
        CancelPendingShipments,
        ScheduledRecordSender,
        ...handlers,
      ],
    };
  }
}

/** The ERP id of storefront customer `storefrontId` by the charter's customer id mapping ("123" → "C123"). */
function erpIdOfStorefrontCustomer(charter: Charter, storefrontId: string): string {
  const mapping = charter.customerIds.erpCustomerIdFor('ECOMMERCE', storefrontId);
  if (!mapping.mapped) throw new Error(`the simulator's storefront customers need the charter's customer_id_mapping for ECOMMERCE: ${mapping.reason}`);
  return mapping.erpCustomerId;
}
