import { runService } from '@concord/service-runtime';
import { catalogConfigSchema } from './config/catalog.config';

void runService({
  name: 'catalog',
  configSchema: catalogConfigSchema,
  rootModule: async () => (await import('./app.module')).AppModule,
});
