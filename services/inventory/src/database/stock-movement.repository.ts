import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { OrderReturned, OrderShipped } from '@concord/contracts';
import { INVENTORY_CONFIG, type InventoryConfig } from '../config/inventory.config';
import type { InventoryError } from '../domain/inventory.errors';
import type { StockQuantity } from '../domain/stock-level';

/**
 * Shipments and returns the WMS reported, one row per shipment or return id. A WMS that sends the
 * same shipment again (a new CloudEvents id, so not caught as a duplicate record) finds its row
 * and changes nothing: consuming a reservation twice would free stock that left the building.
 */
@Injectable()
export class StockMovementRepository {
  private readonly shipments: string;
  private readonly returns: string;

  constructor(@Inject(INVENTORY_CONFIG) config: InventoryConfig) {
    this.shipments = `"${config.INVENTORY_DB_SCHEMA}".shipments`;
    this.returns = `"${config.INVENTORY_DB_SCHEMA}".order_returns`;
  }

  /** Records a shipment not seen before; false when its id is already recorded. */
  async claimShipment(manager: EntityManager, shipment: OrderShipped): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO ${this.shipments} (source_system, shipment_id, order_id, location_id, lines, consumed, unreserved, shipped_at)
       VALUES ($1, $2, $3, $4, $5, '[]', '[]', $6)
       ON CONFLICT (source_system, shipment_id) DO NOTHING RETURNING shipment_id`,
      [shipment.sourceSystem, shipment.shipmentId, shipment.orderId, shipment.locationId, JSON.stringify(shipment.lines), shipment.shippedAt],
    );
    return rows.length > 0;
  }

  /** What the claimed shipment did to the order's reservation. */
  async saveShipmentOutcome(
    manager: EntityManager,
    shipment: OrderShipped,
    outcome: { readonly consumed: readonly StockQuantity[]; readonly unreserved: readonly InventoryError[] },
  ): Promise<void> {
    await manager.query(`UPDATE ${this.shipments} SET consumed = $3, unreserved = $4 WHERE source_system = $1 AND shipment_id = $2`, [
      shipment.sourceSystem,
      shipment.shipmentId,
      JSON.stringify(outcome.consumed),
      JSON.stringify(outcome.unreserved),
    ]);
  }

  /** Records a return not seen before; false when its id is already recorded. */
  async recordReturn(
    manager: EntityManager,
    returned: OrderReturned,
    classified: { readonly awaitingSourceReturn: readonly StockQuantity[]; readonly notRestocked: readonly StockQuantity[] },
  ): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO ${this.returns} (source_system, return_id, order_id, location_id, awaiting_source_return, not_restocked, reason, returned_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (source_system, return_id) DO NOTHING RETURNING return_id`,
      [
        returned.sourceSystem,
        returned.returnId,
        returned.orderId,
        returned.locationId,
        JSON.stringify(classified.awaitingSourceReturn),
        JSON.stringify(classified.notRestocked),
        returned.reason,
        returned.returnedAt,
      ],
    );
    return rows.length > 0;
  }
}
