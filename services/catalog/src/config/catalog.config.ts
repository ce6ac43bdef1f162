import { serviceConfigSchema } from '@concord/config';

export const catalogConfigSchema = serviceConfigSchema(3005);
