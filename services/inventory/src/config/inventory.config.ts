import { serviceConfigSchema } from '@concord/config';

export const inventoryConfigSchema = serviceConfigSchema(3001);
