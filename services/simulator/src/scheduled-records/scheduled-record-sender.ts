import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { ScheduledRecordRepository, type ScheduledRecordKind } from '../database/scheduled-record.repository';
import { SystemRecordPublisher } from '../messaging/system-record-publisher';
import { SIMULATOR_LOGGER } from '../simulator-logger';
import { fromScheduledRecord } from './to-scheduled-record';

const POLL_MS = 100;
const BATCH = 500;
const MAX_RETRY_DELAY_MS = 5000;

/**
 * Sends the ERP's and WMS's scheduled records once they are due: locks a batch of due rows (SKIP
 * LOCKED, so two simulator instances never send one twice), sends it, and deletes the rows in the
 * same transaction once the broker has acknowledged them. A failed send leaves the rows for the
 * next attempt (same ids, so a record the broker did get is recognised as a duplicate downstream).
 * On shutdown it finishes the batch in hand; what is not due yet waits in the table for the next start.
 */
@Injectable()
export class ScheduledRecordSender implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  private consecutiveFailures = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly scheduled: ScheduledRecordRepository,
    private readonly publisher: SystemRecordPublisher,
    @Inject(SIMULATOR_LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.publisher.prepare(['OrderPostedToErp', 'OrderShipped', 'CustomerUpserted']);
    this.schedule(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Records waiting, by kind. */
  pending(): Promise<Record<ScheduledRecordKind, number>> {
    return this.scheduled.pendingByKind(this.dataSource.manager);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.sendDue().finally(() => (this.running = undefined));
    }, delayMs);
  }

  private async sendDue(): Promise<void> {
    try {
      // A full batch means more may be due: keep going until the table has nothing due.
      while (!this.stopped && (await this.sendBatch()) === BATCH);
      this.consecutiveFailures = 0;
    } catch (error) {
      this.consecutiveFailures++;
      this.logger.warn({ err: error, attempt: this.consecutiveFailures }, 'scheduled ERP/WMS records could not be sent; retrying');
    }
    this.schedule(this.consecutiveFailures > 0 ? Math.min(MAX_RETRY_DELAY_MS, POLL_MS * 2 ** this.consecutiveFailures) : POLL_MS);
  }

  private sendBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const due = await this.scheduled.lockDue(manager, new Date(), BATCH);
      if (due.length === 0) return 0;
      await this.publisher.send(due.map(fromScheduledRecord));
      await this.scheduled.delete(manager, due.map((record) => record.id));
      return due.length;
    });
  }
}
