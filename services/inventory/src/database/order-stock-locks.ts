import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ReservationRepository } from './reservation.repository';
import { SkuStateRepository } from './sku-state.repository';

/**
 * For a consumer chunk of order-scoped records handled one by one (shipments, releases): locks every
 * order's reservation (in order id order), then every SKU they hold (ascending) — the order in which
 * reservation chunks lock them. Handling the records afterwards takes no lock out of that order, so
 * the chunk cannot deadlock with a reservation or InventoryUpdated chunk. (Record by record, each
 * record locked its own SKUs in turn: with 20 records a transaction Postgres broke ~45 deadlocks a
 * minute in the load run, each costing a chunk's work.)
 */
@Injectable()
export class OrderStockLocks {
  constructor(
    private readonly reservations: ReservationRepository,
    private readonly skuStates: SkuStateRepository,
  ) {}

  async lock(manager: EntityManager, orderIds: readonly string[]): Promise<void> {
    const stored = await this.reservations.lockByOrders(manager, orderIds);
    await this.skuStates.lockExisting(
      manager,
      [...stored.values()].flatMap(({ reservation }) => reservation.lines.map((line) => line.sku)),
    );
  }
}
