import { createHash } from 'node:crypto';
import { Decimal } from 'decimal.js';
import type { PostalAddress, PriceScope } from '@concord/contracts';
import { RandomSource } from '../random-source';
import { randomPostalAddress } from './postal-addresses';

/** What the simulated ERP, PIM and CRM know about the products and customers (seeded). */
export interface ProductRangeOptions {
  /** The SKUs — the same ones the simulated warehouses stock. */
  skus: readonly string[];
  seed: number;
  /** Share of SKUs that are INACTIVE in the catalog (at least one when the share is above 0). */
  inactiveShare: number;
  /** Share of active SKUs that carry a PROMO, CONTRACT or VOLUME_TIER price besides their LIST price. */
  specialPriceShare: number;
  /** Customers the ERP knows: storefront customers "1" … "n" (the same accounts whatever the seed). */
  customerCount: number;
  /** The ERP id of storefront customer `storefrontId` (the charter's customer id mapping: "123" → "C123"). */
  erpCustomerIdOf: (storefrontId: string) => string;
  /** Currency of every price and order. */
  currency: string;
  /** Anchors the validity windows of the special prices. */
  now: Date;
}

export interface SimulatedProduct {
  sku: string;
  status: 'ACTIVE' | 'INACTIVE';
  name: string;
  category: string;
  unitOfMeasure: string;
  cost: Decimal;
  supplierId: string;
  glAccount: string;
  listPrice: Decimal;
}

/** A price beside the LIST price, as the pricing service would publish it. */
export interface SpecialPrice {
  sku: string;
  priceType: 'PROMO' | 'CONTRACT' | 'VOLUME_TIER';
  amount: Decimal;
  scope: PriceScope;
  validFrom: Date | null;
  validTo: Date | null;
}

/** A customer the ERP knows, and the id the storefront knows them by. */
export interface KnownCustomer {
  storefrontId: string;
  erpId: string;
  name: string;
  contactName: string;
  email: string;
  phone: string;
  taxId: string;
  billingAddress: PostalAddress;
  creditLimit: Decimal;
  paymentTerms: string;
}

const CATEGORIES: ReadonlyArray<{ code: string; noun: string; unit: string; gl: string }> = [
  { code: 'FASTENERS', noun: 'Hex bolt', unit: 'BOX', gl: '4000-100' },
  { code: 'ABRASIVES', noun: 'Sanding disc', unit: 'PK', gl: '4000-110' },
  { code: 'ELECTRICAL', noun: 'Cable tie', unit: 'PK', gl: '4000-120' },
  { code: 'SAFETY', noun: 'Safety glove', unit: 'PR', gl: '4000-130' },
  { code: 'HYDRAULICS', noun: 'Hose fitting', unit: 'EA', gl: '4000-140' },
  { code: 'TOOLS', noun: 'Torque wrench', unit: 'EA', gl: '4000-150' },
];
const COMPANY_WORDS = ['Keller', 'Harbor', 'Summit', 'Atlas', 'Northwind', 'Brightline', 'Vandenberg', 'Lumen', 'Granite', 'Cobalt'];
const COMPANY_KINDS = ['Machining', 'Logistics', 'Fabrication', 'Supply', 'Engineering', 'Industries'];
const FIRST_NAMES = ['Alex', 'Maria', 'Jan', 'Priya', 'Tom', 'Sofia', 'Lukas', 'Emma', 'Noah', 'Chen'];
const LAST_NAMES = ['Jansen', 'Okafor', 'Miller', 'Schmidt', 'Dubois', 'Rossi', 'Kowalski', 'Nguyen', 'Garcia', 'Bakker'];

/** The ERP's default credit terms for a customer it creates. */
export const ERP_DEFAULT_CREDIT_LIMIT = new Decimal('10000');
export const ERP_DEFAULT_PAYMENT_TERMS = 'NET30';

/**
 * The product range and customer base behind the simulated storefront: every SKU with its ERP
 * master data, catalog status and LIST price; a few SKUs with special prices; the known customers.
 * The storefront sells only `sellableSkus` — active SKUs whose governed price is their LIST price —
 * so a valid order's shown price is its governed price, and only the price-mismatch kind differs.
 */
export class ProductRange {
  readonly products: readonly SimulatedProduct[];
  readonly specialPrices: readonly SpecialPrice[];
  readonly customers: readonly KnownCustomer[];
  readonly sellableSkus: readonly string[];
  readonly inactiveSkus: readonly string[];
  private readonly bySku: ReadonlyMap<string, SimulatedProduct>;

  constructor(readonly options: ProductRangeOptions) {
    const random = new RandomSource(options.seed ^ 0x5eed_0001);
    const inactive = pickExactly(random, options.skus, options.inactiveShare);
    this.products = options.skus.map((sku, index) => product(random, sku, index, inactive.has(sku)));
    this.bySku = new Map(this.products.map((p) => [p.sku, p]));

    const active = this.products.filter((p) => p.status === 'ACTIVE');
    const special = pickExactly(random, active.map((p) => p.sku), options.specialPriceShare);
    // Not from the seed: customer "C7" is the same account in every simulator, so two simulators on
    // one stack (a test's beside the demo's) never publish conflicting versions of it.
    this.customers = Array.from({ length: options.customerCount }, (_, i) => knownCustomer(new RandomSource(0xc057_0000 + i), String(i + 1), options.erpCustomerIdOf));
    this.specialPrices = active.filter((p) => special.has(p.sku)).map((p, i) => specialPrice(random, p, i, this.customers, options.now));
    this.sellableSkus = active.filter((p) => !special.has(p.sku)).map((p) => p.sku);
    this.inactiveSkus = this.products.filter((p) => p.status === 'INACTIVE').map((p) => p.sku);
    if (this.sellableSkus.length === 0) throw new Error('the product range has no sellable SKU: raise SIMULATOR_SKU_COUNT or lower the inactive and special-price shares');
  }

