// The raw Kafka pass-through the inventory figures are compared with: consume a topic with
// eachBatch and re-produce every record, unchanged (key, value, headers, timestamp), to another
// topic with sendBatch, then commit — no decoding, no database, no processing. Producer and
// consumer are set up as the Concord backbone sets up its own (idempotent producer with one
// request in flight and acks=all, one partition at a time, manual commits), so the ratio shows
// what the service's work costs, not different client settings.
//
//   BENCH_INPUT_TOPIC=... BENCH_OUTPUT_TOPIC=... BENCH_GROUP_ID=... node -r @swc-node/register tools/bench/pass-through-relay.ts
//
// Prints "ready" once its consumer joined the group; SIGTERM stops it after the batch in hand.
import { Kafka, logLevel, Partitioners, type KafkaMessage } from 'kafkajs';
import { stackEndpoints } from '@concord/testing';

const input = required('BENCH_INPUT_TOPIC');
const output = required('BENCH_OUTPUT_TOPIC');
const groupId = required('BENCH_GROUP_ID');

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    process.stderr.write(`pass-through-relay: ${name} is required\n`);
    process.exit(78);
  }
  return value;
}

const MAX_SLICE_BYTES = 512 * 1024;

/** Consecutive runs of `messages` of at most about `maxBytes` each (at least one message). */
function slices(messages: KafkaMessage[], maxBytes: number): KafkaMessage[][] {
  const result: KafkaMessage[][] = [];
  let current: KafkaMessage[] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = (message.key?.length ?? 0) + (message.value?.length ?? 0) + headerBytes(message) + 64;
    if (current.length > 0 && bytes + size > maxBytes) {
      result.push(current);
      current = [];
      bytes = 0;
    }
    current.push(message);
    bytes += size;
  }
  if (current.length > 0) result.push(current);
  return result;
}

function headerBytes(message: KafkaMessage): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    for (const part of Array.isArray(value) ? value : [value]) bytes += name.length + (part?.length ?? 0);
  }
  return bytes;
}

async function main(): Promise<void> {
  const kafka = new Kafka({ clientId: 'bench-pass-through', brokers: stackEndpoints().kafkaBrokers, logLevel: logLevel.ERROR });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  const consumer = kafka.consumer({ groupId, sessionTimeout: 30_000, heartbeatInterval: 3000, maxBytesPerPartition: 2 * 1024 * 1024 });
  consumer.on(consumer.events.GROUP_JOIN, () => console.log('ready'));
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (!payload.restart) {
      console.error(`pass-through-relay crashed: ${payload.error.message}`);
      process.exit(1);
    }
  });
  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topics: [input], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: 1,
    eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
      if (batch.messages.length === 0) return;
      // A fetched batch (up to 2 MB a partition) re-produced whole would exceed the broker's
      // largest accepted record batch (1 MB): it goes out in slices, as the backbone's runner
      // works in chunks.
      for (const slice of slices(batch.messages, MAX_SLICE_BYTES)) {
        await producer.sendBatch({
          acks: -1,
          topicMessages: [{ topic: output, messages: slice.map(({ key, value, headers, timestamp }) => ({ key, value, headers, timestamp })) }],
        });
      }
      const last = batch.messages[batch.messages.length - 1].offset;
      resolveOffset(last);
      await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() }]);
      await heartbeat();
    },
  });
  const stop = async () => {
    await consumer.disconnect();
    await producer.disconnect();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
