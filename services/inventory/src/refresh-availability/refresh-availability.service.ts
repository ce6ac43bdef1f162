import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Charter } from '@concord/governance';
import { eventDescriptor, type TransactionContext } from '@concord/messaging';
import { CHARTER } from '@concord/service-runtime';
import { SkuDemandRepository } from '../database/sku-demand.repository';
import { SkuStateRepository, type SkuEvaluation, type SkuState } from '../database/sku-state.repository';
import { calculateAvailability, decideAvailabilityPublication, type SkuAvailability } from '../domain/availability';
import { buildInventorySnapshotRequested, decideSnapshotRequest, type Freshness, type SnapshotRequestDecision } from '../domain/freshness';
import type { StockLevel } from '../domain/stock-level';
import { resolveVelocityTier, velocityWindowStart, type KnownVelocityTier, type VelocityTierDecision } from '../domain/velocity-tier';
import { InventoryMetrics } from '../metrics/inventory.metrics';

/** What to re-evaluate: one SKU, locked by the caller, with its stock rows as they now are. */
export interface AvailabilityRefresh {
  readonly state: SkuState;
  readonly levels: readonly StockLevel[];
  readonly tier: KnownVelocityTier;
  readonly now: Date;
  /** An adjustment at this location was clamped at zero: its figure needs a fresh count even though it is recent. */
  readonly rebaselineLocationId?: string;
}

/**
 * The step every change of a SKU ends with: recalculate its availability, publish
 * InventoryAvailabilityChanged when the published value changes, ask the source of truth for a
 * snapshot when the SKU is unconfirmed (at most once per freshness limit), and store when the
 * staleness sweep has to look at the SKU again.
 */
@Injectable()
export class RefreshAvailability {
  constructor(
    private readonly skuStates: SkuStateRepository,
    private readonly demand: SkuDemandRepository,
    private readonly metrics: InventoryMetrics,
    @Inject(CHARTER) private readonly charter: Charter,
  ) {}

  /** Each SKU's velocity tier at `now`: its override, else the charter's tier for its recent order rate. */
  async velocityTiers(manager: EntityManager, states: readonly SkuState[], now: Date): Promise<Map<string, VelocityTierDecision>> {
    const windowStart = velocityWindowStart(now, this.charter);
    // Demand is counted per UTC day, so the window reaches back to the start of its first day.
    const rated = states.filter((state) => state.velocityOverride === null).map((state) => state.sku);
    const orders = await this.demand.ordersSince(manager, rated, windowStart);
    return new Map(
      states.map((state) => [
        state.sku,
        resolveVelocityTier(
          {
            override: state.velocityOverride,
            demand: { ordersInLookback: orders.get(state.sku) ?? 0, trackedSince: state.createdAt > windowStart ? state.createdAt : null },
            now,
          },
          this.charter,
        ),
      ]),
    );
  }

  async refresh({ manager, publish }: TransactionContext, input: AvailabilityRefresh): Promise<SkuAvailability> {
    const { state, levels, tier, now } = input;
    const availability = calculateAvailability({ sku: state.sku, levels, velocityTier: tier, now, charter: this.charter });

    let lastPublished = state.lastPublished;
    const publication = decideAvailabilityPublication(state.lastPublished, availability);
    if (publication.publish) {
      await publish(eventDescriptor('InventoryAvailabilityChanged'), publication.event, { time: now });
      lastPublished = publication.event;
      this.metrics.afterCommit(manager, () => this.metrics.availabilityPublished.inc({ status: availability.status }));
    }

    let lastSnapshotRequestedAt = state.lastSnapshotRequestedAt;
    const snapshot = this.snapshotDecision(availability.freshness, state.lastSnapshotRequestedAt, now, input.rebaselineLocationId);
    if (snapshot.request) {
      const request = buildInventorySnapshotRequested({
        sku: state.sku,
        decision: snapshot,
        freshness: availability.freshness,
        requestId: randomUUID(),
        requestedAt: now,
        charter: this.charter,
      });
      await publish(eventDescriptor('InventorySnapshotRequested'), request, { time: now });
      lastSnapshotRequestedAt = now;
      this.metrics.afterCommit(manager, () => this.metrics.snapshotRequests.inc({ reason: snapshot.reason }));
    }

    const { freshness } = availability;
    const evaluation: SkuEvaluation = {
      velocityTier: tier,
      status: availability.status,
      unconfirmedReason: availability.unconfirmedReason,
      lastConfirmedAt: availability.lastConfirmedAt,
      // Fresh data expires one millisecond after expiresAt (data exactly as old as the limit is fresh);
      // unconfirmed data is looked at again when another snapshot request is allowed.
      nextCheckAt:
        freshness.status === 'CONFIRMED'
          ? new Date(freshness.expiresAt.getTime() + 1)
          : snapshot.request
            ? new Date(now.getTime() + freshness.limitMs)
            : snapshot.nextRequestAt,
      lastPublished,
      lastSnapshotRequestedAt,
    };
    if (changed(state, evaluation)) await this.skuStates.saveEvaluation(manager, state.sku, evaluation);
    return availability;
  }

  private snapshotDecision(freshness: Freshness, lastRequestedAt: Date | null, now: Date, rebaselineLocationId: string | undefined): SnapshotRequestDecision {
    const decision = decideSnapshotRequest(freshness, lastRequestedAt, now);
    if (decision.request || decision.reason === 'RECENTLY_REQUESTED' || rebaselineLocationId === undefined) return decision;
    // Confirmed, but on-hand was clamped at zero: a movement was missed, so the figure is wrong
    // (on the safe side). Ask for a count of that location, within the same limit of one request
    // per freshness limit.
    if (lastRequestedAt !== null && now.getTime() - lastRequestedAt.getTime() < freshness.limitMs) return decision;
    return { request: true, reason: 'STALE', locationId: rebaselineLocationId };
  }
}

function changed(state: SkuState, evaluation: SkuEvaluation): boolean {
  const sameTime = (a: Date | null, b: Date | null) => (a === null ? b === null : b !== null && a.getTime() === b.getTime());
  return (
    state.velocityTier !== evaluation.velocityTier ||
    state.status !== evaluation.status ||
    state.unconfirmedReason !== evaluation.unconfirmedReason ||
    !sameTime(state.lastConfirmedAt, evaluation.lastConfirmedAt) ||
    !sameTime(state.nextCheckAt, evaluation.nextCheckAt) ||
    !sameTime(state.lastSnapshotRequestedAt, evaluation.lastSnapshotRequestedAt) ||
    state.lastPublished !== evaluation.lastPublished
  );
}
