// The fixed words a charter is written in. A charter chooses owners, thresholds and targets;
// it cannot invent systems, domains or fields the services do not know about, so a typo in any
// of them is a validation error instead of a rule that silently never applies.

/** The source systems Concord integrates. */
export const SYSTEMS = ['ERP', 'PIM', 'CRM', 'WMS', 'ECOMMERCE'] as const;
/** A source system Concord integrates. */
export type SystemId = (typeof SYSTEMS)[number];

/** The price types a PriceUpdated event can carry. */
export const PRICE_TYPES = ['LIST', 'COST', 'CHANNEL', 'PROMO', 'CONTRACT', 'VOLUME_TIER', 'REGIONAL'] as const;
/** A price type; each has exactly one owning system. */
export type PriceType = (typeof PRICE_TYPES)[number];

/** The ready pricing models; each is a preset of price-type ownership. */
export const PRICING_MODELS = ['ERP_LED', 'PIM_LED', 'HYBRID'] as const;
/** One of the ready pricing models. */
export type PricingModel = (typeof PRICING_MODELS)[number];

/**
 * Data domains owned field by field, with the fields each one holds. A field not given its own
 * owner in the charter belongs to its domain's owner.
 */
export const OWNED_DOMAIN_FIELDS = {
  product_master: ['sku', 'name', 'category', 'unit_of_measure', 'cost', 'supplier', 'gl_account', 'status'],
  product_enrichment: ['title', 'description', 'images', 'channel_attributes'],
  customer_contact: ['name', 'contacts', 'email', 'phone', 'billing_address'],
  customer_account: ['credit_limit', 'payment_terms', 'receivables', 'tax_id'],
  inventory_physical: [],
  inventory_perpetual: [],
} as const satisfies Record<string, readonly string[]>;

/** A data domain with a single owning system (and optionally per-field owners). */
export type OwnedDomain = keyof typeof OWNED_DOMAIN_FIELDS;
/** The fields of an owned data domain. */
export type DomainField<D extends OwnedDomain> = (typeof OWNED_DOMAIN_FIELDS)[D][number];
/** The owned data domains, in charter order. */
export const OWNED_DOMAINS = Object.keys(OWNED_DOMAIN_FIELDS) as OwnedDomain[];

/**
 * Every data domain an error can belong to. `pricing` is owned per price type; `order` is captured
 * by eCommerce and CRM and posted by the ERP, and is governed by order policies, not ownership.
 */
export const DATA_DOMAINS = [...OWNED_DOMAINS, 'pricing', 'order'] as const;
/** A data domain, as used for error-queue routing. */
export type DataDomain = OwnedDomain | 'pricing' | 'order';

/** Inventory velocity tiers; each has a freshness limit. */
export const VELOCITY_TIERS = ['high', 'medium', 'slow'] as const;
/** An inventory velocity tier. */
export type VelocityTier = (typeof VELOCITY_TIERS)[number];

/** Record types with quality standards. */
export const RECORD_TYPES = ['product', 'customer', 'order', 'publishable_product'] as const;
/** A record type with quality standards. */
export type RecordType = (typeof RECORD_TYPES)[number];

/** The checks beyond field presence that a record type may switch on. */
export const RECORD_CHECKS = {
  product: [],
  customer: ['valid_email', 'postal_code_matches_country'],
  order: ['lines_have_sku', 'positive_quantities', 'valid_delivery_date'],
  publishable_product: [],
} as const satisfies Record<RecordType, readonly string[]>;
/** A check beyond field presence for the given record type. */
export type RecordCheck<R extends RecordType = RecordType> = (typeof RECORD_CHECKS)[R][number];

/** What an order does when the shown price differs from the governed price. */
export const PRICE_MISMATCH_POLICIES = ['HOLD', 'ACCEPT_GOVERNED_PRICE'] as const;
/** What an order does when the shown price differs from the governed price. */
export type PriceMismatchPolicy = (typeof PRICE_MISMATCH_POLICIES)[number];

/** What an order does when stock cannot be reserved. */
export const INSUFFICIENT_STOCK_POLICIES = ['HOLD', 'BACKORDER'] as const;
/** What an order does when stock cannot be reserved. */
export type InsufficientStockPolicy = (typeof INSUFFICIENT_STOCK_POLICIES)[number];

/** The systems that may be the source of truth for sellable stock. */
export const SELLABLE_STOCK_SOURCES = ['WMS', 'ERP'] as const;
/** The source of truth for sellable stock. */
export type SellableStockSource = (typeof SELLABLE_STOCK_SOURCES)[number];
