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
import { buildStockReservationRejected, buildStockReserved, validateReservationRequest } from '../domain/allocate-reservation';
import { InventoryMetrics } from '../metrics/inventory.metrics';
import { RefreshAvailability, type CausedBy } from '../refresh-availability/refresh-availability.service';
import { decideReservationChunk, type ReservationOutcome } from './decide-reservation-chunk';

/** One StockReservationRequested, with the trace its answer joins (absent: the active span's). */
export interface ReservationCommand {
  readonly request: StockReservationRequested;
  readonly causedBy: CausedBy;
}

/**
 * Reserves all lines of an order or none, answering StockReserved or StockReservationRejected — one
 * request, or a whole consumer chunk with the outcome of handling its requests one by one in offset
 * order (`decideReservationChunk`).
 *
 * Never oversells: the orders' reservations, then the SKUs (ascending, so concurrent chunks queue
 * rather than deadlock), then their stock rows are locked before anything is decided, and the
 * allocations are stored in the same transaction. The chunk is loaded and written with a fixed
 * number of statements whatever its size: the lock is held for as short a time as possible.
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

  execute(context: TransactionContext, request: StockReservationRequested): Promise<void> {
    return this.executeChunk(context, [{ request, causedBy: {} }]);
  }

  async executeChunk(context: TransactionContext, commands: readonly ReservationCommand[]): Promise<void> {
    const { manager } = context;
    const now = new Date();
    const requests = commands.map(({ request }) => request);
    // The handler's validate dead-letters these before a chunk is formed; a caller that skipped it
    // fails the whole chunk here, before any statement, and the consumer's record-by-record
    // fallback dead-letters that one request.
    for (const request of requests) {
      const errors = validateReservationRequest(request);
      if (errors.length > 0) throw invalidRecord(errors);
    }

    // Orders first, then SKUs: the order in which release and shipment lock them.
    const stored = await this.reservations.lockByOrders(manager, requests.map((request) => request.orderId));
    const undecided = requests.filter((request) => !stored.has(request.orderId));
    const states = await this.skuStates.lockExisting(manager, undecided.flatMap((request) => request.lines.map((line) => line.sku))); // unknown SKUs stay out: UNKNOWN_SKU
    const levels = await this.stockLevels.lockForSkus(manager, states.map((state) => state.sku));
    const recentOrders = await this.refreshAvailability.recentOrders(manager, states, now);

    const plan = decideReservationChunk({ requests, stored, states, levels, recentOrders, now, charter: this.charter, newReservationId: randomUUID });

    await this.demand.countOrders(manager, plan.demand, now);
    await this.stockLevels.saveReserved(manager, levels, plan.levels);
    await this.reservations.insertAll(manager, plan.created);
    for (const [index, outcome] of plan.outcomes.entries()) await this.answer(context, requests[index], outcome, commands[index].causedBy, now);
    // The demand just counted can move a SKU to a faster tier, so every SKU looked at is refreshed, once.
    await this.refreshAvailability.refreshChunk(
      context,
      plan.touched.map(({ state, tier, levels: final, lastRequest }) => ({ state, tier, now, steps: [{ levels: final, causedBy: commands[lastRequest].causedBy }] })),
    );
  }

  private async answer({ manager, publish }: TransactionContext, request: StockReservationRequested, outcome: ReservationOutcome, causedBy: CausedBy, now: Date) {
    switch (outcome.kind) {
      case 'asked-again': {
        // Asked again (the orders service retried): the answer stands, nothing is reserved twice.
        const { stored } = outcome;
        this.logger.warn(`order ${request.orderId} asked for a reservation again; it has one (${stored.status}), nothing more is reserved`);
        if (stored.status !== 'OPEN') return;
        const lines = stored.reservedLines.map((line) => ({ ...line, allocations: line.allocations.map((allocation) => ({ ...allocation })) }));
        await publish(eventDescriptor('StockReserved'), { orderId: request.orderId, reservationId: stored.reservation.reservationId, lines, reservedAt: stored.reservedAt }, { causedBy });
        return;
      }
      case 'rejected': {
        const { decision } = outcome;
        await publish(eventDescriptor('StockReservationRejected'), buildStockReservationRejected(request, decision, now), { causedBy });
        this.metrics.afterCommit(manager, () => this.metrics.reservations.inc({ outcome: 'rejected', reason: decision.reason }));
        this.logger.debug(`order ${request.orderId} not reserved: ${decision.issues.map((issue) => issue.message).join('; ')}`);
        return;
      }
      case 'reserved': {
        const { decision, created } = outcome;
        await publish(eventDescriptor('StockReserved'), buildStockReserved(request, decision, { reservationId: created.reservation.reservationId, reservedAt: created.reservedAt }), {
          causedBy,
        });
        this.metrics.afterCommit(manager, () => this.metrics.reservations.inc({ outcome: 'reserved', reason: decision.split ? 'SPLIT' : 'WHOLE' }));
        return;
      }
    }
  }
}
