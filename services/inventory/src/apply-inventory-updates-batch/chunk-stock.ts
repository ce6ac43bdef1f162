import type { StockLevel } from '../domain/stock-level';

/** The chunk's stock rows as they stand after the records decided so far, and which of them changed. */
export class ChunkStock {
  private readonly bySku = new Map<string, Map<string, StockLevel>>();
  private readonly changedRows = new Set<StockLevel>();

  constructor(levels: readonly StockLevel[]) {
    for (const level of levels) this.locationsOf(level.sku).set(level.locationId, level);
  }

  at(sku: string, locationId: string): StockLevel | undefined {
    return this.bySku.get(sku)?.get(locationId);
  }

  ofSku(sku: string): StockLevel[] {
    return [...this.locationsOf(sku).values()];
  }

  apply(level: StockLevel): void {
    const locations = this.locationsOf(level.sku);
    const previous = locations.get(level.locationId);
    if (previous !== undefined) this.changedRows.delete(previous);
    locations.set(level.locationId, level);
    this.changedRows.add(level);
  }

  changed(): StockLevel[] {
    return [...this.changedRows];
  }

  private locationsOf(sku: string): Map<string, StockLevel> {
    let locations = this.bySku.get(sku);
    if (locations === undefined) {
      locations = new Map();
      this.bySku.set(sku, locations);
    }
    return locations;
  }
}
