import { serviceConfigSchema } from '@concord/config';

export const pricingConfigSchema = serviceConfigSchema(3003);
