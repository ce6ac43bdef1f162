import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import type { CustomerSyncRequested } from '@concord/contracts';
import type { Charter } from '@concord/governance';
import { eventDescriptor } from '@concord/messaging';
import { CHARTER } from '@concord/service-runtime';
import { SIMULATOR_SETTINGS, type SimulatorSettings } from '../config/simulator-settings';
import { ScheduledRecordRepository } from '../database/scheduled-record.repository';
import { SystemRecordPublisher } from '../messaging/system-record-publisher';
import { uuidFromName } from '../reference-data/product-range';
import { toScheduledRecord } from '../scheduled-records/to-scheduled-record';
import { SIMULATOR_LOGGER } from '../simulator-logger';
import { OrderFlowCounters } from './order-flow-counters';
import { planCustomerSyncAnswer, type CustomerSyncBehaviour } from './plan-customer-sync-answer';

/**
 * The ERP is asked to create a customer: it schedules its CustomerUpserted answer (new ERP id,
 * request ids echoed, ERP default credit terms), in the consuming transaction and the request's trace.
 */
@Injectable()
export class AnswerCustomerSync {
  private readonly upserted = eventDescriptor('CustomerUpserted');
  private readonly behaviour: CustomerSyncBehaviour;

  constructor(
    private readonly publisher: SystemRecordPublisher,
    private readonly scheduled: ScheduledRecordRepository,
    private readonly counters: OrderFlowCounters,
    @Inject(SIMULATOR_SETTINGS) settings: SimulatorSettings,
    @Inject(CHARTER) charter: Charter,
    @Inject(SIMULATOR_LOGGER) private readonly logger: Logger,
  ) {
    this.behaviour = {
      seed: settings.seed,
      delayMs: settings.orders.customerSyncDelayMs,
      currency: settings.orders.currency,
      erpIdByRule: (system, externalId) => {
        if (system === 'UNKNOWN') return undefined;
        const mapping = charter.customerIds.erpCustomerIdFor(system, externalId);
        return mapping.mapped ? mapping.erpCustomerId : undefined;
      },
    };
  }

  async execute(manager: EntityManager, request: CustomerSyncRequested, traceparent: string | undefined): Promise<void> {
    const plan = planCustomerSyncAnswer(request, this.behaviour, new Date());
    if ('ignored' in plan) {
      this.counters.customerSyncRequests.ignored++;
      this.logger.debug({ syncRequestId: request.syncRequestId, reason: plan.ignored }, 'customer sync request ignored');
      return;
    }
    const record = this.publisher.record('ERP', 'customer-upserted', this.upserted, plan.event, {
      time: plan.dueAt,
      id: uuidFromName(`erp-customer-upserted|${request.syncRequestId}`),
      parentTraceparent: traceparent ?? null,
    });
    await this.scheduled.schedule(manager, [toScheduledRecord('customer-upserted', plan.dueAt, request.orderId, record)]);
    this.counters.customerSyncRequests.scheduled++;
  }
}
