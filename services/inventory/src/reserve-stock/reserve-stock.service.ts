import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { StockReservationRequested } from '@concord/contracts';
import type { Charter } from '@concord/governance';
import { eventDescriptor, type TransactionContext, invalidRecord } from '@concord/messaging';
import { CHARTER } from '@concord/service-runtime';
import { ReservationRepository } from '../database/reservation.repository';
import { SkuDemandRepository } from '../database/sku-demand.repository';
import { SkuStateRepository } from '../database/sku-state.repository';
import { StockLevelRepository } from '../database/stock-level.repository';
import { allocateReservation, buildStockReservationRejected, buildStockReserved } from '../domain/allocate-reservation';
import { calculateAvailability, type SkuAvailability } from '../domain/availability';
import { heldQuantities, reservationFromDecision } from '../domain/reservation';
import { mergeStockQuantities, reserveStock, type StockLevel } from '../domain/stock-level';
import { InventoryMetrics } from '../metrics/inventory.metrics';
import { RefreshAvailability, type CausedBy } from '../refresh-availability/refresh-availability.service';

/**
 * Reserves all lines of an order or none, answering StockReserved or StockReservationRejected.
 *
 * Never oversells: the order's SKUs are locked (in ascending order, so concurrent orders queue
 * rather than deadlock) before their availability is read, and the allocation is stored in the same
 * transaction; a concurrent order for the same SKUs sees the units this one took.
 */
@Injectable()
export class ReserveStock {
  private readonly logger = new Logger(ReserveStock.name);

  constructor(
    private readonly reservations: ReservationRepository,
    private readonly skuStates: SkuStateRepository,
    private readonly stockLevels: StockLevelRepository,
    private readonly demand: SkuDemandRepository,
    private readonly refreshAvailability: RefreshAvailability,
    private readonly metrics: InventoryMetrics,
    @Inject(CHARTER) private readonly charter: Charter,
  ) {}

  /**
   * A consumer chunk of requests in one transaction: every SKU of the chunk is locked first, in
   * ascending order, so two chunks never hold each other's SKUs (taking them order by order, two
   * chunks would deadlock); then each request is handled as by `execute`, its events joining its
   * own trace.
   */
  async executeChunk(context: TransactionContext, requests: readonly { request: StockReservationRequested; causedBy: CausedBy }[]): Promise<void> {
    await this.skuStates.lockExisting(
      context.manager,
      requests.flatMap(({ request }) => request.lines.map((line) => line.sku)),
    );
    for (const { request, causedBy } of requests) {
      await this.execute({ manager: context.manager, publish: (descriptor, payload, options) => context.publish(descriptor, payload, { causedBy, ...options }) }, request);
    }
  }

  async execute(context: TransactionContext, request: StockReservationRequested): Promise<void> {
    const { manager, publish } = context;
    const now = new Date();

    // The order's reservation is locked before its SKUs, in the order release and shipment lock them.
    const existing = await this.reservations.lockByOrder(manager, request.orderId);
    if (existing !== undefined) {
      // Asked again (the orders service retried): the answer stands, nothing is reserved twice.
      this.logger.warn(`order ${request.orderId} asked for a reservation again; it has one (${existing.status}), nothing more is reserved`);
      if (existing.status === 'OPEN') {
        await publish(eventDescriptor('StockReserved'), {
          orderId: request.orderId,
          reservationId: existing.reservation.reservationId,
          lines: existing.reservedLines.map((line) => ({ ...line, allocations: line.allocations.map((allocation) => ({ ...allocation })) })),
          reservedAt: existing.reservedAt,
        });
      }
      return;
    }

    const skus = request.lines.map((line) => line.sku);
    const states = await this.skuStates.lockExisting(manager, skus); // SKUs inventory never heard of stay out: UNKNOWN_SKU
    await this.demand.countOrder(manager, skus, now);
    const levels = await this.stockLevels.lockForSkus(manager, states.map((state) => state.sku));
    const tiers = await this.refreshAvailability.velocityTiers(manager, states, now);
    const availability = new Map<string, SkuAvailability>(
      states.map((state) => [
        state.sku,
        calculateAvailability({ sku: state.sku, levels: levelsOf(levels, state.sku), velocityTier: tiers.get(state.sku)!.tier, now, charter: this.charter }),
      ]),
    );

    const decision = allocateReservation(request, availability, this.charter);
    let after: readonly StockLevel[] = levels;
    switch (decision.kind) {
      case 'invalid':
        throw invalidRecord(decision.errors);
      case 'rejected':
        await publish(eventDescriptor('StockReservationRejected'), buildStockReservationRejected(request, decision, now));
        this.metrics.afterCommit(manager, () => this.metrics.reservations.inc({ outcome: 'rejected', reason: decision.reason }));
        this.logger.debug(`order ${request.orderId} not reserved: ${decision.issues.map((issue) => issue.message).join('; ')}`);
        break;
      case 'reserved': {
        const reservation = reservationFromDecision(request, decision, randomUUID());
        after = reserveStock(levels, mergeStockQuantities(heldQuantities(reservation)));
        await this.stockLevels.saveReserved(manager, levels, after);
        await this.reservations.insert(manager, {
          reservation,
          lines: decision.lines,
          split: decision.split,
          shipToRegion: request.shipToRegion,
          charterVersion: decision.charterVersion,
          reservedAt: now,
        });
        await publish(eventDescriptor('StockReserved'), buildStockReserved(request, decision, { reservationId: reservation.reservationId, reservedAt: now }));
        this.metrics.afterCommit(manager, () => this.metrics.reservations.inc({ outcome: 'reserved', reason: decision.split ? 'SPLIT' : 'WHOLE' }));
        break;
      }
    }

    // The demand just counted can move a SKU to a faster tier, so every SKU is refreshed.
    for (const state of states) {
      await this.refreshAvailability.refresh(context, { state, levels: levelsOf(after, state.sku), tier: tiers.get(state.sku)!.tier, now });
    }
  }
}

function levelsOf(levels: readonly StockLevel[], sku: string): StockLevel[] {
  return levels.filter((level) => level.sku === sku);
}