  get currency(): string {
    return this.options.currency;
  }

  product(sku: string): SimulatedProduct | undefined {
    return this.bySku.get(sku);
  }

  hasSku(sku: string): boolean {
    return this.bySku.has(sku);
  }

  listPrice(sku: string): Decimal {
    const found = this.bySku.get(sku);
    if (!found) throw new Error(`SKU ${sku} is not in the simulated range`);
    return found.listPrice;
  }
}

/** Exactly round(share × n) of `items` (at least one when share > 0 and there are items), chosen at random. */
function pickExactly(random: RandomSource, items: readonly string[], share: number): Set<string> {
  if (share <= 0 || items.length === 0) return new Set();
  const count = Math.min(items.length, Math.max(1, Math.round(items.length * share)));
  const shuffled = [...items];
  for (let i = 0; i < count; i++) {
    const j = random.int(i, shuffled.length - 1);
    [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
  }
  return new Set(shuffled.slice(0, count));
}

function product(random: RandomSource, sku: string, index: number, inactive: boolean): SimulatedProduct {
  const category = CATEGORIES[index % CATEGORIES.length];
  const listPrice = new Decimal(random.int(500, 50_000)).div(100);
  return {
    sku,
    status: inactive ? 'INACTIVE' : 'ACTIVE',
    name: `${category.noun} ${sku}`,
    category: category.code,
    unitOfMeasure: category.unit,
    cost: listPrice.mul(random.int(50, 80)).div(100).toDecimalPlaces(2),
    supplierId: `SUP-${String(random.int(1, 40)).padStart(4, '0')}`,
    glAccount: category.gl,
    listPrice,
  };
}

function knownCustomer(random: RandomSource, storefrontId: string, erpCustomerIdOf: (id: string) => string): KnownCustomer {
  const company = `${random.pick(COMPANY_WORDS)} ${random.pick(COMPANY_KINDS)} ${storefrontId}`;
  const contactName = `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`;
  const billingAddress = randomPostalAddress(random);
  return {
    storefrontId,
    erpId: erpCustomerIdOf(storefrontId),
    name: company,
    contactName,
    email: `purchasing@customer-${storefrontId}.example.com`,
    phone: `+1555${String(random.int(0, 9_999_999)).padStart(7, '0')}`,
    taxId: taxIdFor(billingAddress.countryCode, random),
    billingAddress,
    creditLimit: new Decimal(random.pick([5_000, 10_000, 25_000, 50_000])),
    paymentTerms: random.pick(['NET30', 'NET45', 'NET60']),
  };
}

/** A tax id in the shape of the country: a US EIN, or an EU VAT number. */
export function taxIdFor(countryCode: string, random: RandomSource): string {
  const digits = (n: number) => String(random.int(0, 10 ** n - 1)).padStart(n, '0');
  return countryCode === 'US' ? `${digits(2)}-${digits(7)}` : `${countryCode}${digits(9)}`;
}

/**
 * One special price per special SKU, rotating through the kinds: a webshop PROMO (mostly running,
 * some expired or not yet started), a CONTRACT price for one known customer, a VOLUME_TIER price
 * from 10 or 50 units.
 */
function specialPrice(random: RandomSource, p: SimulatedProduct, index: number, customers: readonly KnownCustomer[], now: Date): SpecialPrice {
  const days = (n: number) => new Date(now.getTime() + n * 86_400_000);
  const off = (percent: number) => p.listPrice.mul(100 - percent).div(100).toDecimalPlaces(2);
  const noScope: PriceScope = { channel: null, region: null, customerId: null, minQuantity: null };
  switch (index % 3) {
    case 0: {
      const window = random.pick([
        { validFrom: days(-1), validTo: days(30) },
        { validFrom: days(-30), validTo: days(-2) },
        { validFrom: days(7), validTo: days(21) },
      ]);
      return { sku: p.sku, priceType: 'PROMO', amount: off(15), scope: { ...noScope, channel: 'webshop' }, ...window };
    }
    case 1: {
      const customer = customers.length > 0 ? random.pick(customers) : undefined;
      return {
        sku: p.sku,
        priceType: 'CONTRACT',
        amount: off(10),
        scope: { ...noScope, customerId: customer ? customerIdForContract(customer.erpId) : uuidFromName('simulator-contract-customer') },
        validFrom: days(-90),
        validTo: days(275),
      };
    }
    default:
      return { sku: p.sku, priceType: 'VOLUME_TIER', amount: off(random.pick([5, 10])), scope: { ...noScope, minQuantity: random.pick([10, 50]) }, validFrom: null, validTo: null };
  }
}

/**
 * The customer id a CONTRACT price's scope names. The simulator cannot know the canonical ids the
 * customers service assigns, so it names a stable UUID derived from the ERP id; a contract price
 * therefore applies only where canonical ids are derived the same way.
 */
export function customerIdForContract(erpCustomerId: string): string {
  return uuidFromName(`ERP:${erpCustomerId}`);
}

/** A UUID (version 5 layout) derived from `name`: the same name, the same id. */
export function uuidFromName(name: string): string {
  const bytes = createHash('sha1').update(name).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
