import { runService } from '@concord/service-runtime';
import { inventoryConfigSchema } from './config/inventory.config';

void runService({
  name: 'inventory',
  configSchema: inventoryConfigSchema,
  rootModule: async (config) => (await import('./app.module')).AppModule.register(config),
});
