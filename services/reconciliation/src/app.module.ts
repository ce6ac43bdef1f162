import { Module } from '@nestjs/common';
import { HealthModule, createMetricsRegistry } from '@concord/observability';

// Reconciliation, error queue and the dashboard.
// Only health and metrics so far: the domain behaviour arrives with its issue.
@Module({
  imports: [HealthModule.forRoot({ registry: createMetricsRegistry('reconciliation') })],
})
export class AppModule {}
