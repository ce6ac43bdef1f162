import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { anInventoryUpdated, aStockReservationRequested, type InventoryUpdated, type StockReservationRequested } from '@concord/contracts';
import { DEFAULT_CHARTER_PATH, loadCharter, parseCharter, type Charter } from '@concord/governance';
import { parseDocument, type Document } from 'yaml';
import { calculateAvailability, type SkuAvailability } from '../availability';
import type { StockLevel } from '../stock-level';
import type { KnownVelocityTier } from '../velocity-tier';

// DEFAULT_CHARTER_PATH is relative to the repository root (services start there); tests may run
// from elsewhere, so resolve it from this file.
const CHARTER_FILE = join(__dirname, '..', '..', '..', '..', '..', DEFAULT_CHARTER_PATH);

/** The shipped charter: WMS is the source of truth, splits allowed, DC-EAST, DC-CENTRAL, DC-WEST, DC-EU by priority. */
export const charter: Charter = loadCharter(CHARTER_FILE);

/** The shipped charter after `edit` changed its YAML document. */
export function charterWith(edit: (document: Document) => void): Charter {
  const document = parseDocument(readFileSync(CHARTER_FILE, 'utf8'));
  edit(document);
  return parseCharter(String(document), 'variant-charter.yaml');
}

/** The shipped charter with the ERP as the source of truth for sellable stock. */
export const erpLedCharter: Charter = charterWith((document) => {
  document.setIn(['ownership', 'sellable_stock_source'], 'ERP');
  document.setIn(['version'], '2026.11.2');
});

/** The shipped charter with split shipments forbidden. */
export const noSplitCharter: Charter = charterWith((document) => {
  document.setIn(['inventory_routing', 'allow_split_shipments'], false);
  document.setIn(['version'], '2026.11.3');
});

export const NOW = new Date('2026-11-20T12:00:00.000Z');
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export function minutesAgo(minutes: number, from: Date = NOW): Date {
  return new Date(from.getTime() - minutes * MINUTE);
}

/** A stock row confirmed by the WMS one minute ago, unless overridden. */
export function aStockLevel(overrides: Partial<StockLevel> = {}): StockLevel {
  return {
    sku: 'SKU-1',
    locationId: 'DC-EAST',
    onHand: 10,
    reserved: 0,
    lastApplied: { sourceSystem: 'WMS', sourceSequence: 1, occurredAt: minutesAgo(1) },
    ...overrides,
  };
}

/** An InventoryUpdated of the WMS for SKU-1 at DC-EAST, a minute ago, unless overridden. */
export function anUpdate(overrides: Partial<InventoryUpdated> = {}): InventoryUpdated {
  return anInventoryUpdated({ sku: 'SKU-1', locationId: 'DC-EAST', occurredAt: minutesAgo(1), ...overrides });
}

export function aSnapshot(quantity: number, sourceSequence: number, overrides: Partial<InventoryUpdated> = {}): InventoryUpdated {
  return anUpdate({ kind: 'SNAPSHOT', adjustmentReason: null, quantity, sourceSequence, ...overrides });
}

export function anAdjustment(
  reason: NonNullable<InventoryUpdated['adjustmentReason']>,
  quantity: number,
  sourceSequence: number,
  overrides: Partial<InventoryUpdated> = {},
): InventoryUpdated {
  return anUpdate({ kind: 'ADJUSTMENT', adjustmentReason: reason, quantity, sourceSequence, ...overrides });
}

/** A reservation request with one line per `[sku, quantity]`, numbered from 1, no region, no back-orders, unless overridden. */
export function request(lines: ReadonlyArray<readonly [sku: string, quantity: number]>, overrides: Partial<StockReservationRequested> = {}): StockReservationRequested {
  return aStockReservationRequested({
    lines: lines.map(([sku, quantity], index) => ({ lineNumber: index + 1, sku, quantity })),
    shipToRegion: null,
    allowBackorder: false,
    requestedAt: NOW,
    ...overrides,
  });
}

/** Availability of every SKU among `levels`, as reservations see it (tier HIGH, at NOW, shipped charter unless given). */
export function availabilityOf(
  levels: readonly StockLevel[],
  options: { readonly charter?: Charter; readonly now?: Date; readonly tier?: KnownVelocityTier; readonly skus?: readonly string[] } = {},
): Map<string, SkuAvailability> {
  const skus = new Set([...(options.skus ?? []), ...levels.map((level) => level.sku)]);
  return new Map(
    [...skus].map((sku) => [
      sku,
      calculateAvailability({
        sku,
        levels: levels.filter((level) => level.sku === sku),
        velocityTier: options.tier ?? 'HIGH',
        now: options.now ?? NOW,
        charter: options.charter ?? charter,
      }),
    ]),
  );
}

/**
 * A small, seeded pseudo-random generator (mulberry32): the same seed gives the same sequence, so
 * a failing property run can be replayed.
 */
export function seededRandom(seed: number): { next(): number; int(min: number, max: number): number; pick<T>(items: readonly T[]): T } {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return { next, int, pick: (items) => items[int(0, items.length - 1)] };
}
