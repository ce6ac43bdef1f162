import { randomUUID } from 'node:crypto';
import type { CustomerUpserted, PriceChanged, PriceType, ProductChanged, SourceSystem } from '@concord/contracts';
import type { ProductRange } from './product-range';

/** What the stand-ins stamp on what they publish. */
export interface ReferenceDataStamp {
  /** When the round of publications is made. */
  now: Date;
  /** The charter version the stand-ins claim their decisions were made under. */
  charterVersion: string;
  /**
   * ProductChanged version of this round: above every earlier round's, also across restarts (the
   * service takes it from the clock), so consumers apply a refresh instead of ignoring it.
   */
  version: number;
  /** The system owning each price type (the charter's pricing model). */
  priceTypeOwner: (priceType: Exclude<PriceType, 'UNKNOWN'>) => SourceSystem;
  /** False for the start-up round: prices are new price points (previousAmount null); true for refreshes. */
  refresh: boolean;
}

/**
 * Every SKU as the catalog service would publish it: ERP master data merged with PIM enrichment,
 * complete, ACTIVE and publishable to the webshop — or INACTIVE and publishable nowhere.
 */
export function productChangedEvents(range: ProductRange, stamp: ReferenceDataStamp): ProductChanged[] {
  return range.products.map((p) => ({
    sku: p.sku,
    status: p.status,
    name: p.name,
    category: p.category,
    unitOfMeasure: p.unitOfMeasure,
    costAmount: p.cost,
    currency: range.currency,
    supplierId: p.supplierId,
    glAccount: p.glAccount,
    title: p.name,
    description: `${p.name}, ${p.category.toLowerCase()} from the simulated range.`,
    images: [{ url: `https://images.example.com/${encodeURIComponent(p.sku)}/main.jpg`, altText: p.name, position: 1 }],
    channelAttributes: [{ channel: 'webshop', attributes: { shipping: 'standard' } }],
    completeness: {
      erpComplete: true,
      missingErpFields: [],
      pimComplete: true,
      missingPimFields: [],
      publishableChannels: p.status === 'ACTIVE' ? ['webshop'] : [],
    },
    version: stamp.version,
    changedAt: stamp.now,
    charterVersion: stamp.charterVersion,
  }));
}

/**
 * Every price as the pricing service would publish it: a LIST price per SKU, and the special prices
 * (PROMO, CONTRACT, VOLUME_TIER) with their scopes and validity. A refresh republishes the same
 * amounts, each replacing itself (previousAmount = amount): nothing changes price while orders are
 * in flight, so a shown LIST price stays the governed price.
 */
export function priceChangedEvents(range: ProductRange, stamp: ReferenceDataStamp): PriceChanged[] {
  const noScope = { channel: null, region: null, customerId: null, minQuantity: null };
  const prices = [
    ...range.products.map((p) => ({ sku: p.sku, priceType: 'LIST' as const, amount: p.listPrice, scope: noScope, validFrom: null, validTo: null, cost: p.cost })),
    ...range.specialPrices.map((s) => ({ ...s, cost: range.product(s.sku)?.cost })),
  ];
  return prices.map(({ cost, ...price }) => ({
    priceChangeId: randomUUID(),
    ...price,
    previousAmount: stamp.refresh ? price.amount : null,
    currency: range.currency,
    sourceSystem: stamp.priceTypeOwner(price.priceType),
    changedBy: 'simulator/pricing-standin',
    approvedBy: null,
    belowCost: cost !== undefined && price.amount.lessThan(cost),
    changedAt: stamp.now,
    charterVersion: stamp.charterVersion,
  }));
}

/** The customers the simulated ERP knows, as its connector sends them: "C1", "C2", … with their account data. */
export function knownCustomerUpserts(range: ProductRange, now: Date): CustomerUpserted[] {
  return range.customers.map((c) => ({
    sourceSystem: 'ERP',
    externalId: c.erpId,
    customerId: null,
    syncRequestId: null,
    name: c.name,
    contacts: [{ name: c.contactName, email: c.email, phone: c.phone, role: 'purchasing', primary: true }],
    billingAddress: c.billingAddress,
    taxId: c.taxId,
    creditLimitAmount: c.creditLimit,
    openReceivablesAmount: null,
    currency: range.currency,
    paymentTerms: c.paymentTerms,
    parentExternalId: null,
    accountStatus: 'ACTIVE',
    updatedAt: now,
  }));
}
