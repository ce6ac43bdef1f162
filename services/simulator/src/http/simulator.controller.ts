import { Body, Controller, Get, HttpCode, Inject, NotFoundException, Param, Post } from '@nestjs/common';
import { SIMULATOR_SETTINGS, type SimulatorSettings } from '../config/simulator-settings';
import { OrderFlowCounters } from '../erp/order-flow-counters';
import { InventoryFeed } from '../inventory/inventory-feed';
import { SourceTrafficCounters } from '../messaging/source-traffic-counters';
import { ReferenceDataFeed } from '../reference-data/reference-data-feed';
import { ScheduledRecordSender } from '../scheduled-records/scheduled-record-sender';
import { Storefront } from '../storefront/storefront';
import { parseInventoryRateRequest } from './inventory-rate.request';
import { parseOrderBurstRequest, parseOrderRateRequest } from './order-requests';

/** What the simulated source systems do, and the knobs to change how much of it. */
@Controller('simulator')
export class SimulatorController {
  constructor(
    private readonly feed: InventoryFeed,
    private readonly storefront: Storefront,
    private readonly referenceData: ReferenceDataFeed,
    private readonly scheduledRecords: ScheduledRecordSender,
    private readonly counters: SourceTrafficCounters,
    private readonly orderFlow: OrderFlowCounters,
    @Inject(SIMULATOR_SETTINGS) private readonly settings: SimulatorSettings,
  ) {}

  /** Rates, settings, and what each simulated system has sent so far, by kind. */
  @Get('status')
  async status() {
    const { sent, failedSends, snapshotRequests } = this.counters.snapshot();
    const { acceptedOrders, customerSyncRequests, cancellationRequests } = this.orderFlow.snapshot();
    const pending = await this.scheduledRecords.pending();
    const { fulfilment } = this.settings.orders;
    return {
      inventory: {
        ratePerSecond: this.feed.ratePerSecond,
        badRecordShare: this.settings.badRecordShare,
        seed: this.settings.seed,
        skus: this.settings.skus.length,
        firstSku: this.settings.skus[0],
        locations: this.settings.locations,
        erp: { ...this.feed.erpBookings, driftShare: this.settings.erpDriftShare },
        sent,
        failedSends,
        snapshotRequests,
      },
      referenceData: { ...this.referenceData.status, sent: { catalogStandIn: this.counters.sentAs('CATALOG_STANDIN'), pricingStandIn: this.counters.sentAs('PRICING_STANDIN') } },
      orders: this.storefront.status,
      erp: {
        postingDelayMs: fulfilment.postingDelayMs,
        unansweredShare: fulfilment.unansweredShare,
        customerSyncDelayMs: this.settings.orders.customerSyncDelayMs,
        acceptedOrders,
        customerSyncRequests,
        cancellationRequests,
        pending: { 'order-posted': pending['order-posted'], 'customer-upserted': pending['customer-upserted'] },
        sent: this.counters.sentAs('ERP'),
      },
      wms: { shipShare: fulfilment.shipShare, shipDelayMs: fulfilment.shipDelayMs, pending: { 'order-shipped': pending['order-shipped'] }, sent: this.counters.sentAs('WMS') },
      failedSends,
    };
  }

  /** Changes the WMS rate at run time: `{ "eventsPerSecond": 500 }` (0 pauses the feed). */
  @Post('inventory/rate')
  @HttpCode(200)
  setInventoryRate(@Body() body: unknown) {
    const { eventsPerSecond } = parseInventoryRateRequest(body);
    this.feed.setRate(eventsPerSecond);
    return this.status();
  }

  /** Changes the storefront's steady order rate at run time: `{ "ordersPerSecond": 50 }` (0 pauses it). */
  @Post('orders/rate')
  @HttpCode(200)
  setOrderRate(@Body() body: unknown) {
    const { ordersPerSecond } = parseOrderRateRequest(body);
    this.storefront.setRate(ordersPerSecond);
    return this.status();
  }

  /**
   * Starts a burst of exactly `count` orders at `rate` per second (202); its progress and counts by
   * kind are at `GET /simulator/orders/burst/:id` and in the status. One burst at a time (409).
   */
  @Post('orders/burst')
  @HttpCode(202)
  startOrderBurst(@Body() body: unknown) {
    return this.storefront.startBurst(parseOrderBurstRequest(body));
  }

  @Get('orders/burst/:id')
  orderBurst(@Param('id') id: string) {
    const burst = this.storefront.burstById(id);
    if (!burst) throw new NotFoundException(`no burst ${id}: only the current or last burst is kept`);
    return burst;
  }
}
