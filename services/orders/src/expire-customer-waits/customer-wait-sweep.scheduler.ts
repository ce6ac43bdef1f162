import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { ORDERS_CONFIG, type OrdersConfig } from '../config/orders.config';
import { ExpireCustomerWaits } from './expire-customer-waits.service';

/**
 * Runs the customer-wait sweep every ORDERS_CUSTOMER_WAIT_SWEEP_INTERVAL_MS, one sweep at a time,
 * from start-up until shutdown, which waits for the sweep in progress before the database closes.
 */
@Injectable()
export class CustomerWaitSweepScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(CustomerWaitSweepScheduler.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopping = false;

  constructor(
    private readonly expireCustomerWaits: ExpireCustomerWaits,
    @Inject(ORDERS_CONFIG) private readonly config: OrdersConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.tick(), this.config.ORDERS_CUSTOMER_WAIT_SWEEP_INTERVAL_MS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private tick(): void {
    if (this.running !== undefined || this.stopping) return; // the previous sweep is still at work
    this.running = this.expireCustomerWaits
      .sweep(() => this.stopping)
      .then((held) => {
        if (held > 0) this.logger.log(`customer wait sweep held ${held} order(s) whose new customer was not created in time`);
      })
      .catch((error: unknown) => {
        // A database outage: the next tick tries again.
        this.logger.error(`customer wait sweep failed: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => {
        this.running = undefined;
      });
  }
}
