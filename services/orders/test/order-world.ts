// The other systems, as the orders integration tests play them: the catalog, customers and pricing
// services feeding the read models, the storefront placing orders, inventory answering reservation
// requests, the ERP and the WMS closing the loop. Every name is unique per test run.
import { randomInt, randomUUID } from 'node:crypto';
import Decimal from 'decimal.js';
import {
  aCustomerChanged,
  anOrderPlaced,
  aPlacedOrderLine,
  aPostalAddress,
  aPriceChanged,
  aProductChanged,
  type CustomerChanged,
  type OrderPlaced,
  type PlacedOrderLine,
  type PriceChanged,
  type ProductStatus,
  type StockReservationRequested,
  type StockReserved,
} from '@concord/contracts';
import { uniqueName, waitFor } from '@concord/testing';
import type { OrderState } from '../src/domain/order';
import type { OrderView } from '../src/query-orders/order-view';
import type { OrdersTestStack } from './orders-test-stack';

/** A storefront customer id the charter's rule maps to an ERP id ("123" → "C123"), unique per call. */
export function storefrontCustomerId(): string {
  return String(randomInt(100_000_000, 999_999_999)) + String(randomInt(100, 999));
}

export class OrderWorld {
  private productVersion = 0;
  private customerVersion = 0;

  constructor(readonly stack: OrdersTestStack) {}

  sku(): string {
    return uniqueName('SKU');
  }

  /** The catalog publishes a product; resolves once orders stored it. */
  async product(sku: string, status: ProductStatus = 'ACTIVE'): Promise<void> {
    const version = ++this.productVersion;
    await this.stack.send('ProductChanged', [aProductChanged({ sku, status, version, changedAt: new Date() })], { source: '/test/catalog' });
    await waitFor(async () => (await this.stack.database.query('SELECT 1 FROM products WHERE sku = $1 AND version = $2', [sku, version])).rowCount === 1, {
      description: `ProductChanged ${sku} v${version} applied`,
    });
  }

  /** Pricing publishes a LIST price (by default) of `sku` in EUR; resolves once orders stored it. */
  async price(sku: string, amount: string, overrides: Partial<PriceChanged> = {}): Promise<PriceChanged> {
    const price = aPriceChanged({ sku, amount: new Decimal(amount), previousAmount: null, currency: 'EUR', changedAt: new Date(), ...overrides });
    await this.stack.send('PriceChanged', [price], { source: '/test/pricing' });
    await waitFor(async () => (await this.stack.database.query('SELECT 1 FROM price_points WHERE price_change_id = $1', [price.priceChangeId])).rowCount === 1, {
      description: `PriceChanged ${price.priceChangeId} applied`,
    });
    return price;
  }

  /** The customers service publishes a golden record; resolves once orders stored it. */
  async customer(crossReferences: CustomerChanged['crossReferences'], overrides: Partial<CustomerChanged> = {}): Promise<CustomerChanged> {
    const customer = aCustomerChanged({ crossReferences, version: ++this.customerVersion, changedAt: new Date(), ...overrides });
    await this.publishCustomer(customer);
    await waitFor(async () => (await this.stack.database.query('SELECT 1 FROM customers WHERE customer_id = $1 AND version = $2', [customer.customerId, customer.version])).rowCount === 1, {
      description: `CustomerChanged ${customer.customerId} applied`,
    });
    return customer;
  }

  /** Publishes a golden record without waiting for it (to watch what it sets off). */
  async publishCustomer(customer: CustomerChanged): Promise<void> {
    await this.stack.send('CustomerChanged', [customer], { source: '/test/customers' });
  }

  /** A known storefront customer: a golden record holding its storefront id and the ERP id the charter's rule gives it. */
  async knownStorefrontCustomer(): Promise<{ externalCustomerId: string; erpCustomerId: string; customerId: string }> {
    const externalCustomerId = storefrontCustomerId();
    const erpCustomerId = `C${externalCustomerId}`;
    const customer = await this.customer([
      { sourceSystem: 'ECOMMERCE', externalId: externalCustomerId },
      { sourceSystem: 'ERP', externalId: erpCustomerId },
    ]);
    return { externalCustomerId, erpCustomerId, customerId: customer.customerId };
  }

