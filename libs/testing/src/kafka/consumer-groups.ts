import type { Consumer, Kafka } from 'kafkajs';
import { waitFor } from '../wait-for';

/**
 * Commits `groupId`'s offsets at the topics' current ends before its real members join, so they
 * start there and read only what comes next, not every earlier run's traffic: a member of the
 * group that joins, seeks to the ends and lets the commit happen (admin.setOffsets does the same,
 * but waits out a 5 s fetch per topic). The topics must exist.
 */
export async function startGroupAtEnd(kafka: Kafka, groupId: string, topics: readonly string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
  try {
    // A topic created a moment ago may not have its partition leaders yet.
    const ends = await waitFor(() => Promise.all(topics.map(async (topic) => ({ topic, partitions: await admin.fetchTopicOffsets(topic) }))), {
      description: `the end offsets of ${topics.join(', ')}`,
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    const joined = whenGroupJoined(consumer, groupId);
    await consumer.run({ eachBatchAutoResolve: false, eachBatch: async () => undefined });
    consumer.pause(topics.map((topic) => ({ topic })));
    await joined;
    for (const { topic, partitions } of ends) for (const { partition, high } of partitions) consumer.seek({ topic, partition, offset: high });
    await waitFor(
      async () => {
        const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
        return ends.every(({ topic, partitions }) =>
          partitions.every(({ partition, high }) => committed.find((entry) => entry.topic === topic)?.partitions.find((p) => p.partition === partition)?.offset === high),
        );
      },
      { intervalMs: 50, description: `the offsets of ${groupId} at the topics' ends` },
    );
  } finally {
    await consumer.disconnect();
    await admin.disconnect();
  }
}

/** Resolves when `consumer` has joined its group; rejects after `timeoutMs` (60 s). Call it before `consumer.run`. */
export function whenGroupJoined(consumer: Consumer, groupId: string, timeoutMs = 60_000): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${groupId}: no group join within ${timeoutMs / 1000} s`)), timeoutMs);
    consumer.on(consumer.events.GROUP_JOIN, () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Deletes a test's consumer groups, best effort: one that still has a member or was never created is left to the broker's expiry. */
export async function deleteGroups(kafka: Kafka, groupIds: readonly string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.deleteGroups([...groupIds]);
  } catch {
    // The broker expires it: no test result depends on it.
  } finally {
    await admin.disconnect();
  }
}

/** Deletes those of `topics` that exist (e.g. a test group's dead-letter topics), best effort: never throws for a refusal. */
export async function deleteTopics(kafka: Kafka, topics: readonly string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    await admin.deleteTopics({ topics: topics.filter((topic) => existing.has(topic)) });
  } catch {
    // Left for an operator: a test result does not depend on it.
  } finally {
    await admin.disconnect();
  }
}
