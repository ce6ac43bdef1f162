// @concord/service-runtime/testing: a service run in-process against the real stack, for its
// integration tests. A separate entry, so that a service's production code never loads it.
export {
  loadShippedCharter,
  PublishedLog,
  startServiceTestStack,
  type PublishedRecord,
  type ServiceTestOptions,
  type ServiceTestStack,
  type ServiceTuning,
  type ServiceUnderTest,
} from './service-test-stack';
