import { Module } from '@nestjs/common';
import { HealthModule, createMetricsRegistry } from '@concord/observability';

// Order sync from eCommerce/CRM to the ERP (issue 5).
// Only health and metrics so far: the domain behaviour arrives with its issue.
@Module({
  imports: [HealthModule.forRoot({ registry: createMetricsRegistry('orders') })],
})
export class AppModule {}
