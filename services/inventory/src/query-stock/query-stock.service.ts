import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Charter } from '@concord/governance';
import { CHARTER } from '@concord/service-runtime';
import { SkuStateRepository, type SkuState } from '../database/sku-state.repository';
import { StockLevelRepository } from '../database/stock-level.repository';
import { calculateAvailability } from '../domain/availability';
import { RefreshAvailability } from '../refresh-availability/refresh-availability.service';
import { toStockView, type StockView } from './stock-view';

/** Reads stock as committed, without locks: what a reservation or the storefront would see now. */
@Injectable()
export class QueryStock {
  constructor(
    private readonly dataSource: DataSource,
    private readonly skuStates: SkuStateRepository,
    private readonly stockLevels: StockLevelRepository,
    private readonly refreshAvailability: RefreshAvailability,
    @Inject(CHARTER) private readonly charter: Charter,
  ) {}

  /** The SKU's stock by location with its freshness and tier; undefined when inventory has never heard of it. */
  async stockOf(sku: string): Promise<StockView | undefined> {
    const manager = this.dataSource.manager;
    const state = await this.skuStates.find(manager, sku);
    if (state === undefined) return undefined;
    return (await this.viewsOf([state]))[0];
  }

  /** SKUs UNCONFIRMED now (never confirmed, or older than their tier's limit), in SKU order. */
  async unconfirmedStock(limit: number): Promise<StockView[]> {
    const candidates = await this.skuStates.findPossiblyUnconfirmed(this.dataSource.manager, new Date(), limit);
    return (await this.viewsOf(candidates)).filter((view) => view.status === 'UNCONFIRMED');
  }

  private async viewsOf(states: readonly SkuState[]): Promise<StockView[]> {
    const manager = this.dataSource.manager;
    const now = new Date();
    const levels = await this.stockLevels.findForSkus(manager, states.map((state) => state.sku));
    const tiers = await this.refreshAvailability.velocityTiers(manager, states, now);
    return states.map((state) => {
      const skuLevels = levels.filter((level) => level.sku === state.sku);
      const tier = tiers.get(state.sku)!;
      const availability = calculateAvailability({ sku: state.sku, levels: skuLevels, velocityTier: tier.tier, now, charter: this.charter });
      return toStockView(availability, tier, skuLevels);
    });
  }
}
