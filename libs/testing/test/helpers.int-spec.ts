import { randomBytes } from 'node:crypto';
import { context, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { Kafka, logLevel } from 'kafkajs';
import {
  createTopics,
  jaegerTrace,
  poisonValues,
  rawProducer,
  readTopicUntil,
  stackEndpoints,
  uniqueName,
  waitForTraceWithServices,
  type RawProducer,
} from '../src';

const endpoints = stackEndpoints();

describe('raw records and reading a topic back', () => {
  const kafka = new Kafka({ brokers: endpoints.kafkaBrokers, clientId: 'testing-int-spec', logLevel: logLevel.NOTHING });
  let producer: RawProducer;

  beforeAll(async () => {
    producer = await rawProducer(endpoints.kafkaBrokers);
  });
  afterAll(async () => {
    await producer.close();
  });

  /** A Confluent-framed value as a registry-aware producer writes it: 0x00, schema id 7, body. */
  const validFramedValue = Buffer.concat([Buffer.from([0x00, 0x00, 0x00, 0x00, 0x07]), Buffer.from('\x10SKU-1001\x0e', 'latin1')]);

  describe('when the topic is created after reading started', () => {
    it('reads every record back byte for byte, with its key, headers, partition and offset', async () => {
      const topic = uniqueName('test.raw-bytes.v1');
      const reading = readTopicUntil(kafka, topic, 6, { timeoutMs: 30_000 });
      await createTopics(endpoints.kafkaBrokers, [{ topic, partitions: 2 }]);

      const poison = poisonValues(validFramedValue);
      const binaryHeader = randomBytes(16);
      await producer.send(topic, [
        { key: 'garbage', value: poison.garbageText, partition: 0 },
        { key: 'magic', value: poison.wrongMagicByte, partition: 0 },
        { key: 'schema', value: poison.unknownSchemaId, partition: 0, headers: { ce_type: 'StockProbe', binary: binaryHeader } },
        { key: 'truncated', value: poison.truncatedAvro, partition: 1 },
        { key: Buffer.from([0xc3, 0xa9]), value: validFramedValue, partition: 1, headers: { repeated: ['first', 'last'] } },
        { key: null, value: null, partition: 1 },
      ]);
      const records = await reading;

      expect(records).toHaveLength(6);
      const byKey = new Map(records.map((record) => [record.key, record]));
      expect(byKey.get('garbage')?.value?.equals(poison.garbageText)).toBe(true);
      expect(byKey.get('magic')?.value?.equals(poison.wrongMagicByte)).toBe(true);
      expect(byKey.get('truncated')?.value?.equals(poison.truncatedAvro)).toBe(true);
      expect(byKey.get('schema')).toMatchObject({ partition: 0, offset: '2', headers: { ce_type: 'StockProbe', binary: binaryHeader.toString() } });
      expect(byKey.get('schema')?.value?.equals(poison.unknownSchemaId)).toBe(true);
      expect(byKey.get('é')).toMatchObject({ partition: 1, offset: '1', headers: { repeated: 'last' } });
      expect(byKey.get('é')?.value?.equals(validFramedValue)).toBe(true);
      expect(byKey.get(null)).toEqual({ key: null, value: null, headers: {}, partition: 1, offset: '2' });
    });
  });

  describe('when the condition never holds', () => {
    it('returns what it read by the deadline', async () => {
      const topic = uniqueName('test.raw-bytes.v1');
      await createTopics(endpoints.kafkaBrokers, [{ topic }]);
      await producer.send(topic, [{ key: 'only', value: 'one' }]);

      const records = await readTopicUntil(kafka, topic, (read) => read.some((record) => record.key === 'never'), { timeoutMs: 3_000 });

      expect(records.map((record) => record.key)).toEqual(['only']);
    });
  });

  describe('when the topic never appears', () => {
    it('returns no records instead of failing, and does not create the topic', async () => {
      const topic = uniqueName('test.never-created.v1');

      await expect(readTopicUntil(kafka, topic, 1, { timeoutMs: 1_500 })).resolves.toEqual([]);

      const admin = kafka.admin();
      await admin.connect();
      await expect(admin.listTopics()).resolves.not.toContain(topic);
      await admin.disconnect();
    });
  });
});

describe('traces in Jaeger', () => {
  /** A tracer of its own service exporting every span as it ends, as a Concord service would. */
  function serviceTracer(serviceName: string) {
    const provider = new TracerProvider({
      resource: resourceFromAttributes({ 'service.name': serviceName }),
      spanProcessors: [new SimpleSpanProcessor({ exporter: new OTLPTraceExporter({ url: `${endpoints.otlpEndpoint}/v1/traces` }) })],
    });
    return { serviceName, provider, tracer: provider.getTracer('concord-testing-int-spec') };
  }

  it('finds a trace spanning two services, with service names and parents resolved', async () => {
    const upstream = serviceTracer(uniqueName('upstream'));
    const downstream = serviceTracer(uniqueName('downstream'));
    const parent = upstream.tracer.startSpan('send test.probe.v1');
    const child = downstream.tracer.startSpan('process test.probe.v1', {}, trace.setSpan(context.active(), parent));
    child.end();
    parent.end();
    await Promise.all([upstream.provider.shutdown(), downstream.provider.shutdown()]);
    const traceId = parent.spanContext().traceId;

    const existing = await jaegerTrace(traceId, { timeoutMs: 30_000 });
    expect(existing.traceId).toBe(traceId);
    const found = await waitForTraceWithServices(traceId, [upstream.serviceName, downstream.serviceName], { timeoutMs: 30_000 });

    expect(found.spans).toHaveLength(2);
    expect(found.spans).toEqual(
      expect.arrayContaining([
        { operationName: 'send test.probe.v1', serviceName: upstream.serviceName, spanId: parent.spanContext().spanId, parentSpanId: undefined },
        { operationName: 'process test.probe.v1', serviceName: downstream.serviceName, spanId: child.spanContext().spanId, parentSpanId: parent.spanContext().spanId },
      ]),
    );
  });

  it('times out naming the trace when Jaeger never receives it', async () => {
    const unknownTraceId = randomBytes(16).toString('hex');
    await expect(jaegerTrace(unknownTraceId, { timeoutMs: 1_000 })).rejects.toThrow(`timed out after 1000 ms waiting for trace ${unknownTraceId} in Jaeger`);
  });
});
