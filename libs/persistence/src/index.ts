export { createServiceDataSource, openServiceDataSource, isDatabaseUnavailable, type ServiceDataSourceOptions } from './data-source';
