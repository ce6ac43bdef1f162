import { Inject, Injectable } from '@nestjs/common';
import { PeriodicSweepScheduler } from '@concord/service-runtime';
import { INVENTORY_CONFIG, type InventoryConfig } from '../config/inventory.config';
import { SweepStaleStock } from './sweep-stale-stock.service';

/**
 * Runs the staleness sweep every INVENTORY_STALE_SWEEP_INTERVAL_MS, one sweep at a time, from
 * start-up (once the backbone has registered the schemas it publishes with) until shutdown, which
 * waits for the sweep in progress before the database closes.
 */
@Injectable()
export class StaleStockSweepScheduler extends PeriodicSweepScheduler {
  constructor(sweepStaleStock: SweepStaleStock, @Inject(INVENTORY_CONFIG) config: InventoryConfig) {
    super({
      name: 'staleness sweep',
      intervalMs: config.INVENTORY_STALE_SWEEP_INTERVAL_MS,
      sweep: (stopping) => sweepStaleStock.sweep(stopping),
      describe: (swept) => `staleness sweep refreshed ${swept} SKU(s)`,
    });
  }
}
