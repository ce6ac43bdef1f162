import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { ScheduledRecordRepository, type ScheduledRecordKind } from '../database/scheduled-record.repository';
import { SendLoop } from '../messaging/send-loop';
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
  private readonly loop: SendLoop;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly scheduled: ScheduledRecordRepository,
    private readonly publisher: SystemRecordPublisher,
    @Inject(SIMULATOR_LOGGER) logger: Logger,
  ) {
    this.loop = new SendLoop(() => this.sendDue(), {
      intervalMs: POLL_MS,
      maxRetryDelayMs: MAX_RETRY_DELAY_MS,
      onFailure: (error, attempt) => logger.warn({ err: error, attempt }, 'scheduled ERP/WMS records could not be sent; retrying'),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.publisher.prepare(['OrderPostedToErp', 'OrderShipped', 'CustomerUpserted']);
    this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.loop.stop();
  }

  /** Records waiting, by kind. */
  pending(): Promise<Record<ScheduledRecordKind, number>> {
    return this.scheduled.pendingByKind(this.dataSource.manager);
  }

  /** Sends batches until nothing is due (a full batch means more may be). */
  private async sendDue(): Promise<void> {
    while (!this.stopped && (await this.sendBatch()) === BATCH);
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
