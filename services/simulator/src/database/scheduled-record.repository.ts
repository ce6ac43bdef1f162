import type { EntityManager } from 'typeorm';

/** What a scheduled record is: the ERP's posting answer, a WMS shipment, the ERP's customer answer. */
export type ScheduledRecordKind = 'order-posted' | 'order-shipped' | 'customer-upserted';
export const SCHEDULED_RECORD_KINDS: readonly ScheduledRecordKind[] = ['order-posted', 'order-shipped', 'customer-upserted'];

/** A record a simulated system will send once it is due, already encoded. */
export interface ScheduledRecord {
  /** `ce_id`; derived from what it answers, so the same answer scheduled twice is one record. */
  id: string;
  dueAt: Date;
  kind: ScheduledRecordKind;
  /** The Concord order it concerns (a cancellation request drops the order's pending shipments). */
  orderId: string | null;
  topic: string;
  key: string;
  value: Buffer;
  ceSource: string;
  ceType: string;
  /** The traceparent of the consumed record's process span: the answer continues its trace. */
  traceparent: string | null;
}

interface ScheduledRecordRow {
  id: string;
  due_at: Date;
  kind: ScheduledRecordKind;
  order_id: string | null;
  topic: string;
  message_key: string;
  value: Buffer;
  ce_source: string;
  ce_type: string;
  traceparent: string | null;
}

/** The simulated systems' records not yet due, in `<schema>.scheduled_records`. */
export class ScheduledRecordRepository {
  private readonly table: string;

  constructor(schema: string) {
    this.table = `"${schema}".scheduled_records`;
  }

  /** Schedules the records; one already scheduled (same id) is kept as it is. */
  async schedule(manager: EntityManager, records: readonly ScheduledRecord[]): Promise<void> {
    if (records.length === 0) return;
    const params: unknown[] = [];
    const rows = records.map((r) => {
      params.push(r.id, r.dueAt, r.kind, r.orderId, r.topic, r.key, r.value, r.ceSource, r.ceType, r.traceparent);
      const n = params.length - 10;
      return `(${Array.from({ length: 10 }, (_, i) => `$${n + i + 1}`).join(', ')})`;
    });
    await manager.query(
      `INSERT INTO ${this.table} (id, due_at, kind, order_id, topic, message_key, value, ce_source, ce_type, traceparent)
       VALUES ${rows.join(', ')} ON CONFLICT (id) DO NOTHING`,
      params,
    );
  }

  /** Drops the order's shipments not sent yet; resolves with how many. */
  async dropPendingShipments(manager: EntityManager, orderId: string): Promise<number> {
    const deleted: unknown[] = await manager.query(`DELETE FROM ${this.table} WHERE order_id = $1 AND kind = 'order-shipped' RETURNING id`, [orderId]);
    // TypeORM's postgres driver answers DELETE … RETURNING with [rows, count].
    return Array.isArray(deleted[0]) ? (deleted[0] as unknown[]).length : deleted.length;
  }

  /** Up to `limit` records due at `now`, earliest first, locked so a second instance skips them. */
  async lockDue(manager: EntityManager, now: Date, limit: number): Promise<ScheduledRecord[]> {
    const rows: ScheduledRecordRow[] = await manager.query(
      `SELECT id, due_at, kind, order_id, topic, message_key, value, ce_source, ce_type, traceparent
       FROM ${this.table} WHERE due_at <= $1 ORDER BY due_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
    return rows.map((row) => ({
      id: row.id,
      dueAt: row.due_at,
      kind: row.kind,
      orderId: row.order_id,
      topic: row.topic,
      key: row.message_key,
      value: row.value,
      ceSource: row.ce_source,
      ceType: row.ce_type,
      traceparent: row.traceparent,
    }));
  }

  async delete(manager: EntityManager, ids: readonly string[]): Promise<void> {
    if (ids.length > 0) await manager.query(`DELETE FROM ${this.table} WHERE id = ANY($1::uuid[])`, [ids]);
  }

  /** Records waiting, by kind. */
  async pendingByKind(manager: EntityManager): Promise<Record<ScheduledRecordKind, number>> {
    const rows: { kind: ScheduledRecordKind; count: string }[] = await manager.query(`SELECT kind, count(*) AS count FROM ${this.table} GROUP BY kind`);
    const pending = { 'order-posted': 0, 'order-shipped': 0, 'customer-upserted': 0 };
    for (const row of rows) pending[row.kind] = Number(row.count);
    return pending;
  }
}
