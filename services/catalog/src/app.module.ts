import { Module } from '@nestjs/common';
import { HealthModule, createMetricsRegistry } from '@concord/observability';

// Product master and enrichment.
// Only health and metrics so far: the domain behaviour arrives with its issue.
@Module({
  imports: [HealthModule.forRoot({ registry: createMetricsRegistry('catalog') })],
})
export class AppModule {}
