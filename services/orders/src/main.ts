import { runService } from '@concord/service-runtime';
import { ordersConfigSchema } from './config/orders.config';

void runService({
  name: 'orders',
  configSchema: ordersConfigSchema,
  rootModule: async () => (await import('./app.module')).AppModule,
});
