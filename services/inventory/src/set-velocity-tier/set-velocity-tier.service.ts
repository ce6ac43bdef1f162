import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@concord/messaging';
import { SkuStateRepository } from '../database/sku-state.repository';
import { StockLevelRepository } from '../database/stock-level.repository';
import type { KnownVelocityTier } from '../domain/velocity-tier';
import { toStockView, type StockView } from '../query-stock/stock-view';
import { RefreshAvailability } from '../refresh-availability/refresh-availability.service';

/**
 * Sets (or with null clears) a SKU's velocity tier override. The new tier's freshness limit applies
 * at once: a SKU whose data is older than it is published as 0/UNCONFIRMED and a snapshot requested.
 */
@Injectable()
export class SetVelocityTier {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly skuStates: SkuStateRepository,
    private readonly stockLevels: StockLevelRepository,
    private readonly refreshAvailability: RefreshAvailability,
  ) {}

  /** The SKU's stock after the change; undefined when inventory has never heard of the SKU. */
  async execute(sku: string, override: KnownVelocityTier | null): Promise<StockView | undefined> {
    return this.unitOfWork.run(async (context) => {
      const { manager } = context;
      const now = new Date();
      const [locked] = await this.skuStates.lockExisting(manager, [sku]);
      if (locked === undefined) return undefined;
      const state = await this.skuStates.saveVelocityOverride(manager, sku, override);
      const levels = await this.stockLevels.lockForSkus(manager, [sku]);
      const tier = (await this.refreshAvailability.velocityTiers(manager, [state], now)).get(sku)!;
      const availability = await this.refreshAvailability.refresh(context, { state, levels, tier: tier.tier, now });
      return toStockView(availability, tier, levels);
    });
  }
}
