import { randomBytes } from 'node:crypto';
import type { OrderFulfilmentBehaviour } from '../erp/plan-order-fulfilment';
import type { OrderMix } from '../storefront/order-generator';
import type { SimulatorConfig } from './simulator.config';

/** What the storefront, the ERP's order side and the WMS's shipping do. */
export interface OrderFlowSettings {
  /** Orders per second at start-up; changeable at run time. */
  orderRate: number;
  mix: OrderMix;
  cancelDelayMs: { min: number; max: number };
  /** externalOrderId prefix of this run: `WEB-<run id>-`, so ids are unique per run. */
  externalOrderIdPrefix: string;
  channel: string;
  currency: string;
  customerCount: number;
  inactiveSkuShare: number;
  /** Share of active SKUs with a PROMO, CONTRACT or VOLUME_TIER price (a few). */
  specialPriceShare: number;
  referenceRefreshMs: number;
  fulfilment: OrderFulfilmentBehaviour;
  customerSyncDelayMs: { min: number; max: number };
}

/** What the simulated source systems do, resolved from the configuration and the charter. */
export interface SimulatorSettings {
  /** WMS records per second at start-up; changeable at run time. */
  inventoryRate: number;
  badRecordShare: number;
  seed: number;
  skus: readonly string[];
  locations: readonly string[];
  erpPostingIntervalMs: number;
  erpDriftShare: number;
  orders: OrderFlowSettings;
}

/** Injection token of the resolved SimulatorSettings. */
export const SIMULATOR_SETTINGS = Symbol('SIMULATOR_SETTINGS');

/** The SKU the simulated warehouses stock as number `n` (1-based): `SKU-00042`. */
export function simulatedSku(prefix: string, n: number): string {
  return `${prefix}${String(n).padStart(5, '0')}`;
}

/**
 * Resolves the settings: SKUs numbered from the prefix, and the configured locations or, by
 * default, every location the charter routes stock from (so the default traffic is charter-valid).
 */
export function simulatorSettings(config: SimulatorConfig, charterLocations: readonly string[]): SimulatorSettings {
  const locations = config.SIMULATOR_LOCATIONS ?? charterLocations;
  if (locations.length === 0) throw new Error('the simulator needs at least one location: set SIMULATOR_LOCATIONS or list locations in the charter');
  return {
    inventoryRate: config.SIMULATOR_INVENTORY_RATE,
    badRecordShare: config.SIMULATOR_BAD_RECORD_SHARE,
    seed: config.SIMULATOR_SEED,
    skus: Array.from({ length: config.SIMULATOR_SKU_COUNT }, (_, i) => simulatedSku(config.SIMULATOR_SKU_PREFIX, i + 1)),
    locations: [...new Set(locations)],
    erpPostingIntervalMs: config.SIMULATOR_ERP_POSTING_INTERVAL_MS,
    erpDriftShare: config.SIMULATOR_ERP_DRIFT_SHARE,
    orders: {
      orderRate: config.SIMULATOR_ORDER_RATE,
      mix: { badShare: config.SIMULATOR_ORDER_BAD_SHARE, newCustomerShare: config.SIMULATOR_NEW_CUSTOMER_SHARE, cancelShare: config.SIMULATOR_CANCEL_SHARE },
      cancelDelayMs: config.SIMULATOR_CANCEL_DELAY_MS,
      externalOrderIdPrefix: `WEB-${Date.now().toString(36).toUpperCase()}${randomBytes(3).toString('hex').toUpperCase()}-`,
      channel: 'webshop',
      currency: config.SIMULATOR_CURRENCY,
      customerCount: config.SIMULATOR_CUSTOMER_COUNT,
      inactiveSkuShare: config.SIMULATOR_INACTIVE_SKU_SHARE,
      specialPriceShare: 0.02,
      referenceRefreshMs: config.SIMULATOR_REFERENCE_REFRESH_MS,
      fulfilment: {
        seed: config.SIMULATOR_SEED,
        postingDelayMs: config.SIMULATOR_ERP_ORDER_DELAY_MS,
        unansweredShare: config.SIMULATOR_ERP_UNANSWERED_SHARE,
        shipShare: config.SIMULATOR_SHIP_SHARE,
        shipDelayMs: config.SIMULATOR_SHIP_DELAY_MS,
      },
      customerSyncDelayMs: config.SIMULATOR_ERP_CUSTOMER_DELAY_MS,
    },
  };
}
