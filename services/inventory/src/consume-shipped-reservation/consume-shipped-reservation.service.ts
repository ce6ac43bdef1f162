import { Injectable, Logger } from '@nestjs/common';
import type { OrderShipped } from '@concord/contracts';
import type { TransactionContext } from '@concord/messaging';
import { ReservationRepository } from '../database/reservation.repository';
import { SkuStateRepository } from '../database/sku-state.repository';
import { StockLevelRepository } from '../database/stock-level.repository';
import { StockMovementRepository } from '../database/stock-movement.repository';
import { isOpen } from '../domain/reservation';
import { consumeShippedReservation } from '../domain/shipments-and-returns';
import { InventoryMetrics } from '../metrics/inventory.metrics';
import { RefreshAvailability } from '../refresh-availability/refresh-availability.service';
import { invalidRecord } from '@concord/messaging';

/**
 * A shipment consumes what the order had reserved (reserved goes down; on-hand moves only with the
 * source of truth's PICK or next snapshot). Each shipment id takes effect once.
 */
@Injectable()
export class ConsumeShippedReservation {
  private readonly logger = new Logger(ConsumeShippedReservation.name);

  constructor(
    private readonly movements: StockMovementRepository,
    private readonly reservations: ReservationRepository,
    private readonly skuStates: SkuStateRepository,
    private readonly stockLevels: StockLevelRepository,
    private readonly refreshAvailability: RefreshAvailability,
    private readonly metrics: InventoryMetrics,
  ) {}

  async execute(context: TransactionContext, shipment: OrderShipped): Promise<void> {
    const { manager } = context;
    const now = new Date();
    const stored = await this.reservations.lockByOrder(manager, shipment.orderId);
    if (!(await this.movements.claimShipment(manager, shipment))) {
      this.logger.debug(`shipment ${shipment.shipmentId} of order ${shipment.orderId} was applied before`);
      return;
    }
    const skus = stored?.reservation.lines.map((line) => line.sku) ?? [];
    const states = await this.skuStates.lockExisting(manager, skus);
    const levels = await this.stockLevels.lockForSkus(manager, skus);

    const decision = consumeShippedReservation(shipment, stored?.reservation, levels);
    if (decision.kind === 'invalid') throw invalidRecord(decision.errors);
    if (decision.unreserved.length > 0) {
      this.metrics.afterCommit(manager, () => this.metrics.unreservedShipments.inc(decision.unreserved.length));
      this.logger.warn(`shipment ${shipment.shipmentId} of order ${shipment.orderId}: ${decision.unreserved.map((issue) => issue.message).join('; ')}`);
    }
    if (decision.kind === 'no-reservation') {
      await this.movements.saveShipmentOutcome(manager, shipment, { consumed: [], unreserved: decision.unreserved });
      return;
    }

    await this.movements.saveShipmentOutcome(manager, shipment, { consumed: decision.consumed, unreserved: decision.unreserved });
    if (decision.consumed.length === 0) return; // released or shipped before: its status stays

    await this.stockLevels.saveReserved(manager, levels, decision.levels);
    await this.reservations.saveHeld(manager, decision.reservation, isOpen(decision.reservation) ? 'OPEN' : 'SHIPPED', { at: now });

    const consumed = new Set(decision.consumed.map((line) => line.sku));
    const tiers = await this.refreshAvailability.velocityTiers(manager, states, now);
    for (const state of states.filter((candidate) => consumed.has(candidate.sku))) {
      const skuLevels = decision.levels.filter((level) => level.sku === state.sku);
      await this.refreshAvailability.refresh(context, { state, levels: skuLevels, tier: tiers.get(state.sku)!.tier, now });
    }
  }
}
