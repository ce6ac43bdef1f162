import type { NewCustomerDetails, OrderPlaced, PlacedOrderLine } from '@concord/contracts';
import { RandomSource } from '../random-source';
import { randomPostalAddress } from '../reference-data/postal-addresses';
import { taxIdFor, type ProductRange } from '../reference-data/product-range';

/**
 * What kind of order the storefront sends. `valid` and `new-customer` (a customer the ERP does not
 * know yet, with details) are good orders; the others each break one rule of the charter's order
 * standard or the pricing, in one place, so the outcome downstream is predictable per kind.
 */
export const ORDER_KINDS = [
  'valid',
  'new-customer',
  'unknown-sku',
  'inactive-sku',
  'zero-quantity',
  'missing-delivery-date',
  'unknown-customer',
  'price-mismatch',
] as const;
export type OrderKind = (typeof ORDER_KINDS)[number];
export const BAD_ORDER_KINDS: readonly OrderKind[] = ORDER_KINDS.filter((kind) => kind !== 'valid' && kind !== 'new-customer');

/** How the storefront's orders are mixed; each share of all orders, 0..1. */
export interface OrderMix {
  /** Orders with bad data, spread evenly over the bad kinds. */
  badShare: number;
  /** Good orders from a customer the ERP does not know yet, with the customer's details. */
  newCustomerShare: number;
  /** Orders the customer cancels some time after placing them (OrderCancelled), whatever their kind. */
  cancelShare: number;
}

export interface OrderGeneratorOptions {
  seed: number;
  /** externalOrderId = prefix + a sequence number; the prefix is unique per run. */
  externalOrderIdPrefix: string;
  /** Sales channel code of every order. */
  channel: string;
  /** A cancellation follows its order after this many milliseconds (inclusive range). */
  cancelDelayMs: { min: number; max: number };
}

/** An order the storefront will send, what kind it is, and whether (and when) it will be cancelled. */
export interface PlannedOrder {
  kind: OrderKind;
  order: OrderPlaced;
  cancellation: { afterMs: number; reason: string } | null;
}

const CANCEL_REASONS = ['CUSTOMER_REQUEST', 'ORDERED_BY_MISTAKE', 'PAYMENT_FAILED', 'FOUND_CHEAPER'];
// Storefront customer ids beyond the known ones ("1" … "n"), in two ranges that never meet: ids the
// ERP learns through a sync (new customers) are never reused as "unknown" ones, also across runs.
const NEW_CUSTOMER_IDS = { min: 10_000_000_000, max: 499_999_999_999 };
const UNKNOWN_CUSTOMER_IDS = { min: 500_000_000_000, max: 999_999_999_999 };

/**
 * The simulated storefront's order stream (seeded: the same seed and mix replay the same orders).
 * Good orders name a known customer (storefront id "123", ERP customer "C123") or a new one with
 * details, 1–4 lines of sellable SKUs at their LIST price, a delivery date 2–14 days out and a US or
 * EU ship-to address. A bad order is a good one with exactly one defect:
 *
 * | kind | defect |
 * |---|---|
 * | unknown-sku | one line's SKU is not in the range |
 * | inactive-sku | one line's SKU is INACTIVE in the catalog |
 * | zero-quantity | one line's quantity is 0 |
 * | missing-delivery-date | requestedDeliveryDate is null |
 * | unknown-customer | a customer id the ERP does not know, without details |
 * | price-mismatch | one line's shown price is 10 % below its LIST price |
 */
export class OrderGenerator {
  private readonly random: RandomSource;
  private readonly badKinds: readonly OrderKind[];
  private readonly issuedCustomerIds = new Set<string>();
  private sequence = 0;

  constructor(
    private readonly range: ProductRange,
    private readonly options: OrderGeneratorOptions,
  ) {
    this.random = new RandomSource(options.seed ^ 0x0de5_0002);
    // Without an inactive SKU in the range that kind cannot be made; its share goes to the others.
    this.badKinds = BAD_ORDER_KINDS.filter((kind) => kind !== 'inactive-sku' || range.inactiveSkus.length > 0);
  }

  /** The bad kinds this range can produce (inactive-sku needs an inactive SKU). */
  get producibleBadKinds(): readonly OrderKind[] {
    return this.badKinds;
  }

