import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ReservedLine, StockAllocation, StockReleaseReason } from '@concord/contracts';
import { INVENTORY_CONFIG, type InventoryConfig } from '../config/inventory.config';
import type { LineAllocation } from '../domain/allocate-reservation';
import type { Reservation } from '../domain/reservation';

/** OPEN while it holds stock; RELEASED (cancelled, rejected order) or SHIPPED once it holds nothing. */
export type ReservationStatus = 'OPEN' | 'RELEASED' | 'SHIPPED';

/** An order's reservation as stored. */
export interface StoredReservation {
  /** What it still holds, per line and location. */
  readonly reservation: Reservation;
  readonly status: ReservationStatus;
  readonly reservedAt: Date;
  /** The lines as they were reserved (the StockReserved answer). */
  readonly reservedLines: readonly ReservedLine[];
}

/** A new reservation to store. */
export interface NewReservation {
  readonly reservation: Reservation;
  readonly lines: readonly LineAllocation[];
  readonly split: boolean;
  readonly shipToRegion: string | null;
  readonly charterVersion: string;
  readonly reservedAt: Date;
}

interface AllocationRow {
  reservation_id: string;
  order_id: string;
  status: ReservationStatus;
  reserved_at: Date;
  line_number: number;
  sku: string;
  requested_quantity: number;
  line_reserved_quantity: number;
  backordered_quantity: number;
  location_id: string | null;
  reserved_quantity: number | null;
  held_quantity: number | null;
}

/** Reservations per order, with their lines and what each line holds at each location. */
@Injectable()
export class ReservationRepository {
  private readonly reservations: string;
  private readonly lines: string;
  private readonly allocations: string;

  constructor(@Inject(INVENTORY_CONFIG) config: InventoryConfig) {
    const schema = `"${config.INVENTORY_DB_SCHEMA}"`;
    this.reservations = `${schema}.reservations`;
    this.lines = `${schema}.reservation_lines`;
    this.allocations = `${schema}.reservation_allocations`;
  }

  /** The order's reservation, its row locked FOR UPDATE; undefined when the order has none. */
  async lockByOrder(manager: EntityManager, orderId: string): Promise<StoredReservation | undefined> {
    return (await this.lockByOrders(manager, [orderId])).get(orderId);
  }

  /**
   * The orders' reservations in one statement, keyed by the order ids as given, their rows locked
   * FOR UPDATE in order id order (so two transactions queue rather than deadlock); orders without
   * one are left out.
   */
  async lockByOrders(manager: EntityManager, orderIds: readonly string[]): Promise<Map<string, StoredReservation>> {
    if (orderIds.length === 0) return new Map();
    const rows: AllocationRow[] = await manager.query(
      `SELECT r.reservation_id, r.order_id, r.status, r.reserved_at, l.line_number, l.sku, l.requested_quantity,
              l.reserved_quantity AS line_reserved_quantity, l.backordered_quantity, a.location_id, a.reserved_quantity, a.held_quantity
       FROM ${this.reservations} r
       JOIN ${this.lines} l ON l.reservation_id = r.reservation_id
       LEFT JOIN ${this.allocations} a ON a.reservation_id = l.reservation_id AND a.line_number = l.line_number
       WHERE r.order_id = ANY($1::uuid[])
       ORDER BY r.order_id, l.line_number, a.location_id
       FOR UPDATE OF r`,
      [[...new Set(orderIds)]],
    );
    const rowsByOrder = new Map<string, AllocationRow[]>();
    for (const row of rows) {
      const group = rowsByOrder.get(row.order_id);
      if (group === undefined) rowsByOrder.set(row.order_id, [row]);
      else group.push(row);
    }
    // Postgres spells a uuid in lower case; the caller looks it up as it gave it.
    return new Map(
      orderIds.flatMap((orderId) => {
        const found = rowsByOrder.get(orderId.toLowerCase());
        return found === undefined ? [] : [[orderId, toStoredReservation(found)] as const];
      }),
    );
  }

