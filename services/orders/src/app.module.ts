import { apiDocsProviders } from '@concord/service-runtime';
import { Module, type DynamicModule } from '@nestjs/common';
import { MessagingModule, type MessagingModuleOptions } from '@concord/messaging';
import { HealthModule, createMetricsRegistry } from '@concord/observability';
import { AcceptOrder } from './accept-order/accept-order.service';
import { ApplyCustomerChanged } from './apply-customer-changed/apply-customer-changed.service';
import { CancelOrder } from './cancel-order/cancel-order.service';
import { ORDERS_CONFIG, type OrdersConfig } from './config/orders.config';
import { CustomerReadModelRepository } from './database/customer-read-model.repository';
import { OrdersTables1764374400000 } from './database/migrations/1764374400000-orders-tables';
import { OrderHistoryRepository } from './database/order-history.repository';
import { OrderMovementRepository } from './database/order-movement.repository';
import { OrderRepository } from './database/order.repository';
import { PriceReadModelRepository } from './database/price-read-model.repository';
import { ProductReadModelRepository } from './database/product-read-model.repository';
import { CustomerWaitSweepScheduler } from './expire-customer-waits/customer-wait-sweep.scheduler';
import { ExpireCustomerWaits } from './expire-customer-waits/expire-customer-waits.service';
import { HoldOrderForStock } from './hold-order-for-stock/hold-order-for-stock.service';
import { OrdersController } from './http/orders.http.controller';
import { CustomerChangedHandler } from './messaging/customer-changed.handler';
import { OrderCancelledHandler } from './messaging/order-cancelled.handler';
import { OrderPlacedHandler } from './messaging/order-placed.handler';
import { OrderPostedToErpHandler } from './messaging/order-posted-to-erp.handler';
import { OrderReturnedHandler } from './messaging/order-returned.handler';
import { OrderShippedHandler } from './messaging/order-shipped.handler';
import { PriceChangedHandler } from './messaging/price-changed.handler';
import { ProductChangedHandler } from './messaging/product-changed.handler';
import { StockReservationRejectedHandler } from './messaging/stock-reservation-rejected.handler';
import { StockReservedHandler } from './messaging/stock-reserved.handler';
import { OrdersMetrics } from './metrics/orders.metrics';
import { PlaceOrder } from './place-order/place-order.service';
import { QueryOrders } from './query-orders/query-orders.service';
import { RecordFulfilment } from './record-fulfilment/record-fulfilment.service';
import { ReleaseHeldOrder } from './release-held-order/release-held-order.service';
import { UpdateReadModels } from './update-read-models/update-read-models.service';
import { ValidateOrder } from './validate-order/validate-order.service';

/** One handler per consumed event; each only validates and calls its use case. */
const handlers = [
  OrderPlacedHandler,
  OrderCancelledHandler,
  StockReservedHandler,
  StockReservationRejectedHandler,
  OrderPostedToErpHandler,
  OrderShippedHandler,
  OrderReturnedHandler,
  CustomerChangedHandler,
  ProductChangedHandler,
  PriceChangedHandler,
];

/**
 * Order sync from the storefront and the CRM to the ERP (issue 5): validation against the charter
 * and local read models of products, customers and prices, customer creation, stock reservation,
 * acceptance, holds and rejections, cancellation and the ERP/WMS loop. Needs the charter as CHARTER
 * (runService provides it; tests import CharterModule.forRoot).
 */
@Module({})
export class AppModule {
  /** `tuning` is for tests: consumer and relay timings, the backbone's logger. */
  static register(config: OrdersConfig, tuning: Pick<MessagingModuleOptions, 'consumer' | 'relay' | 'logger'> = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        HealthModule.forRoot({ registry: createMetricsRegistry('orders') }),
        MessagingModule.forRoot({
          service: 'orders',
          groupId: config.ORDERS_GROUP_ID,
          schema: config.ORDERS_DB_SCHEMA,
          config,
          migrations: [OrdersTables1764374400000],
          handlers,
          produces: ['StockReservationRequested', 'StockReleaseRequested', 'CustomerCreationRequested', 'OrderAccepted', 'OrderRejected', 'OrderHeld', 'OrderCancellationRequested'],
          databasePoolSize: config.ORDERS_DB_POOL_SIZE,
          ...tuning,
          consumer: { partitionsConsumedConcurrently: config.ORDERS_CONSUMER_CONCURRENCY, ...tuning.consumer },
        }),
      ],
      controllers: [OrdersController],
      providers: [
        { provide: ORDERS_CONFIG, useValue: config },
        OrdersMetrics,
        OrderRepository,
        OrderHistoryRepository,
        OrderMovementRepository,
        ProductReadModelRepository,
        CustomerReadModelRepository,
        PriceReadModelRepository,
        ValidateOrder,
        PlaceOrder,
        CancelOrder,
        AcceptOrder,
        HoldOrderForStock,
        RecordFulfilment,
        ApplyCustomerChanged,
        UpdateReadModels,
        ExpireCustomerWaits,
        CustomerWaitSweepScheduler,
        ReleaseHeldOrder,
        QueryOrders,
        ...apiDocsProviders({
          title: 'Concord orders',
          description: 'Orders from the storefront and the CRM on their way to the ERP: state, lines at governed prices, state history, held orders and their release.',
        }),
        ...handlers,
      ],
    };
  }
}
