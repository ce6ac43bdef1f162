/** How a SendLoop paces itself. */
export interface SendLoopOptions {
  /** The time from one run's start to the next while runs succeed. */
  intervalMs: number;
  /** The longest wait after failed runs (the wait doubles with each failure from `intervalMs`). */
  maxRetryDelayMs: number;
  /** Told of each failed run, with the number of failures in a row. */
  onFailure: (error: unknown, attempt: number) => void;
}

/**
 * Runs `work` on a timer, one run at a time, until stopped: every `intervalMs` while it succeeds,
 * backing off while it fails (a broker or database outage), so a simulated system keeps its pace
 * and never piles up runs. `stop` waits for the run in progress.
 */
export class SendLoop {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  private failures = 0;

  constructor(
    private readonly work: () => Promise<void>,
    private readonly options: SendLoopOptions,
  ) {}

  start(delayMs = 0): void {
    this.stopped = false;
    this.schedule(delayMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.run().finally(() => (this.running = undefined));
    }, delayMs);
  }

  private async run(): Promise<void> {
    const started = Date.now();
    try {
      await this.work();
      this.failures = 0;
    } catch (error) {
      this.failures++;
      this.options.onFailure(error, this.failures);
    }
    const { intervalMs, maxRetryDelayMs } = this.options;
    this.schedule(this.failures > 0 ? Math.min(maxRetryDelayMs, intervalMs * 2 ** this.failures) : Math.max(0, intervalMs - (Date.now() - started)));
  }
}
