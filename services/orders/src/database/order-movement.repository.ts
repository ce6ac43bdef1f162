import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { SourceSystem } from '@concord/contracts';
import { ORDERS_CONFIG, type OrdersConfig } from '../config/orders.config';

/** A shipment or return of an order, as the WMS reported it. */
export interface OrderMovement {
  readonly kind: 'SHIPMENT' | 'RETURN';
  readonly sourceSystem: SourceSystem;
  /** The WMS's shipment or return (RMA) id. */
  readonly reference: string;
  readonly orderId: string;
  readonly locationId: string;
  readonly lines: ReadonlyArray<{ readonly lineNumber: number | null; readonly sku: string; readonly quantity: number }>;
  readonly occurredAt: Date;
}

/** Shipments and returns seen, so one re-sent under a new event id takes effect once. */
@Injectable()
export class OrderMovementRepository {
  private readonly table: string;

  constructor(@Inject(ORDERS_CONFIG) config: OrdersConfig) {
    this.table = `"${config.ORDERS_DB_SCHEMA}".order_movements`;
  }

  /** Records the movement; false when it was recorded before. */
  async record(manager: EntityManager, movement: OrderMovement): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO ${this.table} (kind, source_system, reference, order_id, location_id, lines, occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING reference`,
      [movement.kind, movement.sourceSystem, movement.reference, movement.orderId, movement.locationId, JSON.stringify(movement.lines), movement.occurredAt],
    );
    return rows.length > 0;
  }
}
