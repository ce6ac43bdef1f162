import { randomUUID } from 'node:crypto';
import Decimal from 'decimal.js';
import type { Message } from 'kafkajs';
import {
  aCustomerChanged,
  anOrderPlaced,
  aPostalAddress,
  aPriceChanged,
  aProductChanged,
  type CustomerChanged,
  type InventoryUpdated,
  type OrderPlaced,
  type PriceChanged,
  type ProductChanged,
} from '@concord/contracts';
import { cloudEventHeaders, type EventDescriptor } from '@concord/messaging';

/** `ce_source` of what the benchmark sends, per system it plays. */
export const BENCH_SOURCES = {
  storefront: '/ecommerce/bench',
  catalog: '/concord/catalog/bench',
  pricing: '/concord/pricing/bench',
  customers: '/concord/customers/bench',
  wms: '/wms/bench',
} as const;

/** The stock location the benchmark's orders ship from: the charter's US-EAST distribution centre. */
export const BENCH_LOCATION = 'DC-EAST';
/** Units of each benchmark SKU the WMS reports at BENCH_LOCATION: far more than any phase orders. */
export const BENCH_STOCK = 1_000_000;

/** A storefront customer the benchmark makes known to orders. */
export interface BenchCustomer {
  customerId: string;
  /** Digits only, so the charter's ECOMMERCE rule maps it to the ERP ("123" → "C123"). */
  externalCustomerId: string;
  erpCustomerId: string;
}

/** A SKU of the benchmark's catalog and its governed LIST price in EUR. */
export interface CatalogEntry {
  sku: string;
  unitPrice: Decimal;
}

/** `count` storefront customers numbered from `firstId` (at most 12 digits, the charter's pattern). */
export function benchCustomers(firstId: number, count: number): BenchCustomer[] {
  if (!Number.isSafeInteger(firstId) || firstId < 1 || String(firstId + count - 1).length > 12) {
    throw new Error(`firstId must be a whole number >= 1 leaving ${count} ids of at most 12 digits (got ${firstId})`);
  }
  return Array.from({ length: count }, (_, i) => {
    const externalCustomerId = String(firstId + i);
    return { customerId: randomUUID(), externalCustomerId, erpCustomerId: `C${externalCustomerId}` };
  });
}

/** The customers service's golden record of a benchmark customer: ACTIVE, with its storefront and ERP ids. */
export function customerChanged(customer: BenchCustomer, now: Date): CustomerChanged {
  return aCustomerChanged({
    customerId: customer.customerId,
    crossReferences: [
      { sourceSystem: 'ECOMMERCE', externalId: customer.externalCustomerId },
      { sourceSystem: 'ERP', externalId: customer.erpCustomerId },
    ],
    name: `Bench customer ${customer.externalCustomerId}`,
    accountStatus: 'ACTIVE',
    currency: 'EUR',
    version: 1,
    changedAt: now,
  });
}

/** SKUs `<prefix>00001`… with prices 10.00, 10.25, … 34.75 EUR, repeating. */
export function benchCatalog(prefix: string, count: number): CatalogEntry[] {
  return Array.from({ length: count }, (_, i) => ({
    sku: `${prefix}${String(i + 1).padStart(5, '0')}`,
    unitPrice: new Decimal(10).plus(new Decimal('0.25').times(i % 100)),
  }));
}

/**
 * SKUs for a phase of `orders` orders of `linesPerOrder` lines: one per ten order lines, so each SKU
 * is in about ten orders — below the charter's HIGH velocity tier (20 orders a day), whose 5-minute
 * freshness limit a long phase would outlive — and never fewer than an order's lines.
 */
export function skusForOrders(orders: number, linesPerOrder: number): number {
  return Math.max(linesPerOrder, Math.ceil((orders * linesPerOrder) / 10));
}

