import { anInventoryUpdated } from '@concord/contracts';
import { toSourceRecord } from './source-records';

const encode = (event: { sku: string; quantity: number }) => Buffer.from(`avro:${event.sku}:${event.quantity}`);
const now = new Date('2026-11-26T10:00:00Z');

describe('toSourceRecord', () => {
  it('encodes a movement as Avro, keyed by its SKU, with a fresh id', () => {
    const event = anInventoryUpdated({ sku: 'SKU-7', kind: 'ADJUSTMENT', adjustmentReason: 'PICK', quantity: -2 });
    const a = toSourceRecord('WMS', { event }, encode, now);
    const b = toSourceRecord('WMS', { event }, encode, now);
    expect(a).toMatchObject({ system: 'WMS', kind: 'adjustment', sku: 'SKU-7', contentType: 'application/avro', time: now });
    expect(a.value.toString()).toBe('avro:SKU-7:-2');
    expect(a.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.id).not.toBe(b.id);
  });

  it('tells counts from movements, and counts sent in answer to a request from both', () => {
    const count = anInventoryUpdated({ kind: 'SNAPSHOT' });
    expect(toSourceRecord('ERP', { event: count }, encode, now).kind).toBe('snapshot');
    expect(toSourceRecord('ERP', { event: count }, encode, now, { answer: true }).kind).toBe('snapshot-answer');
  });

  it('sends garbage text as its raw bytes, labelled as the JSON it is', () => {
    const record = toSourceRecord('WMS', { bad: { badKind: 'garbage-text', sku: 'SKU-3', text: '{"qty":"12 pcs"}' } }, encode, now);
    expect(record).toMatchObject({ kind: 'garbage-text', sku: 'SKU-3', contentType: 'application/json' });
    expect(record.value.toString('utf8')).toBe('{"qty":"12 pcs"}');
  });

  it('encodes records that break a rule as ordinary Avro: they are caught downstream, not here', () => {
    const event = anInventoryUpdated({ sku: 'SKU-9', quantity: -5 });
    const record = toSourceRecord('WMS', { bad: { badKind: 'negative-snapshot', event } }, encode, now);
    expect(record).toMatchObject({ kind: 'negative-snapshot', sku: 'SKU-9', contentType: 'application/avro' });
    expect(record.value.toString()).toBe('avro:SKU-9:-5');
  });
});
