/**
 * How many records a feed of `ratePerSecond` owes at each tick of its timer: a token bucket that
 * carries fractions over (20/s with a 100 ms tick is 2 a tick; 3/s is 0, 0, 0, 1, 0, 0, 1, ...).
 * A stalled tick (a slow broker, a busy event loop) is made up for by at most one second's worth,
 * so the feed never bursts far above its rate.
 */
export class FeedPacer {
  private credit = 0;
  private last: number;

  constructor(
    private rate: number,
    now: number,
  ) {
    this.last = now;
  }

  get ratePerSecond(): number {
    return this.rate;
  }

  /** Changes the rate from now on; what the old rate owed is forgotten. */
  setRate(ratePerSecond: number, now: number): void {
    this.rate = ratePerSecond;
    this.credit = 0;
    this.last = now;
  }

  /** The whole records due at `now` (milliseconds); they count as sent. */
  due(now: number): number {
    const elapsed = Math.max(0, now - this.last);
    this.last = now;
    this.credit = Math.min(this.credit + (this.rate * elapsed) / 1000, Math.max(1, this.rate));
    // The epsilon keeps binary fractions (0.3 + 0.3 + ...) from losing a record to rounding.
    const whole = Math.floor(this.credit + 1e-9);
    this.credit -= whole;
    return whole;
  }
}
