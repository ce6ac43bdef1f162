import { runService } from '@concord/service-runtime';
import { ordersConfigSchema } from './config/orders.config';

void runService({
  name: 'orders',
  configSchema: ordersConfigSchema,
  rootModule: async (config) => (await import('./app.module')).AppModule.register(config),
});
