import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import { eventDescriptor } from '@concord/messaging';
import type { Charter } from '@concord/governance';
import { CHARTER } from '@concord/service-runtime';
import { SIMULATOR_SETTINGS, type SimulatorSettings } from '../config/simulator-settings';
import { SystemRecordPublisher, type SystemRecord } from '../messaging/system-record-publisher';
import { SIMULATOR_LOGGER } from '../simulator-logger';
import { ProductRange } from './product-range';
import { knownCustomerUpserts, priceChangedEvents, productChangedEvents, type ReferenceDataStamp } from './reference-data-events';

const RETRY_DELAY_MS = 2000;

/**
 * Publishes the reference data the orders flow needs, at start-up and on a slow refresh: every
 * SKU as ProductChanged and every price as PriceChanged — stand-ins for the catalog and pricing
 * services until those are built — and the ERP's known customers as CustomerUpserted. The
 * storefront sends no order before the first round is acknowledged (`ready`).
 */
@Injectable()
export class ReferenceDataFeed implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly products = eventDescriptor('ProductChanged');
  private readonly prices = eventDescriptor('PriceChanged');
  private readonly customers = eventDescriptor('CustomerUpserted');
  private timer?: NodeJS.Timeout;
  private roundInProgress?: Promise<void>;
  private stopped = false;
  private lastVersion = 0;
  private markReady!: () => void;
  private rounds = { published: 0, failed: 0, lastPublishedAt: null as Date | null };
  /** Resolves once the first round is acknowledged by the broker. */
  readonly ready = new Promise<void>((resolve) => (this.markReady = resolve));

  constructor(
    private readonly range: ProductRange,
    private readonly publisher: SystemRecordPublisher,
    @Inject(SIMULATOR_SETTINGS) private readonly settings: SimulatorSettings,
    @Inject(CHARTER) private readonly charter: Charter,
    @Inject(SIMULATOR_LOGGER) private readonly logger: Logger,
  ) {}

  get status() {
    return {
      products: this.range.products.length,
      inactiveSkus: this.range.inactiveSkus.length,
      sellableSkus: this.range.sellableSkus.length,
      specialPrices: this.range.specialPrices.length,
      knownCustomers: this.range.customers.length,
      refreshMs: this.settings.orders.referenceRefreshMs,
      ...this.rounds,
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.publisher.prepare(['ProductChanged', 'PriceChanged', 'CustomerUpserted']);
    this.schedule(0);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.roundInProgress;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.roundInProgress = this.publishRound();
    }, delayMs);
  }

  private async publishRound(): Promise<void> {
    const refresh = this.rounds.published > 0;
    try {
      await this.publisher.send(this.recordsOfRound(refresh));
      this.rounds.published++;
      this.rounds.lastPublishedAt = new Date();
      this.markReady();
      this.logger.info({ refresh, ...this.status }, 'reference data published');
      if (this.settings.orders.referenceRefreshMs > 0) this.schedule(this.settings.orders.referenceRefreshMs);
    } catch (error) {
      this.rounds.failed++;
      this.logger.warn({ err: error, refresh }, 'reference data could not be published; retrying');
      this.schedule(RETRY_DELAY_MS);
    }
  }

  private recordsOfRound(refresh: boolean): SystemRecord[] {
    const now = new Date();
    // Versions from the clock, so a restarted simulator's round is newer than the last one's.
    this.lastVersion = Math.max(this.lastVersion + 1, now.getTime());
    const stamp: ReferenceDataStamp = {
      now,
      charterVersion: this.charter.version,
      version: this.lastVersion,
      priceTypeOwner: (priceType) => this.charter.priceTypeOwner(priceType),
      refresh,
    };
    const record = this.publisher.record.bind(this.publisher);
    return [
      ...productChangedEvents(this.range, stamp).map((e) => record('CATALOG_STANDIN', 'product-changed', this.products, e, { time: now })),
      ...priceChangedEvents(this.range, stamp).map((e) => record('PRICING_STANDIN', 'price-changed', this.prices, e, { time: now })),
      ...knownCustomerUpserts(this.range, now).map((e) => record('ERP', 'known-customer', this.customers, e, { time: now })),
    ];
  }
}
