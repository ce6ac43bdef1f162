import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Charter } from '@concord/governance';
import type { TransactionContext } from '@concord/messaging';
import { CHARTER } from '@concord/service-runtime';
import type { InventoryUpdated } from '@concord/contracts';
import { NonAuthoritativeUpdateRepository, type NonAuthoritativeUpdate } from '../database/non-authoritative-update.repository';
import { SkuStateRepository } from '../database/sku-state.repository';
import { StockLevelRepository } from '../database/stock-level.repository';
import { decideInventoryUpdate } from '../domain/apply-inventory-update';
import { InventoryMetrics } from '../metrics/inventory.metrics';
import { ChunkStock } from './chunk-stock';
import { RefreshAvailability, type CausedBy, type RefreshStep } from '../refresh-availability/refresh-availability.service';
import { invalidRecord } from '@concord/messaging';

/** One InventoryUpdated, with the trace its outgoing events join (absent: the active span's). */
export interface ChunkedInventoryUpdateCommand extends CausedBy {
  readonly update: InventoryUpdated;
  readonly eventSource: string;
  readonly eventId: string;
}

/**
 * Applies stock counts and movements — one record, or a whole consumer chunk with the same outcome
 * as applying its records one by one in offset order. The source of truth's newer events move
 * on-hand, older ones are counted and dropped, the other system's are recorded for reconciliation: the chunk's SKUs are locked and loaded at once, the records decided in
 * memory with the same rules, and the result written in one statement per table. Each SKU publishes
 * its final availability only (the intermediate ones are superseded within the chunk).
 */
@Injectable()
export class ApplyInventoryUpdatesBatch {
  private readonly logger = new Logger(ApplyInventoryUpdatesBatch.name);

  constructor(
    private readonly skuStates: SkuStateRepository,
    private readonly stockLevels: StockLevelRepository,
    private readonly nonAuthoritativeUpdates: NonAuthoritativeUpdateRepository,
    private readonly refreshAvailability: RefreshAvailability,
    private readonly metrics: InventoryMetrics,
    @Inject(CHARTER) private readonly charter: Charter,
  ) {}

  async execute(context: TransactionContext, commands: readonly ChunkedInventoryUpdateCommand[]): Promise<void> {
    const { manager } = context;
    const now = new Date();
    const skus = commands.map(({ update }) => update.sku);
    const states = await this.skuStates.lockOrCreate(manager, skus);
    const stock = new ChunkStock(await this.stockLevels.lockForSkus(manager, skus));

    const recorded: NonAuthoritativeUpdate[] = [];
    const stepsBySku = new Map<string, RefreshStep[]>();
    for (const command of commands) {
      const { update, eventSource, eventId } = command;
      const decision = decideInventoryUpdate(update, stock.at(update.sku, update.locationId), this.charter);
      let rebaselineLocationId: string | undefined;
      switch (decision.kind) {
        case 'reject':
          throw invalidRecord(decision.errors);
        case 'ignore-stale':
          this.metrics.afterCommit(manager, () => this.metrics.staleUpdates.inc({ source_system: update.sourceSystem }));
          this.logger.debug(decision.error.message);
          continue;
        case 'record-only':
          recorded.push({ update, eventSource, eventId, sourceOfTruth: decision.sourceOfTruth, charterVersion: decision.charterVersion });
          this.metrics.afterCommit(manager, () => this.metrics.nonAuthoritativeUpdates.inc({ source_system: update.sourceSystem }));
          break;
        case 'apply':
          stock.apply(decision.level);
          if (decision.variance !== null) {
            rebaselineLocationId = update.locationId;
            this.metrics.afterCommit(manager, () => this.metrics.negativeOnHandClamped.inc({ location_id: update.locationId }));
            this.logger.warn(decision.variance.message);
          }
          break;
      }
      const steps = stepsBySku.get(update.sku) ?? [];
      steps.push({ levels: stock.ofSku(update.sku), rebaselineLocationId, causedBy: command });
      stepsBySku.set(update.sku, steps);
    }

    await this.stockLevels.saveAll(manager, stock.changed(), this.charter.version);
    await this.nonAuthoritativeUpdates.recordAll(manager, recorded);

    const refreshed = states.filter((state) => stepsBySku.has(state.sku));
    const tiers = await this.refreshAvailability.velocityTiers(manager, refreshed, now);
    await this.refreshAvailability.refreshChunk(
      context,
      refreshed.map((state) => ({ state, tier: tiers.get(state.sku)!.tier, now, steps: stepsBySku.get(state.sku)! })),
    );
  }
}
