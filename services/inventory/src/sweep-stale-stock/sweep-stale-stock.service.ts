import { Inject, Injectable } from '@nestjs/common';
import { UnitOfWork } from '@concord/messaging';
import { INVENTORY_CONFIG, type InventoryConfig } from '../config/inventory.config';
import { SkuStateRepository } from '../database/sku-state.repository';
import { StockLevelRepository } from '../database/stock-level.repository';
import { InventoryMetrics } from '../metrics/inventory.metrics';
import { RefreshAvailability } from '../refresh-availability/refresh-availability.service';

/**
 * Finds SKUs whose data went stale while no event arrived (or whose unanswered snapshot request may
 * be repeated) and refreshes them: published as 0/UNCONFIRMED, snapshot requested from the source
 * of truth. Safe with several instances: each batch locks its SKUs with SKIP LOCKED, so instances
 * share the work and never wait for a SKU an event is being applied to.
 */
@Injectable()
export class SweepStaleStock {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly skuStates: SkuStateRepository,
    private readonly stockLevels: StockLevelRepository,
    private readonly refreshAvailability: RefreshAvailability,
    private readonly metrics: InventoryMetrics,
    @Inject(INVENTORY_CONFIG) private readonly config: InventoryConfig,
  ) {}

  /** Sweeps until nothing is due at the time it started (or `shouldStop`); resolves with the SKUs refreshed. */
  async sweep(shouldStop: () => boolean = () => false): Promise<number> {
    const batchSize = this.config.INVENTORY_STALE_SWEEP_BATCH_SIZE;
    const startedAt = new Date();
    let swept = 0;
    for (;;) {
      const count = await this.unitOfWork.run(async (context) => {
        const now = new Date();
        const states = await this.skuStates.lockDueForCheck(context.manager, startedAt, batchSize);
        const levels = await this.stockLevels.lockForSkus(context.manager, states.map((state) => state.sku));
        const tiers = await this.refreshAvailability.velocityTiers(context.manager, states, now);
        for (const state of states) {
          const skuLevels = levels.filter((level) => level.sku === state.sku);
          await this.refreshAvailability.refresh(context, { state, levels: skuLevels, tier: tiers.get(state.sku)!.tier, now });
        }
        this.metrics.afterCommit(context.manager, () => this.metrics.sweptSkus.inc(states.length));
        return states.length;
      });
      swept += count;
      if (count < batchSize || shouldStop()) {
        this.metrics.sweeps.inc();
        return swept;
      }
    }
  }
}
