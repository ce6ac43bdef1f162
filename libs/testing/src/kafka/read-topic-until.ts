import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';
import { uniqueName } from '../unique-names';
import { waitFor } from '../wait-for';

/** A record as read back from a topic. */
export interface TopicRecord {
  /** The key as UTF-8 text, `null` when the record has none. */
  key: string | null;
  /** The value's exact bytes, `null` for a tombstone. */
  value: Buffer | null;
  /** Header values as UTF-8 text; of a repeated header, the last value (Kafka's `lastHeader`). */
  headers: Record<string, string>;
  partition: number;
  offset: string;
}

/** Enough records: a count, or a test over every record read so far. */
export type ReadCondition = number | ((records: readonly TopicRecord[]) => boolean);

/**
 * Reads `topic` from the beginning, in a consumer group of its own, until `until` holds or
 * `timeoutMs` (30 s by default) has passed, and returns what it read by then (a snapshot taken when
 * the condition held). A topic that does not exist yet is waited for, not auto-created, and not an
 * error: the test may create it after starting to read. Assert on the result, e.g.
 * `expect(records).toHaveLength(3)`; `until: () => false` reads for the whole timeout, to show
 * that nothing (more) arrives.
 */
export async function readTopicUntil(
  kafka: Kafka,
  topic: string,
  until: ReadCondition,
  { timeoutMs = 30_000 }: { timeoutMs?: number } = {},
): Promise<TopicRecord[]> {
  const deadline = Date.now() + timeoutMs;
  const holds = typeof until === 'number' ? (records: readonly TopicRecord[]) => records.length >= until : until;
  if (holds([]) || !(await topicExistsBy(kafka, topic, deadline))) return [];
  // Short fetch waits: a disconnect waits for the fetch in flight, and the reader stops often.
  const consumer = kafka.consumer({ groupId: uniqueName('concord-test-reader'), allowAutoTopicCreation: false, maxWaitTimeInMs: 250 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    return await consumeUntil(consumer, holds, deadline);
  } finally {
    await consumer.disconnect();
  }
}

/** Polls the topic list until `topic` is in it; false when the deadline passed first. */
async function topicExistsBy(kafka: Kafka, topic: string, deadline: number): Promise<boolean> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await waitFor(async () => (await admin.listTopics()).includes(topic), {
      timeoutMs: Math.max(0, deadline - Date.now()),
      intervalMs: 100,
      description: `topic ${topic}`,
    }).catch(() => false);
  } finally {
    await admin.disconnect();
  }
}

function consumeUntil(consumer: Consumer, holds: (records: readonly TopicRecord[]) => boolean, deadline: number): Promise<TopicRecord[]> {
  const records: TopicRecord[] = [];
  return new Promise<TopicRecord[]>((resolve, reject) => {
    const timer = setTimeout(() => resolve([...records]), Math.max(0, deadline - Date.now()));
    const finish = (outcome: () => void) => {
      clearTimeout(timer);
      outcome();
    };
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) finish(() => reject(payload.error));
    });
    consumer
      .run({
        eachMessage: async ({ partition, message }) => {
          records.push(topicRecord(partition, message));
          if (holds(records)) finish(() => resolve([...records]));
        },
      })
      .catch((error: unknown) => finish(() => reject(error)));
  });
}

function topicRecord(partition: number, message: KafkaMessage): TopicRecord {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (last !== undefined) headers[name] = last.toString();
  }
  return { key: message.key?.toString('utf8') ?? null, value: message.value, headers, partition, offset: message.offset };
}
