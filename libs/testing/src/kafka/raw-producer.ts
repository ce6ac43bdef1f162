import { Kafka, logLevel, type IHeaders } from 'kafkajs';

/** One record exactly as it goes on the wire: nothing is encoded, framed or added. */
export interface RawRecord {
  key?: Buffer | string | null;
  value: Buffer | string | null;
  headers?: IHeaders;
  /** A fixed partition; by default the key decides. */
  partition?: number;
}

/** A Kafka producer of raw bytes, for records no Concord producer would write (poison messages). */
export interface RawProducer {
  /** Sends the records to `topic` and resolves once the broker acknowledged all of them. */
  send(topic: string, records: RawRecord[]): Promise<void>;
  close(): Promise<void>;
}

/** Connects a {@link RawProducer} to `brokers`. Close it in `afterAll`/`afterEach`. */
export async function rawProducer(brokers: string[]): Promise<RawProducer> {
  const kafka = new Kafka({ brokers, clientId: 'concord-test-raw-producer', logLevel: logLevel.NOTHING, retry: { retries: 5, initialRetryTime: 100 } });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  return {
    async send(topic, records) {
      await producer.send({ topic, acks: -1, messages: records.map(({ key, value, headers, partition }) => ({ key, value, headers, partition })) });
    },
    close: () => producer.disconnect(),
  };
}
