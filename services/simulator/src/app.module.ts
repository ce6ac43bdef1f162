import { Module, type DynamicModule } from '@nestjs/common';
import type { Charter } from '@concord/governance';
import { MessagingModule } from '@concord/messaging';
import { createLogger, createMetricsRegistry, HealthModule } from '@concord/observability';
import { SIMULATOR_SETTINGS, simulatorSettings, type SimulatorSettings } from './config/simulator-settings';
import type { SimulatorConfig } from './config/simulator.config';
import { SimulatorController } from './http/simulator.controller';
import { InventoryFeed } from './inventory/inventory-feed';
import { WarehouseSimulation } from './inventory/warehouse-simulation';
import { InventorySnapshotRequestedHandler } from './messaging/inventory-snapshot-requested.handler';
import { SourceSystemPublisher } from './messaging/source-system-publisher';
import { SourceTrafficCounters } from './messaging/source-traffic-counters';
import { SIMULATOR_LOGGER } from './simulator-logger';
import { AnswerSnapshotRequest } from './snapshot-requests/answer-snapshot-request';

// Simulated source systems. So far the inventory pair (issue 4): a WMS and an ERP publishing
// InventoryUpdated at a configurable rate with a share of bad records, answering snapshot requests.
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
          handlers: [InventorySnapshotRequestedHandler],
          produces: ['InventoryUpdated'],
        }),
      ],
      controllers: [SimulatorController],
      providers: [
        { provide: SIMULATOR_SETTINGS, useValue: settings },
        { provide: SIMULATOR_LOGGER, useValue: logger },
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
        SourceTrafficCounters,
        SourceSystemPublisher,
        InventoryFeed,
        AnswerSnapshotRequest,
        InventorySnapshotRequestedHandler,
      ],
    };
  }
}