  /** A storefront order with a unique external id, shipping to US-EAST, delivery date set. */
  order(externalCustomerId: string, lines: Array<Partial<PlacedOrderLine> & { sku: string }>, overrides: Partial<OrderPlaced> = {}): OrderPlaced {
    return anOrderPlaced({
      externalOrderId: uniqueName('WEB'),
      customer: { externalCustomerId, newCustomer: null },
      lines: lines.map((line, index) => aPlacedOrderLine({ lineNumber: index + 1, quantity: 2, shownUnitPrice: new Decimal('10.00'), ...line })),
      currency: 'EUR',
      requestedDeliveryDate: '2026-12-15',
      shipTo: aPostalAddress({ line1: '1 Market St', city: 'Newark', region: 'US-EAST', postalCode: '07102', countryCode: 'US' }),
      placedAt: new Date(),
      ...overrides,
    });
  }

  async place(...orders: OrderPlaced[]): Promise<void> {
    await this.stack.send('OrderPlaced', orders, { source: '/test/storefront' });
  }

  /** The order's row once it is in `state` (or one of them). */
  async orderIn(externalOrderId: string, ...states: OrderState[]): Promise<{ orderId: string; state: OrderState }> {
    return waitFor(
      async () => {
        const { rows } = await this.stack.database.query('SELECT order_id, state FROM orders WHERE external_order_id = $1', [externalOrderId]);
        return rows.length === 1 && states.includes(rows[0].state) && { orderId: rows[0].order_id as string, state: rows[0].state as OrderState };
      },
      { description: `order ${externalOrderId} in ${states.join(' or ')}` },
    );
  }

  /** The reservation request orders sent for the order. */
  async reservationRequest(orderId: string): Promise<StockReservationRequested> {
    const [request] = await this.stack.published.waitFor('StockReservationRequested', (event) => event.orderId === orderId);
    return request.payload;
  }

  /** Inventory reserves every line in full at DC-EAST, or with `backordered` units of a line back-ordered. */
  async reserve(request: StockReservationRequested, backordered: Record<number, number> = {}): Promise<StockReserved> {
    const reserved = reservationOf(request, backordered);
    await this.stack.send('StockReserved', [reserved], { source: '/test/inventory' });
    return reserved;
  }

  /** Inventory answers several requests in one send (the consumer takes them in chunks). */
  async reserveAll(answers: readonly StockReserved[]): Promise<void> {
    await this.stack.send('StockReserved', [...answers], { source: '/test/inventory' });
  }

  /** The order as GET /orders?sourceSystem=&externalOrderId= shows it. */
  async view(order: OrderPlaced): Promise<OrderView> {
    const response = await fetch(await this.stack.url(`/orders?sourceSystem=${order.sourceSystem}&externalOrderId=${encodeURIComponent(order.externalOrderId)}`));
    expect(response.status).toBe(200);
    return (await response.json()) as OrderView;
  }

  /** Outbox rows orders wrote for the order, per topic: what it published, without waiting on Kafka. */
  async outboxTopicsOf(orderId: string): Promise<string[]> {
    const { rows } = await this.stack.database.query('SELECT topic FROM outbox WHERE message_key = $1 ORDER BY id', [orderId]);
    return rows.map((row: { topic: string }) => row.topic);
  }
}

/** Inventory's answer reserving every line in full at DC-EAST, or with `backordered` units of a line back-ordered. */
export function reservationOf(request: StockReservationRequested, backordered: Record<number, number> = {}): StockReserved {
  return {
    orderId: request.orderId,
    reservationId: randomUUID(),
    lines: request.lines.map((line) => {
      const short = backordered[line.lineNumber] ?? 0;
      const reservedQuantity = line.quantity - short;
      return {
        lineNumber: line.lineNumber,
        sku: line.sku,
        requestedQuantity: line.quantity,
        reservedQuantity,
        backorderedQuantity: short,
        allocations: reservedQuantity > 0 ? [{ locationId: 'DC-EAST', quantity: reservedQuantity }] : [],
      };
    }),
    reservedAt: new Date(),
  };
}
