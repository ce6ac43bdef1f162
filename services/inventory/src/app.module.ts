import { Module } from '@nestjs/common';
import { HealthModule, createMetricsRegistry } from '@concord/observability';

// Stock per SKU and location, reservations and availability (issue 4).
// Only health and metrics so far: the domain behaviour arrives with its issue.
@Module({
  imports: [HealthModule.forRoot({ registry: createMetricsRegistry('inventory') })],
})
export class AppModule {}
