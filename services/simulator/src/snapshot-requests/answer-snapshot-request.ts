import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { InventorySnapshotRequested } from '@concord/contracts';
import { toSourceRecord } from '../inventory/source-records';
import { WarehouseSimulation } from '../inventory/warehouse-simulation';
import { SourceSystemPublisher } from '../messaging/source-system-publisher';
import { SourceTrafficCounters } from '../messaging/source-traffic-counters';
import { SIMULATOR_LOGGER } from '../simulator-logger';
import { planSnapshotAnswer, type SnapshotAnswerPlan } from './plan-snapshot-answer';

/**
 * Answers a snapshot request with fresh SNAPSHOT counts from the warehouse model, sent to the
 * InventoryUpdated ingress topic as the asked system sends everything else. Sent straight to the
 * broker: if the request's transaction then fails and the request is processed again, it is simply
 * counted again — a newer count, with a newer sequence, never harms.
 */
@Injectable()
export class AnswerSnapshotRequest {
  constructor(
    private readonly model: WarehouseSimulation,
    private readonly publisher: SourceSystemPublisher,
    private readonly counters: SourceTrafficCounters,
    @Inject(SIMULATOR_LOGGER) private readonly logger: Logger,
  ) {}

  async execute(request: InventorySnapshotRequested): Promise<SnapshotAnswerPlan> {
    const now = new Date();
    const plan = planSnapshotAnswer(request, this.model, now);
    if ('ignored' in plan) {
      this.counters.countSnapshotRequest('ignored');
      this.logger.debug({ requestId: request.requestId, sku: request.sku, reason: plan.ignored }, 'snapshot request ignored');
      return plan;
    }
    await this.publisher.send(plan.counts.map((event) => toSourceRecord(plan.answeredBy, { event }, this.publisher.encode, now, { answer: true })));
    this.counters.countSnapshotRequest('answered');
    this.logger.info({ requestId: request.requestId, sku: request.sku, answeredBy: plan.answeredBy, counts: plan.counts.length }, 'snapshot request answered');
    return plan;
  }
}
