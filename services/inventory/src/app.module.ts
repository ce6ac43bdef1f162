import { Module, type DynamicModule } from '@nestjs/common';
import { MessagingModule } from '@concord/messaging';
import { HealthModule, createMetricsRegistry } from '@concord/observability';
import type { InventoryConfig } from './config/inventory.config';

// Stock per SKU and location, reservations and availability (issue 4).
// So far only the backbone: the `inventory` Postgres schema with the messaging tables, the Kafka
// producer and outbox relay, /health/ready (database, broker, registry) and /metrics. It consumes
// and publishes nothing yet: handlers and produced events arrive with the domain behaviour.
@Module({})
export class AppModule {
  static register(config: InventoryConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        HealthModule.forRoot({ registry: createMetricsRegistry('inventory') }),
        MessagingModule.forRoot({
          service: 'inventory',
          groupId: 'inventory',
          schema: 'inventory',
          config,
          handlers: [],
          produces: [],
        }),
      ],
    };
  }
}
