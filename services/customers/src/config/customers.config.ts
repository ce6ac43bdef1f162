import { serviceConfigSchema } from '@concord/config';

export const customersConfigSchema = serviceConfigSchema(3004);
