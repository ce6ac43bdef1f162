import { randomUUID } from 'node:crypto';
import type { Message } from 'kafkajs';
import type { InventoryUpdated } from '@concord/contracts';
import { cloudEventHeaders, eventDescriptor } from '@concord/messaging';

/** `ce_source` of the benchmark's events: it plays the WMS, the charter's source of sellable stock. */
export const BENCH_SOURCE = '/wms/bench';

export const inventoryUpdated = eventDescriptor('InventoryUpdated');

/** `<prefix>00001`, `<prefix>00002`, ... */
export function benchSkus(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${String(i + 1).padStart(5, '0')}`);
}

/**
 * `count` valid WMS events spread round-robin over every SKU at every location: per SKU and
 * location a stream that opens with a count (SNAPSHOT 500), then picks (-1) with a receipt (+5)
 * every fifth movement and a recount every twentieth, sequence numbers 1, 2, 3, ... — so stock
 * never goes negative and every event is applied, none is stale.
 */
export function sustainedLoad(count: number, skus: readonly string[], locations: readonly string[], now: Date): InventoryUpdated[] {
  const pairs = skus.length * locations.length;
  const onHand = new Map<number, number>();
  const events: InventoryUpdated[] = [];
  for (let i = 0; i < count; i++) {
    const pair = i % pairs;
    const sequence = Math.floor(i / pairs) + 1;
    const sku = skus[pair % skus.length];
    const locationId = locations[Math.floor(pair / skus.length)];
    const base = { sourceSystem: 'WMS' as const, sku, locationId, sourceSequence: sequence, occurredAt: now };
    if (sequence === 1 || sequence % 20 === 0) {
      const quantity = sequence === 1 ? 500 : (onHand.get(pair) ?? 500);
      onHand.set(pair, quantity);
      events.push({ ...base, kind: 'SNAPSHOT', adjustmentReason: null, quantity, reference: `BENCH-COUNT-${sequence}` });
    } else {
      const receipt = sequence % 5 === 0;
      const delta = receipt ? 5 : -1;
      onHand.set(pair, (onHand.get(pair) ?? 500) + delta);
      events.push({ ...base, kind: 'ADJUSTMENT', adjustmentReason: receipt ? 'RECEIPT' : 'PICK', quantity: delta, reference: `BENCH-MOVE-${sequence}` });
    }
  }
  return events;
}

/** The k-th latency probe of a SKU: a count of k units (k = 1, 2, ...), so each one changes availability. */
export function latencyProbe(sku: string, locationId: string, k: number, now: Date): InventoryUpdated {
  return {
    sourceSystem: 'WMS',
    sku,
    locationId,
    kind: 'SNAPSHOT',
    adjustmentReason: null,
    quantity: k,
    sourceSequence: k,
    occurredAt: now,
    reference: `BENCH-PROBE-${k}`,
  };
}

/** A source system's Kafka record: Avro value, CloudEvents headers, keyed by SKU, stamped `timestamp`. */
export function sourceMessage(event: InventoryUpdated, encode: (event: InventoryUpdated) => Buffer, timestamp: number): Message {
  return {
    key: event.sku,
    value: encode(event),
    timestamp: String(timestamp),
    headers: cloudEventHeaders({
      id: randomUUID(),
      source: BENCH_SOURCE,
      type: inventoryUpdated.ceType,
      subject: event.sku,
      time: new Date(timestamp).toISOString(),
    }),
  };
}
