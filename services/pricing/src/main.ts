import { runService } from '@concord/service-runtime';
import { pricingConfigSchema } from './config/pricing.config';

void runService({
  name: 'pricing',
  configSchema: pricingConfigSchema,
  rootModule: async () => (await import('./app.module')).AppModule,
});
