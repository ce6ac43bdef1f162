/** Where the benchmark's orders stand, as far as the OrderAccepted read back tell. */
export interface AcceptanceSettlement {
  /** Orders with an OrderAccepted carrying the order id the measured service gave them. */
  accepted: number;
  /** Their latencies (arrival − production, ms), in the order they were expected. */
  latencies: number[];
  /** When the last of those arrived (ms since the epoch); undefined when none did. */
  lastArrivedAt?: number;
  /**
   * OrderAccepted for the benchmark's external order ids with another order id: another orders
   * service on the shared stack consumed the benchmark's OrderPlaced too. Never counted as accepted.
   */
  foreign: number;
  /** The orders still without their OrderAccepted, with when they were produced. */
  pending: Array<{ externalOrderId: string; producedAt: number }>;
}

/**
 * Matches the benchmark's orders to the OrderAccepted that arrive for them, by external order id.
 * An OrderAccepted counts only when its order id is the one the measured service stored for that
 * external id (`settle` is told which): other orders services reading the same shared topics accept
 * the same orders under order ids of their own. A re-delivered OrderAccepted counts once, at its
 * first arrival.
 */
export class AcceptanceMatcher {
  private readonly producedAt = new Map<string, number>();
  private readonly arrivals = new Map<string, Array<{ orderId: string; arrivedAt: number }>>();

  expect(externalOrderId: string, producedAt: number): void {
    if (this.producedAt.has(externalOrderId)) throw new Error(`order ${externalOrderId} is expected twice: external order ids must be unique`);
    this.producedAt.set(externalOrderId, producedAt);
  }

  /** An OrderAccepted arrived at `arrivedAt`; returns whether it is for one of the expected orders. */
  observe(externalOrderId: string, orderId: string, arrivedAt: number): boolean {
    if (!this.producedAt.has(externalOrderId)) return false;
    const seen = this.arrivals.get(externalOrderId) ?? [];
    if (!seen.some((arrival) => arrival.orderId === orderId)) seen.push({ orderId, arrivedAt });
    this.arrivals.set(externalOrderId, seen);
    return true;
  }

  /** Orders expected so far. */
  get expected(): number {
    return this.producedAt.size;
  }

  /** Expected orders with at least one OrderAccepted, whichever service sent it. */
  get answered(): number {
    return this.arrivals.size;
  }

  /** External ids with an OrderAccepted whose owner `settle` has yet to be told. */
  answeredIds(): string[] {
    return [...this.arrivals.keys()];
  }

  /** The orders as they stand, `ownOrderId` giving the order id the measured service stored per external id. */
  settle(ownOrderId: (externalOrderId: string) => string | undefined): AcceptanceSettlement {
    const settlement: AcceptanceSettlement = { accepted: 0, latencies: [], foreign: 0, pending: [] };
    for (const [externalOrderId, producedAt] of this.producedAt) {
      const own = ownOrderId(externalOrderId);
      const arrivals = this.arrivals.get(externalOrderId) ?? [];
      const mine = own === undefined ? undefined : arrivals.find((arrival) => arrival.orderId === own);
      settlement.foreign += arrivals.filter((arrival) => arrival !== mine).length;
      if (mine === undefined) {
        settlement.pending.push({ externalOrderId, producedAt });
        continue;
      }
      settlement.accepted++;
      settlement.latencies.push(mine.arrivedAt - producedAt);
      settlement.lastArrivedAt = Math.max(settlement.lastArrivedAt ?? mine.arrivedAt, mine.arrivedAt);
    }
    return settlement;
  }
}
