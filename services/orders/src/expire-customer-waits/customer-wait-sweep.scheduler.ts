import { Inject, Injectable } from '@nestjs/common';
import { PeriodicSweepScheduler } from '@concord/service-runtime';
import { ORDERS_CONFIG, type OrdersConfig } from '../config/orders.config';
import { ExpireCustomerWaits } from './expire-customer-waits.service';

/**
 * Runs the customer-wait sweep every ORDERS_CUSTOMER_WAIT_SWEEP_INTERVAL_MS, one sweep at a time,
 * from start-up until shutdown, which waits for the sweep in progress before the database closes.
 */
@Injectable()
export class CustomerWaitSweepScheduler extends PeriodicSweepScheduler {
  constructor(expireCustomerWaits: ExpireCustomerWaits, @Inject(ORDERS_CONFIG) config: OrdersConfig) {
    super({
      name: 'customer wait sweep',
      intervalMs: config.ORDERS_CUSTOMER_WAIT_SWEEP_INTERVAL_MS,
      sweep: (stopping) => expireCustomerWaits.sweep(stopping),
      describe: (held) => `customer wait sweep held ${held} order(s) whose new customer was not created in time`,
    });
  }
}
