import { apiDocsProviders } from '@concord/service-runtime';
import { Module, type DynamicModule } from '@nestjs/common';
import { MessagingModule, type MessagingModuleOptions } from '@concord/messaging';
import { HealthModule, createMetricsRegistry } from '@concord/observability';
import { ApplyInventoryUpdatesBatch } from './apply-inventory-updates-batch/apply-inventory-updates-batch.service';
import { INVENTORY_CONFIG, type InventoryConfig } from './config/inventory.config';
import { ConsumeShippedReservation } from './consume-shipped-reservation/consume-shipped-reservation.service';
import { InventoryTables1764288000000 } from './database/migrations/1764288000000-inventory-tables';
import { NonAuthoritativeUpdateRepository } from './database/non-authoritative-update.repository';
import { ReservationRepository } from './database/reservation.repository';
import { SkuDemandRepository } from './database/sku-demand.repository';
import { SkuStateRepository } from './database/sku-state.repository';
import { StockLevelRepository } from './database/stock-level.repository';
import { StockMovementRepository } from './database/stock-movement.repository';
import { StockController } from './http/stock.http.controller';
import { InventoryUpdatedHandler } from './messaging/inventory-updated.handler';
import { OrderReturnedHandler } from './messaging/order-returned.handler';
import { OrderShippedHandler } from './messaging/order-shipped.handler';
import { StockReleaseRequestedHandler } from './messaging/stock-release-requested.handler';
import { StockReservationRequestedHandler } from './messaging/stock-reservation-requested.handler';
import { InventoryMetrics } from './metrics/inventory.metrics';
import { QueryStock } from './query-stock/query-stock.service';
import { RecordOrderReturn } from './record-order-return/record-order-return.service';
import { RefreshAvailability } from './refresh-availability/refresh-availability.service';
import { ReleaseStock } from './release-stock/release-stock.service';
import { ReserveStock } from './reserve-stock/reserve-stock.service';
import { SetVelocityTier } from './set-velocity-tier/set-velocity-tier.service';
import { StaleStockSweepScheduler } from './sweep-stale-stock/stale-stock-sweep.scheduler';
import { SweepStaleStock } from './sweep-stale-stock/sweep-stale-stock.service';
import { OrderStockLocks } from './database/order-stock-locks';

/** One handler per consumed event; each only validates and calls its use case. */
const handlers = [InventoryUpdatedHandler, StockReservationRequestedHandler, StockReleaseRequestedHandler, OrderShippedHandler, OrderReturnedHandler];

/**
 * Stock per SKU and location from the charter's source of truth, its freshness, reservations, and
 * the availability the storefront sees (issue 4). Needs the charter as CHARTER (runService provides
 * it; tests import CharterModule.forRoot).
 */
@Module({})
export class AppModule {
  /** `tuning` is for tests: consumer and relay timings, the backbone's logger. */
  static register(config: InventoryConfig, tuning: Pick<MessagingModuleOptions, 'consumer' | 'relay' | 'logger'> = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        HealthModule.forRoot({ registry: createMetricsRegistry('inventory') }),
        MessagingModule.forRoot({
          service: 'inventory',
          groupId: config.INVENTORY_GROUP_ID,
          schema: config.INVENTORY_DB_SCHEMA,
          config,
          migrations: [InventoryTables1764288000000],
          handlers,
          produces: ['InventoryAvailabilityChanged', 'InventorySnapshotRequested', 'StockReserved', 'StockReservationRejected', 'StockReleased'],
          databasePoolSize: config.INVENTORY_DB_POOL_SIZE,
          ...tuning,
          consumer: { partitionsConsumedConcurrently: config.INVENTORY_CONSUMER_CONCURRENCY, chunkSize: config.INVENTORY_CONSUMER_CHUNK_SIZE, ...tuning.consumer },
        }),
      ],
      controllers: [StockController],
      providers: [
        { provide: INVENTORY_CONFIG, useValue: config },
        InventoryMetrics,
        SkuStateRepository,
        StockLevelRepository,
        SkuDemandRepository,
        NonAuthoritativeUpdateRepository,
        ReservationRepository,
        OrderStockLocks,
        StockMovementRepository,
        RefreshAvailability,
        ApplyInventoryUpdatesBatch,
        ReserveStock,
        ReleaseStock,
        ConsumeShippedReservation,
        RecordOrderReturn,
        SweepStaleStock,
        StaleStockSweepScheduler,
        QueryStock,
        SetVelocityTier,
        ...apiDocsProviders({
          title: 'Concord inventory',
          description: 'Stock per SKU and location from the source of truth, its freshness and velocity tier, and per-SKU tier overrides.',
        }),
        ...handlers,
      ],
    };
  }
}
