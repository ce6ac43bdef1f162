import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import type { OrderCancellationRequested } from '@concord/contracts';
import { ScheduledRecordRepository } from '../database/scheduled-record.repository';
import { SIMULATOR_LOGGER } from '../simulator-logger';
import { OrderFlowCounters } from './order-flow-counters';

/**
 * Concord asks the ERP to cancel an order the channel cancelled: the ERP cancels it and the WMS
 * does not ship what has not left yet. A shipment already sent stays sent (the goods are gone).
 */
@Injectable()
export class CancelPendingShipments {
  constructor(
    private readonly scheduled: ScheduledRecordRepository,
    private readonly counters: OrderFlowCounters,
    @Inject(SIMULATOR_LOGGER) private readonly logger: Logger,
  ) {}

  async execute(manager: EntityManager, request: OrderCancellationRequested): Promise<void> {
    const dropped = await this.scheduled.dropPendingShipments(manager, request.orderId);
    this.counters.cancellationRequests.processed++;
    this.counters.cancellationRequests.shipmentsDropped += dropped;
    if (dropped > 0) this.logger.info({ orderId: request.orderId, dropped }, 'pending shipments of a cancelled order dropped');
  }
}
