import { runService } from '@concord/service-runtime';
import { simulatorConfigSchema } from './config/simulator.config';

void runService({
  name: 'simulator',
  configSchema: simulatorConfigSchema,
  rootModule: async (config, charter) => (await import('./app.module')).AppModule.register(config, charter),
});
