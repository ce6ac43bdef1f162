import { runService } from '@concord/service-runtime';
import { customersConfigSchema } from './config/customers.config';

void runService({
  name: 'customers',
  configSchema: customersConfigSchema,
  rootModule: async (config) => (await import('./app.module')).AppModule.register(config),
});