  /** The next order, of a kind drawn from `mix`, placed at `now`. */
  next(mix: OrderMix, now: Date): PlannedOrder {
    const kind = this.nextKind(mix);
    const order = this.goodOrder(now, kind === 'new-customer');
    this.applyDefect(order, kind);
    const cancellation = this.random.chance(mix.cancelShare)
      ? { afterMs: this.random.int(this.options.cancelDelayMs.min, this.options.cancelDelayMs.max), reason: this.random.pick(CANCEL_REASONS) }
      : null;
    return { kind, order, cancellation };
  }

  private nextKind(mix: OrderMix): OrderKind {
    const roll = this.random.next();
    if (roll < mix.badShare) return this.badKinds[Math.min(this.badKinds.length - 1, Math.floor((roll / mix.badShare) * this.badKinds.length))];
    if (roll < mix.badShare + mix.newCustomerShare) return 'new-customer';
    return 'valid';
  }

  private goodOrder(now: Date, newCustomer: boolean): OrderPlaced {
    const { sellableSkus } = this.range;
    const lineCount = Math.min(sellableSkus.length, this.random.int(1, 4));
    const skus = new Set<string>();
    while (skus.size < lineCount) skus.add(this.random.pick(sellableSkus));
    const lines: PlacedOrderLine[] = [...skus].map((sku, i) => ({
      lineNumber: i + 1,
      sku,
      quantity: this.random.int(1, 10),
      shownUnitPrice: this.range.listPrice(sku),
    }));
    const customerId = newCustomer ? this.freshCustomerId(NEW_CUSTOMER_IDS) : this.random.pick(this.range.customers).storefrontId;
    return {
      sourceSystem: 'ECOMMERCE',
      externalOrderId: `${this.options.externalOrderIdPrefix}${++this.sequence}`,
      channel: this.options.channel,
      customer: { externalCustomerId: customerId, newCustomer: newCustomer ? this.newCustomerDetails(customerId) : null },
      lines,
      currency: this.range.currency,
      requestedDeliveryDate: calendarDate(new Date(now.getTime() + this.random.int(2, 14) * 86_400_000)),
      shipTo: randomPostalAddress(this.random),
      purchaseOrderNumber: this.random.chance(0.3) ? `PO-${this.random.int(10_000, 99_999)}` : null,
      placedAt: now,
    };
  }

  private applyDefect(order: OrderPlaced, kind: OrderKind): void {
    const line = this.random.pick(order.lines);
    switch (kind) {
      case 'unknown-sku':
        line.sku = `${this.unknownSkuPrefix()}${this.random.int(1, 999_999)}`;
        return;
      case 'inactive-sku': {
        const used = new Set(order.lines.map((l) => l.sku));
        const candidates = this.range.inactiveSkus.filter((sku) => !used.has(sku));
        line.sku = this.random.pick(candidates.length > 0 ? candidates : this.range.inactiveSkus);
        line.shownUnitPrice = this.range.listPrice(line.sku);
        return;
      }
      case 'zero-quantity':
        line.quantity = 0;
        return;
      case 'missing-delivery-date':
        order.requestedDeliveryDate = null;
        return;
      case 'unknown-customer':
        order.customer = { externalCustomerId: this.freshCustomerId(UNKNOWN_CUSTOMER_IDS), newCustomer: null };
        return;
      case 'price-mismatch':
        line.shownUnitPrice = line.shownUnitPrice.mul(0.9).toDecimalPlaces(2);
        return;
      default:
        return;
    }
  }

  /** SKUs of this form are never in the range: the range's first SKU with its number replaced. */
  private unknownSkuPrefix(): string {
    return `${this.range.products[0].sku.replace(/\d+$/, '')}UNKNOWN-`;
  }

  private freshCustomerId(ids: { min: number; max: number }): string {
    for (;;) {
      const id = String(this.random.int(ids.min, ids.max));
      if (!this.issuedCustomerIds.has(id)) {
        this.issuedCustomerIds.add(id);
        return id;
      }
    }
  }

  private newCustomerDetails(storefrontId: string): NewCustomerDetails {
    const billingAddress = randomPostalAddress(this.random);
    return {
      name: `New Customer ${storefrontId} LLC`,
      email: `orders@new-customer-${storefrontId}.example.com`,
      phone: `+1555${String(this.random.int(0, 9_999_999)).padStart(7, '0')}`,
      taxId: taxIdFor(billingAddress.countryCode, this.random),
      billingAddress,
    };
  }
}

/** YYYY-MM-DD of `instant` in UTC. */
export function calendarDate(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}
