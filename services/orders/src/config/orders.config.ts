import { serviceConfigSchema } from '@concord/config';

export const ordersConfigSchema = serviceConfigSchema(3002);
