import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { stackEndpoints, uniqueName, waitFor } from '@concord/testing';
import { runStack } from './stack-command';

const endpoints = stackEndpoints();

const probeSchema = {
  type: 'record',
  name: 'ProbeRecorded',
  namespace: 'concord.smoke',
  doc: 'A record used only by the stack smoke test.',
  fields: [
    { name: 'probeId', type: 'string' },
    { name: 'count', type: 'int' },
  ],
};

describe('the local stack', () => {
  describe('schema registry and broker together', () => {
    const kafka = new Kafka({ brokers: endpoints.kafkaBrokers, logLevel: logLevel.ERROR, clientId: 'stack-smoke' });
    const topic = uniqueName('smoke.probe-recorded.v1');
    const subject = `${topic}-value`;
    let schemaId: number;
    let consumedValue: Buffer;

    it('registers an Avro schema under <topic>-value through the Confluent-compatible API', async () => {
      const registry = new SchemaRegistry({ host: endpoints.schemaRegistryUrl });
      ({ id: schemaId } = await registry.register(
        { type: SchemaType.AVRO, schema: JSON.stringify(probeSchema) },
        { subject },
      ));
      expect(schemaId).toBeGreaterThan(0);
      expect(await registry.getLatestSchemaId(subject)).toBe(schemaId);
    });

    it('carries an encoded record through Kafka with the Confluent framing intact', async () => {
      const registry = new SchemaRegistry({ host: endpoints.schemaRegistryUrl });
      const encoded = await registry.encode(schemaId, { probeId: 'p-1', count: 42 });
      const admin = kafka.admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
      await admin.disconnect();

      const producer = kafka.producer();
      await producer.connect();
      await producer.send({ topic, messages: [{ key: 'p-1', value: encoded }] });
      await producer.disconnect();

      const consumer = kafka.consumer({ groupId: uniqueName('smoke') });
      const received: Buffer[] = [];
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          if (message.value) received.push(message.value);
        },
      });
      try {
        [consumedValue] = await waitFor(() => received.length > 0 && received, { description: 'the probe record' });
      } finally {
        await consumer.disconnect();
      }

      expect(consumedValue[0]).toBe(0); // magic byte
      expect(consumedValue.readInt32BE(1)).toBe(schemaId);
      expect(await registry.decode(consumedValue)).toEqual({ probeId: 'p-1', count: 42 });
    });

    it('still decodes the record with the same schema id after the registry restarts', async () => {
      await runStack(['restart', 'registry']);
      const freshClient = new SchemaRegistry({ host: endpoints.schemaRegistryUrl }); // nothing cached
      expect(await freshClient.decode(consumedValue)).toEqual({ probeId: 'p-1', count: 42 });
      expect(await freshClient.getLatestSchemaId(subject)).toBe(schemaId);
    });
  });

  describe('PostgreSQL', () => {
    it('writes and reads back a row', async () => {
      const client = new Client({ connectionString: endpoints.databaseUrl });
      const schema = uniqueName('smoke').replace(/-/g, '_');
      await client.connect();
      try {
        await client.query(`CREATE SCHEMA ${schema}`);
        await client.query(`CREATE TABLE ${schema}.probe (id text PRIMARY KEY, amount numeric(18,4) NOT NULL)`);
        await client.query(`INSERT INTO ${schema}.probe VALUES ($1, $2)`, ['p-1', '12.3456']);
        const { rows } = await client.query(`SELECT id, amount FROM ${schema}.probe`);
        expect(rows).toEqual([{ id: 'p-1', amount: '12.3456' }]);
      } finally {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await client.end();
      }
    });
  });

  describe('Jaeger', () => {
    it('receives a span over OTLP and serves it through its query API', async () => {
      const serviceName = uniqueName('smoke-tracer');
      const exporter = new OTLPTraceExporter({ url: `${endpoints.otlpEndpoint}/v1/traces` });
      const provider = new TracerProvider({
        resource: resourceFromAttributes({ 'service.name': serviceName }),
        spanProcessors: [new SimpleSpanProcessor({ exporter })],
      });
      const span = provider.getTracer('stack-smoke').startSpan('probe-span');
      const traceId = span.spanContext().traceId;
      span.end();
      await provider.shutdown(); // flushes the exporter

      const found = await waitFor(
        async () => {
          const response = await fetch(`${endpoints.jaegerQueryUrl}/api/traces/${traceId}`);
          if (!response.ok) return undefined;
          const body = (await response.json()) as { data: { processes: Record<string, { serviceName: string }>; spans: { operationName: string }[] }[] };
          return body.data[0];
        },
        { timeoutMs: 30_000, description: `trace ${traceId} in Jaeger` },
      );
      expect(found.spans.map((s) => s.operationName)).toEqual(['probe-span']);
      expect(Object.values(found.processes).map((p) => p.serviceName)).toEqual([serviceName]);
    });
  });
});
