import type { z } from 'zod';
import { serviceConfigSchema } from '@concord/config';

export const inventoryConfigSchema = serviceConfigSchema(3001);

export type InventoryConfig = z.infer<typeof inventoryConfigSchema>;
