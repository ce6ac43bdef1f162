import { Module } from '@nestjs/common';
import { HealthModule, createMetricsRegistry } from '@concord/observability';

// CRM/ERP customer master.
// Only health and metrics so far: the domain behaviour arrives with its issue.
@Module({
  imports: [HealthModule.forRoot({ registry: createMetricsRegistry('customers') })],
})
export class AppModule {}
