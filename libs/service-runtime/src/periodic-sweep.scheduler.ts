import { Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';

/** A sweep a service runs on a timer, and how it is logged. */
export interface PeriodicSweep {
  /** What the log calls it ('staleness sweep'). */
  readonly name: string;
  readonly intervalMs: number;
  /** One sweep; it stops early once `stopping()` is true. Resolves with how many items it handled. */
  sweep(stopping: () => boolean): Promise<number>;
  /** The log line of a sweep that handled `count` (> 0) items. */
  describe(count: number): string;
}

/**
 * Runs a sweep every `intervalMs`, one sweep at a time, from start-up (once the backbone has
 * registered the schemas it publishes with) until shutdown, which waits for the sweep in progress
 * before the database closes. A failed sweep (a database outage) is logged; the next tick tries
 * again. Extend it with an @Injectable() class that passes the sweep to `super`.
 */
export abstract class PeriodicSweepScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(this.constructor.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopping = false;

  protected constructor(private readonly periodic: PeriodicSweep) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.tick(), this.periodic.intervalMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private tick(): void {
    if (this.running !== undefined || this.stopping) return; // the previous sweep is still at work
    this.running = this.periodic
      .sweep(() => this.stopping)
      .then((count) => {
        if (count > 0) this.logger.log(this.periodic.describe(count));
      })
      .catch((error: unknown) => {
        // A database outage: the next tick tries again.
        this.logger.error(`${this.periodic.name} failed: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => {
        this.running = undefined;
      });
  }
}
