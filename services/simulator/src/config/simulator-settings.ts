import type { SimulatorConfig } from './simulator.config';

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
  };
}
