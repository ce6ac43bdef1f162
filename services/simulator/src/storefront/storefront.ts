import { randomUUID } from 'node:crypto';
import { ConflictException, Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import type { OrderCancelled } from '@concord/contracts';
import { eventDescriptor } from '@concord/messaging';
import { SIMULATOR_SETTINGS, type SimulatorSettings } from '../config/simulator-settings';
import { FeedPacer } from '../inventory/feed-pacer';
import { SendLoop } from '../messaging/send-loop';
import { SystemRecordPublisher, type SystemRecord } from '../messaging/system-record-publisher';
import { ReferenceDataFeed } from '../reference-data/reference-data-feed';
import { SIMULATOR_LOGGER } from '../simulator-logger';
import { CancellationSchedule, type ScheduledCancellation } from './cancellation-schedule';
import { countOrder, noOrders, type OrderKindCounts } from './order-counts';
import { OrderGenerator, type OrderKind, type OrderMix, type PlannedOrder } from './order-generator';

const TICK_MS = 100;
const MAX_RETRY_DELAY_MS = 5000;

/** `POST /simulator/orders/burst`: exactly `count` orders at `rate` per second, optionally with their own mix. */
export interface OrderBurstRequest {
  count: number;
  rate: number;
  badShare?: number;
  newCustomerShare?: number;
  cancelShare?: number;
}

/** A burst's progress: how many orders of each kind it has sent (acknowledged by the broker). */
export interface OrderBurstStatus {
  id: string;
  state: 'running' | 'done' | 'stopped';
  requested: number;
  ratePerSecond: number;
  mix: OrderMix;
  sent: OrderKindCounts;
  /** Orders of the burst whose cancellation is scheduled (sent later, counted in `cancellations`). */
  cancellationsScheduled: number;
  startedAt: string;
  finishedAt: string | null;
}

interface Burst {
  status: OrderBurstStatus;
  pacer: FeedPacer;
  generated: number;
}

interface OutgoingOrder {
  planned: PlannedOrder;
  burst?: Burst;
}

/** One send: orders and cancellations, kept together until the broker acknowledged them. */
interface PendingBatch {
  orders: OutgoingOrder[];
  cancellations: ScheduledCancellation[];
  records: SystemRecord[];
}

/**
 * The simulated storefront: every tick it sends the orders its steady rate owes, the orders a
 * running burst owes, and the cancellations that are due — one batch, retried as it is (same
 * records, same ids) until the broker acknowledges it. Nothing is sent before the reference data is.
 * An order counts as sent, by kind, once acknowledged; its cancellation (if it gets one) is
 * scheduled from then on.
 */
@Injectable()
export class Storefront implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly placed = eventDescriptor('OrderPlaced');
  private readonly cancelled = eventDescriptor('OrderCancelled');
  private readonly pacer: FeedPacer;
  private readonly cancellations = new CancellationSchedule();
  private readonly sent = noOrders();
  private readonly cancellationsSent = noOrders();
  private burst?: Burst;
  private readonly loop: SendLoop;
  private unsent?: PendingBatch;
  private started = false;
  private stopped = false;

  constructor(
    @Inject(SIMULATOR_SETTINGS) private readonly settings: SimulatorSettings,
    private readonly generator: OrderGenerator,
    private readonly publisher: SystemRecordPublisher,
    private readonly referenceData: ReferenceDataFeed,
    @Inject(SIMULATOR_LOGGER) private readonly logger: Logger,
  ) {
    this.pacer = new FeedPacer(settings.orders.orderRate, Date.now());
    this.loop = new SendLoop(() => this.tick(), {
      intervalMs: TICK_MS,
      maxRetryDelayMs: MAX_RETRY_DELAY_MS,
      onFailure: (error, attempt) => this.logger.warn({ err: error, records: this.unsent?.records.length, attempt }, 'storefront send failed; retrying'),
    });
  }

  get ratePerSecond(): number {
    return this.pacer.ratePerSecond;
  }

  get status() {
    return {
      ratePerSecond: this.ratePerSecond,
      mix: this.settings.orders.mix,
      badKinds: this.generator.producibleBadKinds,
      externalOrderIdPrefix: this.settings.orders.externalOrderIdPrefix,
      channel: this.settings.orders.channel,
      currency: this.settings.orders.currency,
      started: this.started,
      sent: { ...this.sent },
      cancellations: { sent: { ...this.cancellationsSent }, pending: this.cancellations.pending },
      burst: this.burst ? this.burstStatus(this.burst) : null,
    };
  }

  /** Steady orders per second from now on; 0 stops them (a burst and due cancellations still go out). */
  setRate(ratePerSecond: number): void {
    this.pacer.setRate(ratePerSecond, Date.now());
    this.logger.info({ ratePerSecond }, 'storefront order rate changed');
  }

  /** Starts a burst of exactly `count` orders; one burst at a time. */
  startBurst(request: OrderBurstRequest): OrderBurstStatus {
    if (this.burst?.status.state === 'running') throw new ConflictException(`burst ${this.burst.status.id} is still running; wait for it to finish`);
    const { mix } = this.settings.orders;
    const burst: Burst = {
      pacer: new FeedPacer(request.rate, Date.now()),
      generated: 0,
      status: {
        id: randomUUID(),
        state: request.count === 0 ? 'done' : 'running',
        requested: request.count,
        ratePerSecond: request.rate,
        mix: {
          badShare: request.badShare ?? mix.badShare,
          newCustomerShare: request.newCustomerShare ?? mix.newCustomerShare,
          cancelShare: request.cancelShare ?? mix.cancelShare,
        },
        sent: noOrders(),
        cancellationsScheduled: 0,
        startedAt: new Date().toISOString(),
        finishedAt: request.count === 0 ? new Date().toISOString() : null,
      },
    };
    this.burst = burst;
    this.logger.info({ burstId: burst.status.id, count: request.count, ratePerSecond: request.rate, mix: burst.status.mix }, 'order burst started');
    return this.burstStatus(burst);
  }

  /** The burst with this id, if it is the current or last one. */
  burstById(id: string): OrderBurstStatus | undefined {
    return this.burst?.status.id === id ? this.burstStatus(this.burst) : undefined;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.publisher.prepare(['OrderPlaced', 'OrderCancelled']);
    void this.referenceData.ready.then(() => {
      if (this.stopped) return;
      this.started = true;
      // The rates count from now: waiting for the reference data is not owed as a burst.
      this.pacer.setRate(this.pacer.ratePerSecond, Date.now());
      this.burst?.pacer.setRate(this.burst.pacer.ratePerSecond, Date.now());
      this.loop.start();
      this.logger.info({ ratePerSecond: this.ratePerSecond, mix: this.settings.orders.mix, prefix: this.settings.orders.externalOrderIdPrefix }, 'storefront started');
    });
  }

  /**
   * Stops the timer and lets a send in progress finish; then sends what is unsent and every
   * scheduled cancellation at once (nothing the storefront owes is lost). A running burst stops.
   */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    await this.loop.stop();
    const now = Date.now();
    const last: PendingBatch = this.unsent ?? { orders: [], cancellations: [], records: [] };
    const rest = this.cancellations.takeAll();
    last.cancellations.push(...rest);
    last.records.push(...rest.map((c) => this.cancellationRecord(c, now)));
    try {
      await this.publisher.send(last.records);
      this.acknowledged(last, now);
    } catch (error) {
      this.logger.warn({ err: error, records: last.records.length }, 'storefront stopped with records it could not send');
    }
    if (this.burst?.status.state === 'running') this.finishBurst(this.burst, 'stopped');
    this.logger.info({ sent: this.sent }, 'storefront stopped');
  }

  /** One tick: the batch due (or, after a failed send, the same batch again), sent and counted. */
  private async tick(): Promise<void> {
    this.unsent ??= this.batchDue(Date.now());
    await this.publisher.send(this.unsent.records);
    this.acknowledged(this.unsent, Date.now());
    this.unsent = undefined;
  }

  private batchDue(nowMs: number): PendingBatch {
    const now = new Date(nowMs);
    const orders: OutgoingOrder[] = [];
    for (let due = this.pacer.due(nowMs); due > 0; due--) orders.push({ planned: this.generator.next(this.settings.orders.mix, now) });
    const burst = this.burst;
    if (burst?.status.state === 'running') {
      const due = Math.min(burst.pacer.due(nowMs), burst.status.requested - burst.generated);
      for (let i = 0; i < due; i++) orders.push({ planned: this.generator.next(burst.status.mix, now), burst });
      burst.generated += due;
    }
    const cancellations = this.cancellations.takeDue(nowMs);
    const records = [
      ...orders.map(({ planned }) => this.publisher.record('ECOMMERCE', planned.kind, this.placed, planned.order, { time: now })),
      ...cancellations.map((c) => this.cancellationRecord(c, nowMs)),
    ];
    return { orders, cancellations, records };
  }

  private cancellationRecord(cancellation: ScheduledCancellation, nowMs: number): SystemRecord {
    const cancelledAt = new Date(Math.min(nowMs, cancellation.dueAt));
    const event: OrderCancelled = { sourceSystem: 'ECOMMERCE', externalOrderId: cancellation.externalOrderId, reason: cancellation.reason, cancelledAt };
    return this.publisher.record('ECOMMERCE', 'order-cancelled', this.cancelled, event, { time: cancelledAt });
  }

  private acknowledged(batch: PendingBatch, nowMs: number): void {
    for (const { planned, burst } of batch.orders) {
      countOrder(this.sent, planned.kind);
      if (burst) countOrder(burst.status.sent, planned.kind);
      if (planned.cancellation) {
        this.cancellations.add({ dueAt: nowMs + planned.cancellation.afterMs, externalOrderId: planned.order.externalOrderId, reason: planned.cancellation.reason, kind: planned.kind });
        if (burst) burst.status.cancellationsScheduled++;
      }
    }
    for (const cancellation of batch.cancellations) countOrder(this.cancellationsSent, cancellation.kind as OrderKind);
    const burst = this.burst;
    if (burst?.status.state === 'running' && burst.status.sent.total >= burst.status.requested) this.finishBurst(burst, 'done');
  }

  private finishBurst(burst: Burst, state: 'done' | 'stopped'): void {
    burst.status.state = state;
    burst.status.finishedAt = new Date().toISOString();
    this.logger.info({ burstId: burst.status.id, state, sent: burst.status.sent }, 'order burst finished');
  }

  private burstStatus(burst: Burst): OrderBurstStatus {
    return { ...burst.status, mix: { ...burst.status.mix }, sent: { ...burst.status.sent } };
  }
}
