import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { SIMULATOR_SETTINGS, type SimulatorSettings } from '../config/simulator-settings';
import { InventoryFeed } from '../inventory/inventory-feed';
import { SourceTrafficCounters } from '../messaging/source-traffic-counters';
import { parseInventoryRateRequest } from './inventory-rate.request';

/** What the simulated source systems do, and the knob to change how much of it. */
@Controller('simulator')
export class SimulatorController {
  constructor(
    private readonly feed: InventoryFeed,
    private readonly counters: SourceTrafficCounters,
    @Inject(SIMULATOR_SETTINGS) private readonly settings: SimulatorSettings,
  ) {}

  /** Rates, settings, and the records sent so far by system and kind. */
  @Get('status')
  status() {
    const { sent, failedSends, snapshotRequests } = this.counters.snapshot();
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
}
