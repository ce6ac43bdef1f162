import { Kafka, logLevel } from 'kafkajs';

/** A topic a test creates up front. */
export interface TopicToCreate {
  topic: string;
  /** 1 unless given. */
  partitions?: number;
}

/**
 * Creates the topics (those that exist already are left as they are) and resolves once every
 * partition has a leader, so a producer or consumer started next finds them ready.
 */
export async function createTopics(brokers: string[], topics: TopicToCreate[]): Promise<void> {
  const admin = new Kafka({ brokers, clientId: 'concord-test-admin', logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: topics.map(({ topic, partitions = 1 }) => ({ topic, numPartitions: partitions })),
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
}
