import type { InventoryAdjustmentReason, InventoryUpdated } from '@concord/contracts';
import { RandomSource } from '../random-source';

/** Kinds of bad record the simulated WMS sends, each caught at a different stage downstream. */
export type BadInventoryRecord =
  | { badKind: 'garbage-text'; sku: string; text: string } // not Avro at all: dead-lettered at decode
  | { badKind: 'negative-snapshot'; event: InventoryUpdated } // decodes, breaks a rule: validate
  | { badKind: 'blank-location'; event: InventoryUpdated }; // decodes, breaks a rule: validate

export type SimulatedInventoryRecord = { event: InventoryUpdated } | { bad: BadInventoryRecord };

export interface WarehouseSimulationOptions {
  skus: readonly string[];
  locations: readonly string[];
  seed: number;
  /** Share of records that are bad, 0..1. */
  badRecordShare: number;
  /** Share of WMS movements the ERP books differently (perpetual vs physical drift), 0..1. */
  erpDriftShare?: number;
  /**
   * Where source sequences start (default 0, so the first is 1). A real WMS never restarts its
   * sequences; a simulator started later must continue above what it sent before, or Concord
   * would rightly ignore everything as stale — the service starts them from the clock.
   */
  sequenceStart?: number;
}

interface Movement {
  reason: InventoryAdjustmentReason;
  delta: number;
}

/**
 * The physical truth of a warehouse network and the two systems that report it: the WMS (every
 * movement as it happens, and counts on request) and the ERP (the same movements booked into
 * perpetual inventory, now and then differently — the drift reconciliation must find).
 */
export class WarehouseSimulation {
  private readonly random: RandomSource;
  private readonly physical = new Map<string, number>(); // `${sku}|${location}` -> units on the shelf
  private readonly perpetual = new Map<string, number>(); // the ERP's book
  private readonly sequences = new Map<string, number>(); // `${system}|${sku}|${location}` -> last sequence
  private readonly skuSet: ReadonlySet<string>;
  private readonly reported = new Set<string>(); // `${sku}|${location}` the WMS has counted at least once

  constructor(private readonly options: WarehouseSimulationOptions) {
    this.random = new RandomSource(options.seed);
    this.skuSet = new Set(options.skus);
    for (const sku of options.skus) {
      for (const location of options.locations) {
        const units = this.random.int(0, 200);
        this.physical.set(`${sku}|${location}`, units);
        this.perpetual.set(`${sku}|${location}`, units);
      }
    }
  }

  /** Units physically on the shelf, as the simulation knows them. */
  onHand(sku: string, location: string): number {
    return this.physical.get(`${sku}|${location}`) ?? 0;
  }

  /** The next thing the WMS reports: a movement, now and then a cycle count, or a bad record. */
  nextWmsRecord(now: Date): SimulatedInventoryRecord {
    const sku = this.random.pick(this.options.skus);
    const location = this.random.pick(this.options.locations);
    if (this.random.chance(this.options.badRecordShare)) return { bad: this.badRecord(sku, location, now) };
    // A SKU and location is counted before its first movement: the opening balance.
    if (!this.reported.has(`${sku}|${location}`) || this.random.chance(0.05)) return { event: this.count('WMS', sku, location, now) };
    const movement = this.nextMovement(this.onHand(sku, location));
    this.physical.set(`${sku}|${location}`, this.onHand(sku, location) + movement.delta);
    return { event: this.adjustment('WMS', sku, location, movement, now) };
  }

