import { stopContainersStartedBySetup } from './global-setup';

/** Jest global teardown for integration and end-to-end tests: stops what the global setup started. */
export default async function globalTeardown(): Promise<void> {
  await stopContainersStartedBySetup();
}
