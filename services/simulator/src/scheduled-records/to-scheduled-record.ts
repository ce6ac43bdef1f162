import type { ScheduledRecord, ScheduledRecordKind } from '../database/scheduled-record.repository';
import { ORDER_FLOW_SOURCES, type OrderFlowSystem, type SystemRecord } from '../messaging/system-record-publisher';

/** Which simulated system sends each kind of scheduled record. */
export const SYSTEM_OF_SCHEDULED: Readonly<Record<ScheduledRecordKind, OrderFlowSystem>> = {
  'order-posted': 'ERP',
  'order-shipped': 'WMS',
  'customer-upserted': 'ERP',
};

/** An encoded record, kept until `dueAt`. */
export function toScheduledRecord(kind: ScheduledRecordKind, dueAt: Date, orderId: string | null, record: SystemRecord): ScheduledRecord {
  return {
    id: record.id,
    dueAt,
    kind,
    orderId,
    topic: record.topic,
    key: record.key,
    value: record.value,
    ceSource: ORDER_FLOW_SOURCES[record.system],
    ceType: record.ceType,
    traceparent: record.parentTraceparent ?? null,
  };
}

/** The record to send, when it is due: the same id, bytes and trace it was scheduled with. */
export function fromScheduledRecord(scheduled: ScheduledRecord): SystemRecord {
  return {
    system: SYSTEM_OF_SCHEDULED[scheduled.kind],
    kind: scheduled.kind,
    topic: scheduled.topic,
    key: scheduled.key,
    id: scheduled.id,
    ceType: scheduled.ceType,
    time: scheduled.dueAt,
    value: scheduled.value,
    parentTraceparent: scheduled.traceparent,
  };
}
