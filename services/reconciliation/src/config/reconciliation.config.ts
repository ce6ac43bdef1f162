import { serviceConfigSchema } from '@concord/config';

export const reconciliationConfigSchema = serviceConfigSchema(3006);
