export { createServiceDataSource, openServiceDataSource, isDatabaseUnavailable, isTransactionConflict, type ServiceDataSourceOptions } from './data-source';
export { insertRows } from './insert-rows';
