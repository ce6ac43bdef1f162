import { Injectable, Logger } from '@nestjs/common';
import type { StockReleaseRequested } from '@concord/contracts';
import { eventDescriptor, type TransactionContext } from '@concord/messaging';
import { ReservationRepository } from '../database/reservation.repository';
import { SkuStateRepository } from '../database/sku-state.repository';
import { StockLevelRepository } from '../database/stock-level.repository';
import { buildStockReleased, releaseReservation } from '../domain/release-reservation';
import { InventoryMetrics } from '../metrics/inventory.metrics';
import { RefreshAvailability } from '../refresh-availability/refresh-availability.service';

/** Gives back everything an order's reservation still holds (cancelled, rejected, hold expired) and publishes StockReleased. */
@Injectable()
export class ReleaseStock {
  private readonly logger = new Logger(ReleaseStock.name);

  constructor(
    private readonly reservations: ReservationRepository,
    private readonly skuStates: SkuStateRepository,
    private readonly stockLevels: StockLevelRepository,
    private readonly refreshAvailability: RefreshAvailability,
    private readonly metrics: InventoryMetrics,
  ) {}

  async execute(context: TransactionContext, request: StockReleaseRequested): Promise<void> {
    const { manager, publish } = context;
    const now = new Date();
    const stored = await this.reservations.lockByOrder(manager, request.orderId);
    const skus = stored?.reservation.lines.map((line) => line.sku) ?? [];
    const states = await this.skuStates.lockExisting(manager, skus);
    const levels = await this.stockLevels.lockForSkus(manager, skus);

    const decision = releaseReservation(request, stored?.reservation, levels, { stillOpen: stored?.status === 'OPEN' });
    this.metrics.afterCommit(manager, () => this.metrics.releases.inc({ outcome: decision.kind }));
    if (decision.kind !== 'released') {
      this.logger.debug(`release of order ${request.orderId}: ${decision.kind}`);
      return;
    }

    await this.stockLevels.saveReserved(manager, levels, decision.levels);
    await this.reservations.saveHeld(manager, decision.reservation, 'RELEASED', { at: now, releaseReason: request.reason });
    await publish(eventDescriptor('StockReleased'), buildStockReleased(request, decision, now));

    const released = new Set(decision.released.map((line) => line.sku));
    const tiers = await this.refreshAvailability.velocityTiers(manager, states, now);
    for (const state of states.filter((candidate) => released.has(candidate.sku))) {
      const skuLevels = decision.levels.filter((level) => level.sku === state.sku);
      await this.refreshAvailability.refresh(context, { state, levels: skuLevels, tier: tiers.get(state.sku)!.tier, now });
    }
  }
}
