import type { PriceType, PricingModel, SystemId } from './charter.vocabulary';

/** Who owns each price type. */
export type PriceTypeOwnership = Readonly<Record<PriceType, SystemId>>;

/**
 * The three ready pricing models, each a complete preset of price-type ownership. Cost always
 * stays with the ERP (it is product master data) and contract prices with the CRM (sales agree
 * them per customer); the models differ in who sets selling prices.
 */
export const PRICING_MODEL_PRESETS: Readonly<Record<PricingModel, PriceTypeOwnership>> = {
  // ERP owns list price and cost; the PIM enriches content but does not price.
  ERP_LED: {
    LIST: 'ERP',
    COST: 'ERP',
    CHANNEL: 'ERP',
    PROMO: 'ERP',
    CONTRACT: 'CRM',
    VOLUME_TIER: 'ERP',
    REGIONAL: 'ERP',
  },
  // The PIM manages selling prices (frequent changes); the ERP reads them for invoicing.
  PIM_LED: {
    LIST: 'PIM',
    COST: 'ERP',
    CHANNEL: 'PIM',
    PROMO: 'PIM',
    CONTRACT: 'CRM',
    VOLUME_TIER: 'PIM',
    REGIONAL: 'PIM',
  },
  // ERP owns cost, list and structural prices; the PIM owns channel and promotional prices.
  HYBRID: {
    LIST: 'ERP',
    COST: 'ERP',
    CHANNEL: 'PIM',
    PROMO: 'PIM',
    CONTRACT: 'CRM',
    VOLUME_TIER: 'ERP',
    REGIONAL: 'ERP',
  },
};

/** The price-type ownership of a pricing model with the charter's explicit overrides applied. */
export function priceTypeOwnership(
  model: PricingModel,
  overrides: Partial<Record<PriceType, SystemId>>,
): PriceTypeOwnership {
  return { ...PRICING_MODEL_PRESETS[model], ...overrides };
}
