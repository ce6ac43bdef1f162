import type { IHeaders, KafkaMessage, Producer } from 'kafkajs';
import type { FailureStage } from '../errors';
import type { MessagingMetrics } from '../messaging-metrics';

/** `<topic>.<consumer-group>.dlt`: one dead-letter topic per consumed topic and consumer group. */
export function deadLetterTopic(topic: string, consumerGroup: string): string {
  return `${topic}.${consumerGroup}.dlt`;
}

/** Headers Concord adds to a dead-lettered record; the original headers are kept beside them. */
export const DeadLetterHeaders = {
  code: 'dlt_error_code',
  reason: 'dlt_reason',
  stage: 'dlt_stage',
  attempts: 'dlt_attempts',
  topic: 'dlt_original_topic',
  partition: 'dlt_original_partition',
  offset: 'dlt_original_offset',
  consumerGroup: 'dlt_consumer_group',
  time: 'dlt_time',
} as const;

export interface DeadLetterReason {
  code: string;
  reason: string;
  stage: FailureStage;
  attempts: number;
}

/**
 * Quarantines a record: the original key and value bytes untouched (Confluent framing intact), the
 * original headers, and headers saying why. Resolves only once the broker acknowledged, so the
 * caller may then move the consumer offset past the record.
 */
export class DeadLetterPublisher {
  constructor(
    private readonly producer: Producer,
    private readonly consumerGroup: string,
    private readonly metrics: MessagingMetrics,
  ) {}

  async publish(record: { topic: string; partition: number; message: KafkaMessage }, why: DeadLetterReason): Promise<void> {
    const { topic, partition, message } = record;
    const headers: IHeaders = {
      ...message.headers,
      [DeadLetterHeaders.code]: why.code,
      [DeadLetterHeaders.reason]: why.reason.slice(0, 4000),
      [DeadLetterHeaders.stage]: why.stage,
      [DeadLetterHeaders.attempts]: String(why.attempts),
      [DeadLetterHeaders.topic]: topic,
      [DeadLetterHeaders.partition]: String(partition),
      [DeadLetterHeaders.offset]: message.offset,
      [DeadLetterHeaders.consumerGroup]: this.consumerGroup,
      [DeadLetterHeaders.time]: new Date().toISOString(),
    };
    await this.producer.send({
      topic: deadLetterTopic(topic, this.consumerGroup),
      acks: -1,
      messages: [{ key: message.key, value: message.value, headers, timestamp: message.timestamp }],
    });
    this.metrics.deadLettered.inc({ topic, stage: why.stage, code: why.code });
  }
}
