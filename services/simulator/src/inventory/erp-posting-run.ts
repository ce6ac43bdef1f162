import type { InventoryUpdated } from '@concord/contracts';

/**
 * The simulated ERP does not book stock movements as they happen: it collects the WMS's movements
 * and posts them in a posting run every `intervalMs` (as an ERP's batch job does), so its stream
 * arrives later than the WMS's and in bursts. Every movement is booked exactly once; only the
 * booking is delayed. A queue beyond `capacity` (a run that cannot keep up) drops the newest
 * bookings and counts them.
 */
export class ErpPostingRun {
  private booked: InventoryUpdated[] = [];
  private nextRunAt: number;
  private droppedCount = 0;

  constructor(
    private readonly intervalMs: number,
    now: number,
    private readonly capacity = 100_000,
  ) {
    this.nextRunAt = now + intervalMs;
  }

  /** Bookings waiting for the next run. */
  get pending(): number {
    return this.booked.length;
  }

  /** Bookings lost because the queue was full. */
  get dropped(): number {
    return this.droppedCount;
  }

  book(booking: InventoryUpdated): void {
    if (this.booked.length >= this.capacity) this.droppedCount++;
    else this.booked.push(booking);
  }

  /** The bookings to post at `now`: everything booked since the last run, once a run is due. */
  postDue(now: number): InventoryUpdated[] {
    if (now < this.nextRunAt) return [];
    // Runs keep their rhythm; only a run missed altogether re-anchors it.
    this.nextRunAt += this.intervalMs;
    if (this.nextRunAt <= now) this.nextRunAt = now + this.intervalMs;
    return this.takeAll();
  }

  /** Everything still booked, posted now (at shutdown). */
  takeAll(): InventoryUpdated[] {
    const posted = this.booked;
    this.booked = [];
    return posted;
  }
}
