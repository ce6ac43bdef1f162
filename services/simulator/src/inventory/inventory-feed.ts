import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import { SIMULATOR_SETTINGS, type SimulatorSettings } from '../config/simulator-settings';
import { SendLoop } from '../messaging/send-loop';
import { SourceSystemPublisher } from '../messaging/source-system-publisher';
import { SIMULATOR_LOGGER } from '../simulator-logger';
import { ErpPostingRun } from './erp-posting-run';
import { FeedPacer } from './feed-pacer';
import { toSourceRecord, type SourceRecord } from './source-records';
import { WarehouseSimulation } from './warehouse-simulation';

const TICK_MS = 100;
const MAX_RETRY_DELAY_MS = 5000;

/**
 * The running WMS and ERP: every tick, the WMS reports the records its rate owes (movements,
 * counts, bad records — as the warehouse model produces them) and the ERP books each valid WMS
 * record (the model's erpBookingOf) into its next posting run; both go out in one batch. A failed
 * send is retried, same records and ids, with backoff, before anything new is generated, so each
 * SKU and location stays in sequence order.
 */
@Injectable()
export class InventoryFeed implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly pacer: FeedPacer;
  private readonly erp: ErpPostingRun;
  private readonly loop: SendLoop;
  private unsent: SourceRecord[] = [];

  constructor(
    @Inject(SIMULATOR_SETTINGS) private readonly settings: SimulatorSettings,
    private readonly model: WarehouseSimulation,
    private readonly publisher: SourceSystemPublisher,
    @Inject(SIMULATOR_LOGGER) private readonly logger: Logger,
  ) {
    this.pacer = new FeedPacer(settings.inventoryRate, Date.now());
    this.erp = new ErpPostingRun(settings.erpPostingIntervalMs, Date.now());
    this.loop = new SendLoop(() => this.tick(), {
      intervalMs: TICK_MS,
      maxRetryDelayMs: MAX_RETRY_DELAY_MS,
      onFailure: (error, attempt) => this.logger.warn({ err: error, records: this.unsent.length, attempt }, 'inventory feed send failed; retrying'),
    });
  }

  get ratePerSecond(): number {
    return this.pacer.ratePerSecond;
  }

  get erpBookings() {
    return { postingIntervalMs: this.settings.erpPostingIntervalMs, pending: this.erp.pending, dropped: this.erp.dropped };
  }

  /** WMS records per second from now on; 0 stops new records (booked ERP postings still go out). */
  setRate(ratePerSecond: number): void {
    this.pacer.setRate(ratePerSecond, Date.now());
    this.logger.info({ ratePerSecond }, 'inventory feed rate changed');
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.publisher.prepare();
    // The rate counts from now, not from construction: start-up time is not owed as a burst.
    this.pacer.setRate(this.pacer.ratePerSecond, Date.now());
    this.loop.start();
    this.logger.info(
      { ratePerSecond: this.ratePerSecond, skus: this.settings.skus.length, locations: this.settings.locations, seed: this.settings.seed },
      'inventory feed started',
    );
  }

  /** Stops the timer, lets a send in progress finish, then posts what is still unsent or booked. */
  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
    const remaining = [...this.unsent, ...this.erpRecords(this.erp.takeAll(), new Date())];
    this.unsent = [];
    await this.publisher.send(remaining).catch((error: unknown) => {
      this.logger.warn({ err: error, records: remaining.length }, 'inventory feed stopped with records it could not send');
    });
    this.logger.info('inventory feed stopped');
  }

  /** One tick: the records due (or, after a failed send, the same records again), sent in one batch. */
  private async tick(): Promise<void> {
    if (this.unsent.length === 0) this.unsent = this.recordsDue(Date.now());
    await this.publisher.send(this.unsent);
    this.unsent = [];
  }

  private recordsDue(nowMs: number): SourceRecord[] {
    const now = new Date(nowMs);
    const records: SourceRecord[] = [];
    for (let due = this.pacer.due(nowMs); due > 0; due--) {
      const record = this.model.nextWmsRecord(now);
      records.push(toSourceRecord('WMS', record, this.publisher.encode, now));
      // Booked now, so the traffic for a seed does not depend on timing; posted in the next run.
      if ('event' in record) this.erp.book(this.model.erpBookingOf(record.event, now));
    }
    records.push(...this.erpRecords(this.erp.postDue(nowMs), now));
    return records;
  }

  private erpRecords(bookings: ReturnType<ErpPostingRun['takeAll']>, now: Date): SourceRecord[] {
    return bookings.map((event) => toSourceRecord('ERP', { event }, this.publisher.encode, now));
  }
}
