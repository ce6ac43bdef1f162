import { Inject, Injectable, Logger } from '@nestjs/common';
import type { InventoryUpdated } from '@concord/contracts';
import type { Charter } from '@concord/governance';
import type { TransactionContext } from '@concord/messaging';
import { CHARTER } from '@concord/service-runtime';
import { NonAuthoritativeUpdateRepository } from '../database/non-authoritative-update.repository';
import { SkuStateRepository } from '../database/sku-state.repository';
import { StockLevelRepository } from '../database/stock-level.repository';
import { decideInventoryUpdate } from '../domain/apply-inventory-update';
import { InventoryMetrics } from '../metrics/inventory.metrics';
import { invalidRecord } from '../messaging/invalid-record';
import { RefreshAvailability } from '../refresh-availability/refresh-availability.service';

/** One InventoryUpdated as consumed, with its idempotency key (kept with records for reconciliation). */
export interface ApplyInventoryUpdateCommand {
  readonly update: InventoryUpdated;
  readonly eventSource: string;
  readonly eventId: string;
}

/**
 * Applies a stock count or movement: the source of truth's newer events move on-hand, older ones are
 * counted and dropped, the other system's are recorded for reconciliation. Then the SKU's
 * availability is refreshed (published when it changed, snapshot requested when unconfirmed).
 */
@Injectable()
export class ApplyInventoryUpdate {
  private readonly logger = new Logger(ApplyInventoryUpdate.name);

  constructor(
    private readonly skuStates: SkuStateRepository,
    private readonly stockLevels: StockLevelRepository,
    private readonly nonAuthoritativeUpdates: NonAuthoritativeUpdateRepository,
    private readonly refreshAvailability: RefreshAvailability,
    private readonly metrics: InventoryMetrics,
    @Inject(CHARTER) private readonly charter: Charter,
  ) {}

  async execute(context: TransactionContext, { update, eventSource, eventId }: ApplyInventoryUpdateCommand): Promise<void> {
    const { manager } = context;
    const now = new Date();
    const [state] = await this.skuStates.lockOrCreate(manager, [update.sku]);
    let levels = await this.stockLevels.lockForSkus(manager, [update.sku]);
    const decision = decideInventoryUpdate(
      update,
      levels.find((level) => level.locationId === update.locationId),
      this.charter,
    );

    let rebaselineLocationId: string | undefined;
    switch (decision.kind) {
      case 'reject':
        throw invalidRecord(decision.errors);
      case 'ignore-stale':
        this.metrics.afterCommit(manager, () => this.metrics.staleUpdates.inc({ source_system: update.sourceSystem }));
        this.logger.debug(decision.error.message);
        return;
      case 'record-only':
        await this.nonAuthoritativeUpdates.record(manager, {
          update,
          eventSource,
          eventId,
          sourceOfTruth: decision.sourceOfTruth,
          charterVersion: decision.charterVersion,
        });
        this.metrics.afterCommit(manager, () => this.metrics.nonAuthoritativeUpdates.inc({ source_system: update.sourceSystem }));
        break;
      case 'apply':
        await this.stockLevels.save(manager, decision.level, decision.charterVersion);
        levels = [...levels.filter((level) => level.locationId !== update.locationId), decision.level];
        if (decision.variance !== null) {
          rebaselineLocationId = update.locationId;
          this.metrics.afterCommit(manager, () => this.metrics.negativeOnHandClamped.inc({ location_id: update.locationId }));
          this.logger.warn(decision.variance.message);
        }
        break;
    }

    const tiers = await this.refreshAvailability.velocityTiers(manager, [state], now);
    await this.refreshAvailability.refresh(context, { state, levels, tier: tiers.get(state.sku)!.tier, now, rebaselineLocationId });
  }
}