  /** Stores new reservations, their lines and allocations: one statement per table, however many reservations. */
  async insertAll(manager: EntityManager, created: readonly NewReservation[]): Promise<void> {
    if (created.length === 0) return;
    await manager.query(
      `INSERT INTO ${this.reservations} (reservation_id, order_id, status, split, ship_to_region, charter_version, reserved_at)
       SELECT reservation_id, order_id, 'OPEN', split, ship_to_region, charter_version, reserved_at
       FROM unnest($1::uuid[], $2::uuid[], $3::boolean[], $4::text[], $5::text[], $6::timestamptz[])
         AS created (reservation_id, order_id, split, ship_to_region, charter_version, reserved_at)`,
      [
        created.map(({ reservation }) => reservation.reservationId),
        created.map(({ reservation }) => reservation.orderId),
        created.map(({ split }) => split),
        created.map(({ shipToRegion }) => shipToRegion),
        created.map(({ charterVersion }) => charterVersion),
        created.map(({ reservedAt }) => reservedAt),
      ],
    );
    const lines = created.flatMap(({ reservation, lines }) => lines.map((line) => ({ reservationId: reservation.reservationId, ...line })));
    await manager.query(
      `INSERT INTO ${this.lines} (reservation_id, line_number, sku, requested_quantity, reserved_quantity, backordered_quantity)
       SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[], $4::int[], $5::int[], $6::int[])`,
      [
        lines.map((line) => line.reservationId),
        lines.map((line) => line.lineNumber),
        lines.map((line) => line.sku),
        lines.map((line) => line.requestedQuantity),
        lines.map((line) => line.reservedQuantity),
        lines.map((line) => line.backorderedQuantity),
      ],
    );
    const allocations = lines.flatMap((line) => line.allocations.map((allocation) => ({ reservationId: line.reservationId, lineNumber: line.lineNumber, ...allocation })));
    if (allocations.length === 0) return;
    await manager.query(
      `INSERT INTO ${this.allocations} (reservation_id, line_number, location_id, reserved_quantity, held_quantity)
       SELECT reservation_id, line_number, location_id, quantity, quantity
       FROM unnest($1::uuid[], $2::int[], $3::text[], $4::int[]) AS allocation (reservation_id, line_number, location_id, quantity)`,
      [allocations.map((a) => a.reservationId), allocations.map((a) => a.lineNumber), allocations.map((a) => a.locationId), allocations.map((a) => a.quantity)],
    );
  }

  /** Stores what the reservation still holds (allocations it no longer lists hold 0) and its status. */
  async saveHeld(
    manager: EntityManager,
    reservation: Reservation,
    status: ReservationStatus,
    change: { readonly at: Date; readonly releaseReason?: StockReleaseReason },
  ): Promise<void> {
    const held = reservation.lines.flatMap((line) => line.allocations.map((allocation) => ({ lineNumber: line.lineNumber, ...allocation })));
    await manager.query(
      `UPDATE ${this.allocations} AS allocation
       SET held_quantity = coalesce(
         (SELECT held.quantity FROM unnest($2::int[], $3::text[], $4::int[]) AS held (line_number, location_id, quantity)
          WHERE held.line_number = allocation.line_number AND held.location_id = allocation.location_id), 0)
       WHERE allocation.reservation_id = $1`,
      [reservation.reservationId, held.map((a) => a.lineNumber), held.map((a) => a.locationId), held.map((a) => a.quantity)],
    );
    await manager.query(
      `UPDATE ${this.reservations}
       SET status = $2, release_reason = coalesce($3, release_reason), closed_at = CASE WHEN $2 = 'OPEN' THEN NULL ELSE $4::timestamptz END, updated_at = now()
       WHERE reservation_id = $1`,
      [reservation.reservationId, status, change.releaseReason ?? null, change.at],
    );
  }
}

function toStoredReservation(rows: readonly AllocationRow[]): StoredReservation {
  const first = rows[0];
  const held = new Map<number, { lineNumber: number; sku: string; allocations: StockAllocation[] }>();
  const reserved = new Map<number, ReservedLine>();
  for (const row of rows) {
    if (!reserved.has(row.line_number)) {
      held.set(row.line_number, { lineNumber: row.line_number, sku: row.sku, allocations: [] });
      reserved.set(row.line_number, {
        lineNumber: row.line_number,
        sku: row.sku,
        requestedQuantity: row.requested_quantity,
        reservedQuantity: row.line_reserved_quantity,
        backorderedQuantity: row.backordered_quantity,
        allocations: [],
      });
    }
    if (row.location_id === null || row.reserved_quantity === null || row.held_quantity === null) continue;
    reserved.get(row.line_number)!.allocations.push({ locationId: row.location_id, quantity: row.reserved_quantity });
    if (row.held_quantity > 0) held.get(row.line_number)!.allocations.push({ locationId: row.location_id, quantity: row.held_quantity });
  }
  return {
    reservation: { reservationId: first.reservation_id, orderId: first.order_id, lines: [...held.values()] },
    status: first.status,
    reservedAt: first.reserved_at,
    reservedLines: [...reserved.values()],
  };
}
