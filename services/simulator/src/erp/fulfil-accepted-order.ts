import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import type { OrderAccepted } from '@concord/contracts';
import { eventDescriptor } from '@concord/messaging';
import { SIMULATOR_SETTINGS, type SimulatorSettings } from '../config/simulator-settings';
import { ScheduledRecordRepository, type ScheduledRecord } from '../database/scheduled-record.repository';
import { SystemRecordPublisher } from '../messaging/system-record-publisher';
import { toScheduledRecord } from '../scheduled-records/to-scheduled-record';
import { ProductRange, uuidFromName } from '../reference-data/product-range';
import { SIMULATOR_LOGGER } from '../simulator-logger';
import { OrderFlowCounters } from './order-flow-counters';
import { planOrderFulfilment } from './plan-order-fulfilment';

/**
 * The ERP receives an accepted order: it schedules its OrderPostedToErp answer (or, for a share of
 * orders, none) and the WMS's shipments, in the consuming transaction, each continuing the order's
 * trace. The ScheduledRecordSender sends them when due.
 */
@Injectable()
export class FulfilAcceptedOrder {
  private readonly posted = eventDescriptor('OrderPostedToErp');
  private readonly shipped = eventDescriptor('OrderShipped');

  constructor(
    private readonly range: ProductRange,
    private readonly publisher: SystemRecordPublisher,
    private readonly scheduled: ScheduledRecordRepository,
    private readonly counters: OrderFlowCounters,
    @Inject(SIMULATOR_SETTINGS) private readonly settings: SimulatorSettings,
    @Inject(SIMULATOR_LOGGER) private readonly logger: Logger,
  ) {}

  async execute(manager: EntityManager, order: OrderAccepted, traceparent: string | undefined): Promise<void> {
    await this.executeMany(manager, [{ order, traceparent }]);
  }

  /** A chunk of accepted orders at once: their answers scheduled in one INSERT. */
  async executeMany(manager: EntityManager, orders: ReadonlyArray<{ order: OrderAccepted; traceparent: string | undefined }>): Promise<void> {
    const now = new Date();
    const records = orders.flatMap(({ order, traceparent }) => this.recordsFor(order, traceparent ?? null, now));
    await this.scheduled.schedule(manager, records);
  }

  private recordsFor(order: OrderAccepted, parentTraceparent: string | null, now: Date): ScheduledRecord[] {
    const plan = planOrderFulfilment(order, (sku) => this.range.hasSku(sku), this.settings.orders.fulfilment, now);
    if ('ignored' in plan) {
      this.counters.acceptedOrders.ignored++;
      this.logger.debug({ orderId: order.orderId, reason: plan.ignored }, 'accepted order ignored');
      return [];
    }
    if (!plan.posting) {
      this.counters.acceptedOrders.unanswered++;
      this.logger.info({ orderId: order.orderId }, 'the ERP will never answer this order');
      return [];
    }
    this.counters.acceptedOrders.scheduled++;
    return [
      toScheduledRecord(
        'order-posted',
        plan.posting.dueAt,
        order.orderId,
        this.publisher.record('ERP', 'order-posted', this.posted, plan.posting.event, {
          time: plan.posting.dueAt,
          id: uuidFromName(`erp-order-posted|${order.orderId}`),
          parentTraceparent,
        }),
      ),
      ...plan.shipments.map((shipment) =>
        toScheduledRecord(
          'order-shipped',
          shipment.dueAt,
          order.orderId,
          this.publisher.record('WMS', 'order-shipped', this.shipped, shipment.event, {
            time: shipment.dueAt,
            id: uuidFromName(`wms-order-shipped|${order.orderId}|${shipment.event.locationId}`),
            parentTraceparent,
          }),
        ),
      ),
    ];
  }
}
