export { runService, type ServiceDefinition } from './run-service';
export { CHARTER, CharterModule } from './charter.module';
export { resolveCharterPath } from './charter-location';
export { ParsedWith, type InputIssue } from './http/parsed-with.pipe';
export { apiDocsProviders, type ApiDocsInfo } from './http/api-docs';
export { PeriodicSweepScheduler, type PeriodicSweep } from './periodic-sweep.scheduler';
