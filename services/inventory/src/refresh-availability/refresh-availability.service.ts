import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { InventoryAvailabilityChanged } from '@concord/contracts';
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

/** The event whose trace an outgoing event joins (batch mode: no single record's span is active). */
export interface CausedBy {
  readonly traceparent?: string;
}

/** One SKU's stock after one record of a chunk that did not leave it alone (applied or recorded). */
export interface RefreshStep {
  readonly levels: readonly StockLevel[];
  readonly rebaselineLocationId?: string;
  readonly causedBy: CausedBy;
}

/** One SKU a consumer chunk changed, locked by the caller: its stored state and its steps in offset order. */
export interface ChunkRefresh {
  readonly state: SkuState;
  readonly tier: KnownVelocityTier;
  readonly now: Date;
  readonly steps: readonly RefreshStep[];
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
    const orders = await this.recentOrders(manager, states, now);
    return new Map(states.map((state) => [state.sku, velocityTierOf(state, orders.get(state.sku) ?? 0, now, this.charter)]));
  }

  /** Orders counted in the charter's velocity window, per SKU whose tier follows its order rate (SKUs without any are left out). */
  async recentOrders(manager: EntityManager, states: readonly SkuState[], now: Date): Promise<Map<string, number>> {
    // Demand is counted per UTC day, so the window reaches back to the start of its first day.
    const rated = states.filter((state) => state.velocityOverride === null).map((state) => state.sku);
    return this.demand.ordersSince(manager, rated, velocityWindowStart(now, this.charter));
  }

  async refresh(context: TransactionContext, input: AvailabilityRefresh): Promise<SkuAvailability> {
    const { state, levels, tier, now } = input;
    const availability = calculateAvailability({ sku: state.sku, levels, velocityTier: tier, now, charter: this.charter });
    const lastPublished = await this.publishIfChanged(context, state, availability, now);
    const snapshot = await this.requestSnapshotIfDue(context, availability, state.lastSnapshotRequestedAt, now, input.rebaselineLocationId);
    const evaluation = evaluationOf(availability, snapshot, tier, now, lastPublished, snapshot.request ? now : state.lastSnapshotRequestedAt);
    if (changed(state, evaluation)) await this.skuStates.saveEvaluation(context.manager, state.sku, evaluation);
    return availability;
  }

  /**
   * Refreshes every SKU a consumer chunk changed, as `refresh` after each of its steps would, except
   * that only the final availability is published (the intermediate ones are superseded within the
   * chunk), caused by the SKU's last step. Snapshot requests are decided step by step, as one by one.
   */
  async refreshChunk(context: TransactionContext, refreshes: readonly ChunkRefresh[]): Promise<void> {
    const evaluations: { sku: string; evaluation: SkuEvaluation }[] = [];
    for (const { state, tier, now, steps } of refreshes) {
      let lastSnapshotRequestedAt = state.lastSnapshotRequestedAt;
      let final: { availability: SkuAvailability; snapshot: SnapshotRequestDecision } | undefined;
      for (const step of steps) {
        const availability = calculateAvailability({ sku: state.sku, levels: step.levels, velocityTier: tier, now, charter: this.charter });
        const snapshot = await this.requestSnapshotIfDue(context, availability, lastSnapshotRequestedAt, now, step.rebaselineLocationId, step.causedBy);
        if (snapshot.request) lastSnapshotRequestedAt = now;
        final = { availability, snapshot };
      }
      if (final === undefined) continue;
      const lastPublished = await this.publishIfChanged(context, state, final.availability, now, steps[steps.length - 1].causedBy);
      const evaluation = evaluationOf(final.availability, final.snapshot, tier, now, lastPublished, lastSnapshotRequestedAt);
      if (changed(state, evaluation)) evaluations.push({ sku: state.sku, evaluation });
    }
    await this.skuStates.saveEvaluations(context.manager, evaluations);
  }

  /** Publishes InventoryAvailabilityChanged when `availability` differs from the last published; returns the last published after that. */
  private async publishIfChanged(
    { manager, publish }: TransactionContext,
    state: SkuState,
    availability: SkuAvailability,
    now: Date,
    causedBy?: CausedBy,
  ): Promise<InventoryAvailabilityChanged | null> {
    const publication = decideAvailabilityPublication(state.lastPublished, availability);
    if (!publication.publish) return state.lastPublished;
    await publish(eventDescriptor('InventoryAvailabilityChanged'), publication.event, { time: now, causedBy });
    this.metrics.afterCommit(manager, () => this.metrics.availabilityPublished.inc({ status: availability.status }));
    return publication.event;
  }

  /** Publishes InventorySnapshotRequested when the SKU needs a count and none was asked for within the limit. */
  private async requestSnapshotIfDue(
    { manager, publish }: TransactionContext,
    availability: SkuAvailability,
    lastRequestedAt: Date | null,
    now: Date,
    rebaselineLocationId: string | undefined,
    causedBy?: CausedBy,
  ): Promise<SnapshotRequestDecision> {
    const snapshot = this.snapshotDecision(availability.freshness, lastRequestedAt, now, rebaselineLocationId);
    if (!snapshot.request) return snapshot;
    const request = buildInventorySnapshotRequested({
      sku: availability.sku,
      decision: snapshot,
      freshness: availability.freshness,
      requestId: randomUUID(),
      requestedAt: now,
      charter: this.charter,
    });
    await publish(eventDescriptor('InventorySnapshotRequested'), request, { time: now, causedBy });
    this.metrics.afterCommit(manager, () => this.metrics.snapshotRequests.inc({ reason: snapshot.reason }));
    return snapshot;
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

/** A SKU's velocity tier at `now`, given the orders counted in the charter's velocity window (see `recentOrders`). */
export function velocityTierOf(state: SkuState, ordersInLookback: number, now: Date, charter: Charter): VelocityTierDecision {
  const windowStart = velocityWindowStart(now, charter);
  return resolveVelocityTier(
    { override: state.velocityOverride, demand: { ordersInLookback, trackedSince: state.createdAt > windowStart ? state.createdAt : null }, now },
    charter,
  );
}

function evaluationOf(
  availability: SkuAvailability,
  snapshot: SnapshotRequestDecision,
  tier: KnownVelocityTier,
  now: Date,
  lastPublished: InventoryAvailabilityChanged | null,
  lastSnapshotRequestedAt: Date | null,
): SkuEvaluation {
  const { freshness } = availability;
  return {
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
