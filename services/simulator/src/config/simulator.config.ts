import { serviceConfigSchema } from '@concord/config';

export const simulatorConfigSchema = serviceConfigSchema(3007);