  /**
   * The ERP's perpetual booking of a movement the WMS reported, sometimes off by a few units — but
   * always in the movement's direction (a pick stays a withdrawal, a receipt an addition), as
   * InventoryUpdated's sign rules demand. The ERP's book never goes below zero.
   */
  erpBookingOf(wmsEvent: InventoryUpdated, now: Date): InventoryUpdated {
    const key = `${wmsEvent.sku}|${wmsEvent.locationId}`;
    if (wmsEvent.kind === 'SNAPSHOT') {
      return this.count('ERP', wmsEvent.sku, wmsEvent.locationId, now, this.perpetual.get(key) ?? 0);
    }
    const drift = this.random.chance(this.options.erpDriftShare ?? 0.02) ? this.random.int(-3, 3) : 0;
    const delta = Math.sign(wmsEvent.quantity) * Math.max(1, Math.abs(wmsEvent.quantity) + drift);
    this.perpetual.set(key, Math.max(0, (this.perpetual.get(key) ?? 0) + delta));
    return this.adjustment('ERP', wmsEvent.sku, wmsEvent.locationId, { reason: wmsEvent.adjustmentReason ?? 'UNKNOWN', delta }, now);
  }

  /** Fresh counts for a snapshot request: one location, or every location of the SKU. */
  countsFor(sku: string, location: string | null, now: Date): InventoryUpdated[] {
    const locations = location ? [location] : this.options.locations;
    return locations.map((loc) => this.count('WMS', sku, loc, now));
  }

  /** The ERP's book balance for a snapshot request: perpetual, not physical, stock. */
  perpetualCountsFor(sku: string, location: string | null, now: Date): InventoryUpdated[] {
    const locations = location ? [location] : this.options.locations;
    return locations.map((loc) => this.count('ERP', sku, loc, now, this.perpetual.get(`${sku}|${loc}`) ?? 0));
  }

  /** Whether the simulated warehouses stock this SKU at all. */
  stocks(sku: string): boolean {
    return this.skuSet.has(sku);
  }

  /** Whether `location` is one of the simulated warehouses. */
  hasLocation(location: string): boolean {
    return this.options.locations.includes(location);
  }

  private nextMovement(onHand: number): Movement {
    const roll = this.random.next();
    if (onHand < 20 || roll < 0.15) return { reason: 'RECEIPT', delta: this.random.int(20, 120) };
    if (roll < 0.85) return { reason: 'PICK', delta: -Math.min(onHand, this.random.int(1, 5)) };
    if (roll < 0.93) return { reason: 'RETURN', delta: this.random.int(1, 2) };
    if (roll < 0.97) return { reason: 'SHRINKAGE', delta: -Math.min(onHand, 1) };
    return { reason: 'DAMAGE', delta: -Math.min(onHand, this.random.int(1, 2)) };
  }

  private count(system: 'WMS' | 'ERP', sku: string, location: string, now: Date, quantity = this.onHand(sku, location)): InventoryUpdated {
    if (system === 'WMS') this.reported.add(`${sku}|${location}`);
    return {
      sourceSystem: system,
      sku,
      locationId: location,
      kind: 'SNAPSHOT',
      adjustmentReason: null,
      quantity,
      sourceSequence: this.nextSequence(system, sku, location),
      occurredAt: now,
      reference: `${system}-COUNT-${sku}-${location}`,
    };
  }

  private adjustment(system: 'WMS' | 'ERP', sku: string, location: string, movement: Movement, now: Date): InventoryUpdated {
    const sequence = this.nextSequence(system, sku, location);
    return {
      sourceSystem: system,
      sku,
      locationId: location,
      kind: 'ADJUSTMENT',
      adjustmentReason: movement.reason,
      quantity: movement.delta,
      sourceSequence: sequence,
      occurredAt: now,
      reference: `${system}-${movement.reason}-${sequence}`,
    };
  }

  private badRecord(sku: string, location: string, now: Date): BadInventoryRecord {
    const kind = this.random.int(0, 2);
    if (kind === 0) return { badKind: 'garbage-text', sku, text: JSON.stringify({ sku, location, qty: '12 pcs' }) };
    const event = this.count('WMS', sku, location, now);
    if (kind === 1) return { badKind: 'negative-snapshot', event: { ...event, quantity: -this.random.int(1, 50) } };
    return { badKind: 'blank-location', event: { ...event, locationId: ' ' } };
  }

  private nextSequence(system: string, sku: string, location: string): number {
    const key = `${system}|${sku}|${location}`;
    const next = (this.sequences.get(key) ?? this.options.sequenceStart ?? 0) + 1;
    this.sequences.set(key, next);
    return next;
  }
}
