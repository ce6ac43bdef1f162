import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { INVENTORY_CONFIG, type InventoryConfig } from '../config/inventory.config';
import { SweepStaleStock } from './sweep-stale-stock.service';

/**
 * Runs the staleness sweep every INVENTORY_STALE_SWEEP_INTERVAL_MS, one sweep at a time, from
 * start-up (once the backbone has registered the schemas it publishes with) until shutdown, which
 * waits for the sweep in progress before the database closes.
 */
@Injectable()
export class StaleStockSweepScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(StaleStockSweepScheduler.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopping = false;

  constructor(
    private readonly sweepStaleStock: SweepStaleStock,
    @Inject(INVENTORY_CONFIG) private readonly config: InventoryConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.tick(), this.config.INVENTORY_STALE_SWEEP_INTERVAL_MS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private tick(): void {
    if (this.running !== undefined || this.stopping) return; // the previous sweep is still at work
    this.running = this.sweepStaleStock
      .sweep(() => this.stopping)
      .then((swept) => {
        if (swept > 0) this.logger.log(`staleness sweep refreshed ${swept} SKU(s)`);
      })
      .catch((error: unknown) => {
        // A database outage: the next tick tries again.
        this.logger.error(`staleness sweep failed: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => {
        this.running = undefined;
      });
  }
}
