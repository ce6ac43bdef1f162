/**
 * Matches latency probes to the InventoryAvailabilityChanged they cause. Each SKU gets counts of
 * 1, 2, 3, ... units at one location; an availability event showing n on hand there settles every
 * probe of that SKU up to n (a service may fold several updates of one SKU into one event), each
 * with the time from its production to that event's arrival.
 */
export class AvailabilityMatcher {
  private readonly pending = new Map<string, { quantity: number; producedAt: number }[]>();
  private expected = 0;
  private readonly latencies: number[] = [];

  expect(sku: string, quantity: number, producedAt: number): void {
    const queue = this.pending.get(sku) ?? [];
    queue.push({ quantity, producedAt });
    this.pending.set(sku, queue);
    this.expected++;
  }

  /** An availability event arrived at `arrivedAt` showing `onHand` for the SKU's probe location. */
  observe(sku: string, onHand: number, arrivedAt: number): void {
    const queue = this.pending.get(sku);
    if (!queue) return;
    while (queue.length > 0 && queue[0].quantity <= onHand) this.latencies.push(arrivedAt - queue.shift()!.producedAt);
  }

  /**
   * What is known of the probes still unmatched at `now`: each has waited at least its age, which
   * stands in for its latency as a lower bound.
   */
  unmatchedAges(now: number): number[] {
    return [...this.pending.values()].flatMap((queue) => queue.map(({ producedAt }) => now - producedAt));
  }

  get matched(): readonly number[] {
    return this.latencies;
  }

  get unmatched(): number {
    return this.expected - this.latencies.length;
  }
}
