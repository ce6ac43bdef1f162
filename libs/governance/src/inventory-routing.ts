/** A warehouse location stock can ship from. */
export interface StockLocation {
  readonly id: string;
  readonly name?: string;
  readonly region: string;
  /** 1 is tried first. */
  readonly priority: number;
}

/** Where reservations look for stock, and whether one order may ship from several locations. */
export class InventoryRouting {
  /** Every location, by priority (1 first). */
  readonly locations: readonly StockLocation[];

  constructor(
    locations: readonly StockLocation[],
    /** Whether an order may be reserved across several locations when none can ship it whole. */
    readonly allowSplitShipments: boolean,
  ) {
    this.locations = Object.freeze([...locations].sort((a, b) => a.priority - b.priority));
    Object.freeze(this);
  }

  /**
   * The order in which to try locations for a shipment to `region`: locations in that region
   * first, then the rest, each group by priority. Without a region, by priority alone.
   */
  locationsInRoutingOrder(region?: string): readonly StockLocation[] {
    if (region === undefined) return this.locations;
    return [
      ...this.locations.filter((location) => location.region === region),
      ...this.locations.filter((location) => location.region !== region),
    ];
  }
}
