import { countLogTroubles, troublesRemark } from './service-process';

describe("what a service's log tells about a measurement", () => {
  const log = [
    '{"level":"warn","msg":"handler failed; retrying","err":{"message":"deadlock detected","driverError":{"message":"deadlock detected"}},"attempt":1}',
    '{"level":"error","namespace":"Runner","error":"deadlock detected","msg":"Error when calling eachBatch"}',
    '{"level":"warn","msg":"handler failed; retrying","err":{"message":"connection reset"},"attempt":2}',
    '{"level":"error","msg":"record dead-lettered","code":"PROCESS.HANDLER_FAILED"}',
    '{"level":"error","namespace":"Consumer","stack":"KafkaJSNonRetriableError\\n  Caused by: Error: deadlock detected","msg":"Crash: KafkaJSNumberOfRetriesExceeded: deadlock detected"}',
    '(node:8401) TimeoutNegativeWarning: -1795745276719 is a negative number.',
  ].join('\n');

  it('counts deadlocks once per line, retries, batches that failed whole and dead letters', () => {
    expect(countLogTroubles(log)).toEqual({ deadlocks: 3, retries: 2, failedBatches: 1, consumerCrashes: 1, deadLettered: 1 });
  });

  it('says it in one sentence naming the log, and nothing for a clean log', () => {
    expect(troublesRemark('inventory', countLogTroubles(log), '/work/main/.concord/bench/r1/inventory.log')).toBe(
      'The inventory service logged 3 lines reporting a Postgres deadlock, 2 handler retries, 1 batch that failed whole (kafkajs restarted the consumer), 1 consumer crash, 1 record dead-lettered during the measurement (.concord/bench/r1/inventory.log).',
    );
    expect(troublesRemark('orders', countLogTroubles('{"level":"warn","msg":"slow"}'), 'x.log')).toBeUndefined();
  });
});
