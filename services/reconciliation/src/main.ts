import { runService } from '@concord/service-runtime';
import { reconciliationConfigSchema } from './config/reconciliation.config';

void runService({
  name: 'reconciliation',
  configSchema: reconciliationConfigSchema,
  rootModule: async () => (await import('./app.module')).AppModule,
});
