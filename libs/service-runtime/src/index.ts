export { runService, type ServiceDefinition } from './run-service';
export { CHARTER, CharterModule } from './charter.module';
export { resolveCharterPath } from './charter-location';
