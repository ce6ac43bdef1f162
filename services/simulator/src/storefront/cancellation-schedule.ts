import type { OrderKind } from './order-generator';

export interface ScheduledCancellation {
  dueAt: number;
  externalOrderId: string;
  reason: string;
  /** The kind of the order it cancels, for the counts. */
  kind: OrderKind;
}

/**
 * The cancellations the storefront owes, each due some time after its order was sent. Kept in
 * memory, in due order: the storefront is a source system, and what it has not sent yet is its
 * own business (on shutdown the rest is sent at once).
 */
export class CancellationSchedule {
  private queue: ScheduledCancellation[] = [];

  get pending(): number {
    return this.queue.length;
  }

  add(cancellation: ScheduledCancellation): void {
    // Binary search for the first entry due later: equal due times keep their insertion order.
    let low = 0;
    let high = this.queue.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.queue[mid].dueAt <= cancellation.dueAt) low = mid + 1;
      else high = mid;
    }
    this.queue.splice(low, 0, cancellation);
  }

  /** The cancellations due at `now` (milliseconds), removed from the schedule, earliest first. */
  takeDue(now: number): ScheduledCancellation[] {
    let count = 0;
    while (count < this.queue.length && this.queue[count].dueAt <= now) count++;
    return this.queue.splice(0, count);
  }

  /** Everything still scheduled, removed. */
  takeAll(): ScheduledCancellation[] {
    return this.queue.splice(0, this.queue.length);
  }

}