/** What the catalog, pricing and the WMS publish about `catalog`: ACTIVE products, LIST prices, plenty of stock. */
export function referenceData(catalog: readonly CatalogEntry[], now: Date): { products: ProductChanged[]; prices: PriceChanged[]; stock: InventoryUpdated[] } {
  return {
    products: catalog.map(({ sku }) => aProductChanged({ sku, status: 'ACTIVE', name: `Bench product ${sku}`, version: 1, changedAt: now })),
    prices: catalog.map(({ sku, unitPrice }) =>
      aPriceChanged({ sku, priceType: 'LIST', amount: unitPrice, previousAmount: null, currency: 'EUR', validFrom: null, validTo: null, changedAt: now }),
    ),
    stock: catalog.map(({ sku }) => ({
      sourceSystem: 'WMS',
      sku,
      locationId: BENCH_LOCATION,
      kind: 'SNAPSHOT',
      adjustmentReason: null,
      quantity: BENCH_STOCK,
      sourceSequence: 1,
      occurredAt: now,
      reference: 'BENCH-COUNT',
    })),
  };
}

/** The calendar date `days` after `now` (UTC), as OrderPlaced carries it. */
export function dateAfter(now: Date, days: number): string {
  return new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * `count` valid storefront orders: external ids `<prefix>000001`…, customers taken in turn, order i's
 * lines on consecutive SKUs from position i × lines (so every SKU gets about the same number of
 * lines, and an order never names a SKU twice), quantities 1–3 at the governed price, shipping to
 * US-EAST, delivery two weeks after `now`.
 */
export function benchOrders(options: {
  prefix: string;
  count: number;
  catalog: readonly CatalogEntry[];
  customers: readonly BenchCustomer[];
  linesPerOrder: number;
  now: Date;
}): OrderPlaced[] {
  const { prefix, count, catalog, customers, linesPerOrder, now } = options;
  if (catalog.length < linesPerOrder) throw new Error(`an order of ${linesPerOrder} lines needs at least ${linesPerOrder} SKUs (got ${catalog.length})`);
  if (customers.length === 0) throw new Error('orders need at least one customer');
  const shipTo = aPostalAddress({ line1: '1 Market St', city: 'Newark', region: 'US-EAST', postalCode: '07102', countryCode: 'US' });
  const requestedDeliveryDate = dateAfter(now, 14);
  return Array.from({ length: count }, (_, i) =>
    anOrderPlaced({
      sourceSystem: 'ECOMMERCE',
      externalOrderId: `${prefix}${String(i + 1).padStart(6, '0')}`,
      channel: 'webshop',
      customer: { externalCustomerId: customers[i % customers.length].externalCustomerId, newCustomer: null },
      lines: Array.from({ length: linesPerOrder }, (_, k) => {
        const entry = catalog[(i * linesPerOrder + k) % catalog.length];
        return { lineNumber: k + 1, sku: entry.sku, quantity: 1 + ((i + k) % 3), shownUnitPrice: entry.unitPrice };
      }),
      currency: 'EUR',
      requestedDeliveryDate,
      shipTo,
      purchaseOrderNumber: null,
      placedAt: now,
    }),
  );
}

/** An event as its producer sends it: Avro value, keyed by its aggregate id; stamped later with `stamp`. */
export interface EncodedEvent {
  key: string;
  value: Buffer;
  ceType: string;
}

export function encodeEvent<T>(descriptor: EventDescriptor<T>, payload: T, encode: (descriptor: EventDescriptor<T>, payload: T) => Buffer): EncodedEvent {
  return { key: descriptor.keyOf(payload), value: encode(descriptor, payload), ceType: descriptor.ceType };
}

/** The Kafka record of an encoded event sent at `timestamp` by `source`: CloudEvents headers, producer timestamp. */
export function stamp(event: EncodedEvent, source: string, timestamp: number): Message {
  return {
    key: event.key,
    value: event.value,
    timestamp: String(timestamp),
    headers: cloudEventHeaders({ id: randomUUID(), source, type: event.ceType, subject: event.key, time: new Date(timestamp).toISOString() }),
  };
}
