import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { insertRows } from '@concord/persistence';
import { ORDERS_CONFIG, type OrdersConfig } from '../config/orders.config';
import type { OrderState } from '../domain/order';

/** One entry of an order's state history: a change of state, or a fact recorded without one (from = to). */
export interface OrderHistoryEntry {
  readonly orderId: string;
  /** Null when the order was created. */
  readonly from: OrderState | null;
  readonly to: OrderState;
  /** Why it went there: a hold reason, a rejection code, what the source or the reviewer said. */
  readonly reason: string;
  /** What made it happen: the consumed event's name, `manual release`, `customer wait sweep`. */
  readonly trigger: string;
  readonly detail?: Readonly<Record<string, unknown>>;
  /** Who: the event's ce_source, the reviewer, the sweep. */
  readonly actor: string;
  /** The event's ce_id, when an event caused it. */
  readonly eventId: string | null;
  readonly charterVersion: string;
  readonly at: Date;
}

/** The append-only state history of every order. */
@Injectable()
export class OrderHistoryRepository {
  private readonly table: string;

  constructor(@Inject(ORDERS_CONFIG) config: OrdersConfig) {
    this.table = `"${config.ORDERS_DB_SCHEMA}".order_state_history`;
  }

  /** Appends the entries in the given order, in one statement. */
  async append(manager: EntityManager, ...entries: readonly OrderHistoryEntry[]): Promise<void> {
    await insertRows(
      manager,
      this.table,
      ['order_id', 'from_state', 'to_state', 'reason', 'trigger', 'detail', 'actor', 'event_id', 'charter_version', 'at'],
      entries.map((entry) => [
        entry.orderId,
        entry.from,
        entry.to,
        entry.reason,
        entry.trigger,
        entry.detail === undefined ? null : JSON.stringify(entry.detail),
        entry.actor,
        entry.eventId,
        entry.charterVersion,
        entry.at,
      ]),
    );
  }

  /** Each order's history, oldest first. */
  async findFor(manager: EntityManager, orderIds: readonly string[]): Promise<Map<string, OrderHistoryEntry[]>> {
    const rows: Array<{
      order_id: string;
      from_state: OrderState | null;
      to_state: OrderState;
      reason: string;
      trigger: string;
      detail: Record<string, unknown> | null;
      actor: string;
      event_id: string | null;
      charter_version: string;
      at: Date;
    }> = await manager.query(`SELECT * FROM ${this.table} WHERE order_id = ANY($1::uuid[]) ORDER BY order_id, id`, [[...orderIds]]);
    const history = new Map<string, OrderHistoryEntry[]>(orderIds.map((orderId) => [orderId, []]));
    for (const row of rows) {
      history.get(row.order_id)?.push({
        orderId: row.order_id,
        from: row.from_state,
        to: row.to_state,
        reason: row.reason,
        trigger: row.trigger,
        ...(row.detail === null ? {} : { detail: row.detail }),
        actor: row.actor,
        eventId: row.event_id,
        charterVersion: row.charter_version,
        at: row.at,
      });
    }
    return history;
  }
}
