import { randomUUID } from 'node:crypto';
import { readTopicUntil, uniqueName, waitFor } from '@concord/testing';
import { DeadLetterHeaders, cloudEventHeaders, deadLetterTopic, ValidationError, type EventHandlerRegistration } from '../src';
import { probeDescriptor, type ProbeEvent } from './fixtures/probe-event';
import { createTopic, encodeFor, startHarness, type MessagingHarness } from './messaging-harness';

/** A handler that records each applied event as a row in the effects table. */
function recordingHandler(
  topic: string,
  before: (event: { id: string; payload: ProbeEvent }) => void = () => undefined,
): EventHandlerRegistration<ProbeEvent> & { calls: Map<string, number> } {
  const calls = new Map<string, number>();
  return {
    calls,
    descriptor: probeDescriptor(topic),
    async handle(event, { manager }) {
      calls.set(event.id, (calls.get(event.id) ?? 0) + 1);
      before(event);
      const schema = (manager.connection.options as { schema: string }).schema;
      await manager.query(`INSERT INTO "${schema}".effects (event_id, event_key, n, source_offset) VALUES ($1, $2, $3, $4)`, [
        event.id,
        event.payload.key,
        event.payload.n,
        event.offset,
      ]);
    },
  };
}

async function effects(harness: MessagingHarness): Promise<{ event_id: string; n: number }[]> {
  return harness.dataSource.query(`SELECT event_id, n FROM "${harness.schema}".effects ORDER BY id`);
}

function headersFor(id: string, key: string) {
  return cloudEventHeaders({ id, source: '/test/source', type: 'concord.test.ProbeRecorded.v1', subject: key, time: new Date().toISOString() });
}

describe('ConsumerRunner on the real broker, registry and database', () => {
  let harness: MessagingHarness;
  let topic: string;

  beforeEach(async () => {
    harness = await startHarness('runner');
    topic = uniqueName('test.probe-recorded.v1');
    await createTopic(topic);
  });

  afterEach(() => harness.close());

  async function send(records: { key: string; value: Buffer; id?: string }[]) {
    await harness.producer.send({
      topic,
      acks: -1,
      messages: records.map((r) => ({ key: r.key, value: r.value, headers: headersFor(r.id ?? randomUUID(), r.key) })),
    });
  }

  describe('when a handler throws twice and then succeeds', () => {
    it('takes effect once, after three attempts, and dead-letters nothing', async () => {
      const descriptor = probeDescriptor(topic);
      let failuresLeft = 2;
      const handler = recordingHandler(topic, () => {
        if (failuresLeft-- > 0) throw new Error('transient handler failure');
      });
      await send([{ key: 'k', value: await encodeFor(harness.codec, descriptor, { key: 'k', n: 1 }) }]);
      await harness.startConsumer({ handlers: [handler] });

      await waitFor(async () => (await effects(harness)).length === 1, { description: 'the effect' });
      expect([...handler.calls.values()]).toEqual([3]);
      expect(await harness.metrics.deadLettered.get()).toMatchObject({ values: [] });
      expect((await effects(harness)).map((e) => e.n)).toEqual([1]);
    });
  });

  describe('when Postgres rolls the transaction back for a deadlock, more often than the retry budget', () => {
    it('applies the chunk again without spending the retries: one effect, nothing dead-lettered', async () => {
      const descriptor = probeDescriptor(topic);
      const recording = recordingHandler(topic);
      let conflictsLeft = 6; // more than the 1 + 3 attempts a failing record gets
      const handler: EventHandlerRegistration<ProbeEvent> = {
        descriptor,
        async handle(event, context) {
          if (conflictsLeft-- > 0) {
            // The real driver's error for SQLSTATE 40P01, raised by the real server.
            await context.manager.query(`DO $$ BEGIN RAISE EXCEPTION USING ERRCODE = '40P01', MESSAGE = 'deadlock detected (raised by the test)'; END $$`);
          }
          await recording.handle(event, context);
        },
      };
      await send([{ key: 'k', value: await encodeFor(harness.codec, descriptor, { key: 'k', n: 1 }) }]);
      await harness.startConsumer({ handlers: [handler] });

      await waitFor(async () => (await effects(harness)).length === 1, { description: 'the effect', timeoutMs: 30_000 });
      expect(conflictsLeft).toBe(-1);
      expect(await harness.metrics.deadLettered.get()).toMatchObject({ values: [] });
      expect(await harness.metrics.retries.get()).toMatchObject({ values: [] });
      expect((await harness.metrics.transactionConflicts.get()).values.map((v) => v.value)).toEqual([6]);
    });
  });

  describe('when a handler always throws', () => {
    it('dead-letters the record after exactly 4 attempts with its bytes, key and headers intact, and moves on', async () => {
      const descriptor = probeDescriptor(topic);
      const poisonValue = await encodeFor(harness.codec, descriptor, { key: 'k', n: 1 });
      const handler = recordingHandler(topic, (event) => {
        if (event.payload.n === 1) throw Object.assign(new Error('cannot apply n=1'), { code: 'TEST.ALWAYS_FAILS' });
      });
      const poisonId = randomUUID();
      await send([
        { key: 'k', value: poisonValue, id: poisonId },
        { key: 'k', value: await encodeFor(harness.codec, descriptor, { key: 'k', n: 2 }) },
      ]);
      await harness.startConsumer({ handlers: [handler] });

      const [dead] = await readTopicUntil(harness.kafka, deadLetterTopic(topic, harness.groupId), 1);
      expect(dead.value?.equals(poisonValue)).toBe(true);
      expect(dead.key).toBe('k');
      expect(dead.headers).toMatchObject({
        ce_id: poisonId,
        ce_source: '/test/source',
        [DeadLetterHeaders.code]: 'TEST.ALWAYS_FAILS',
        [DeadLetterHeaders.reason]: 'cannot apply n=1',
        [DeadLetterHeaders.stage]: 'process',
        [DeadLetterHeaders.attempts]: '4',
        [DeadLetterHeaders.topic]: topic,
        [DeadLetterHeaders.partition]: '0',
        [DeadLetterHeaders.offset]: '0',
        [DeadLetterHeaders.consumerGroup]: harness.groupId,
      });
      expect(new Date(dead.headers[DeadLetterHeaders.time]).getTime()).not.toBeNaN();
      expect(handler.calls.get(poisonId)).toBe(4);
      await waitFor(async () => (await effects(harness)).length === 1, { description: 'the record behind the poison one' });
      expect((await effects(harness)).map((e) => e.n)).toEqual([2]);
    });
  });

  describe('when records cannot be decoded', () => {
    it('dead-letters each at once with stage decode and its own code, and processes the records behind them', async () => {
      const descriptor = probeDescriptor(topic);
      const valid = await encodeFor(harness.codec, descriptor, { key: 'k', n: 7 });
      const wrongMagic = Buffer.from(valid);
      wrongMagic[0] = 1;
      const unknownSchemaId = Buffer.from(valid);
      unknownSchemaId.writeInt32BE(2_000_000_000, 1);
      const truncated = valid.subarray(0, valid.length - 2);
      const garbage = Buffer.from('{"key":"k","n":7}');
      await send([
        { key: 'k', value: garbage },
        { key: 'k', value: wrongMagic },
        { key: 'k', value: unknownSchemaId },
        { key: 'k', value: truncated },
        { key: 'k', value: valid },
      ]);
      const handler = recordingHandler(topic);
      await harness.startConsumer({ handlers: [handler] });

      const dead = await readTopicUntil(harness.kafka, deadLetterTopic(topic, harness.groupId), 4);
      expect(dead.map((d) => [d.headers[DeadLetterHeaders.offset], d.headers[DeadLetterHeaders.stage], d.headers[DeadLetterHeaders.code]])).toEqual([
        ['0', 'decode', 'DECODE.UNFRAMED_TEXT'],
        ['1', 'decode', 'DECODE.BAD_MAGIC_BYTE'],
        ['2', 'decode', 'DECODE.UNKNOWN_SCHEMA_ID'],
        ['3', 'decode', 'DECODE.INVALID_AVRO'],
      ]);
      expect(dead.map((d) => d.headers[DeadLetterHeaders.attempts])).toEqual(['1', '1', '1', '1']);
      expect(dead[1].value?.equals(wrongMagic)).toBe(true);
      expect(dead[3].value?.equals(truncated)).toBe(true);
      await waitFor(async () => (await effects(harness)).length === 1, { description: 'the valid record' });
      expect((await effects(harness)).map((e) => e.n)).toEqual([7]);
    });
  });

  describe('when validation rejects a record', () => {
    it('dead-letters it at once with stage validate, without retrying', async () => {
      const descriptor = probeDescriptor(topic);
      const handler = {
        ...recordingHandler(topic),
        validate(event: { payload: ProbeEvent }) {
          if (event.payload.n < 0) throw new ValidationError('TEST.NEGATIVE_N', `n must not be negative (got ${event.payload.n})`);
        },
      };
      await send([
        { key: 'k', value: await encodeFor(harness.codec, descriptor, { key: 'k', n: -1 }) },
        { key: 'k', value: await encodeFor(harness.codec, descriptor, { key: 'k', n: 1 }) },
      ]);
      await harness.startConsumer({ handlers: [handler] });

      const [dead] = await readTopicUntil(harness.kafka, deadLetterTopic(topic, harness.groupId), 1);
      expect(dead.headers).toMatchObject({ [DeadLetterHeaders.stage]: 'validate', [DeadLetterHeaders.code]: 'TEST.NEGATIVE_N', [DeadLetterHeaders.attempts]: '1' });
      await waitFor(async () => (await effects(harness)).length === 1, { description: 'the valid record' });
      expect(handler.calls.size).toBe(1);
    });
  });

  describe('when the same event is delivered three times', () => {
    it('takes effect once', async () => {
      const descriptor = probeDescriptor(topic);
      const id = randomUUID();
      const value = await encodeFor(harness.codec, descriptor, { key: 'k', n: 1 });
      await send([{ key: 'k', value, id }, { key: 'k', value, id }]);
      const handler = recordingHandler(topic);
      await harness.startConsumer({ handlers: [handler] });
      await waitFor(async () => (await effects(harness)).length === 1, { description: 'the first delivery' });
      // The third delivery arrives in a later batch, after the first one's transaction committed.
      await send([{ key: 'k', value, id }, { key: 'k', value: await encodeFor(harness.codec, descriptor, { key: 'k', n: 2 }) }]);
      await waitFor(async () => (await effects(harness)).length === 2, { description: 'the record after the duplicates' });

      expect((await effects(harness)).map((e) => [e.event_id, e.n])).toEqual([
        [id, 1],
        [expect.any(String), 2],
      ]);
      const consumed = await harness.metrics.consumed.get();
      expect(consumed.values.find((v) => v.labels.outcome === 'duplicate')?.value).toBe(2);
    });
  });

  describe('when a handler applies whole chunks (batch mode)', () => {
    it('applies the records in as few calls as chunks, and isolates a bad record by falling back to one at a time', async () => {
      const descriptor = probeDescriptor(topic);
      const batchSizes: number[] = [];
      const single = recordingHandler(topic, (event) => {
        if (event.payload.n === 13) throw Object.assign(new Error('13 is unlucky'), { code: 'TEST.UNLUCKY' });
      });
      const handler = {
        ...single,
        async handleBatch(events: { id: string; offset: string; payload: ProbeEvent; traceparent?: string }[], { manager }: { manager: import('typeorm').EntityManager }) {
          batchSizes.push(events.length);
          if (events.some((e) => e.payload.n === 13)) throw new Error('a record in this chunk is bad');
          const schema = (manager.connection.options as { schema: string }).schema;
          await manager.query(
            `INSERT INTO "${schema}".effects (event_id, event_key, n, source_offset) SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::bigint[])`,
            [events.map((e) => e.id), events.map((e) => e.payload.key), events.map((e) => e.payload.n), events.map((e) => e.offset)],
          );
        },
      };
      const records = [];
      for (let n = 1; n <= 40; n++) records.push({ key: 'k', value: await encodeFor(harness.codec, descriptor, { key: 'k', n }) });
      await send(records);
      await harness.startConsumer({ handlers: [handler], chunkSize: 20 });

      await waitFor(async () => (await effects(harness)).length === 39, { description: '39 effects' });
      const [dead] = await readTopicUntil(harness.kafka, deadLetterTopic(topic, harness.groupId), 1);
      expect(dead.headers).toMatchObject({ [DeadLetterHeaders.code]: 'TEST.UNLUCKY', [DeadLetterHeaders.attempts]: '4' });
      expect((await effects(harness)).map((e) => e.n).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1).filter((n) => n !== 13));
      expect(batchSizes.length).toBeLessThan(10); // chunks, not records
    });
  });

  describe('when a source sends no ce_id', () => {
    it('derives the id from topic/partition/offset and counts it', async () => {
      const descriptor = probeDescriptor(topic);
      await harness.producer.send({ topic, messages: [{ key: 'k', value: await encodeFor(harness.codec, descriptor, { key: 'k', n: 1 }) }] });
      await harness.startConsumer({ handlers: [recordingHandler(topic)] });
      await waitFor(async () => (await effects(harness)).length === 1, { description: 'the effect' });
      expect((await effects(harness))[0].event_id).toBe(`${topic}/0/0`);
      expect((await harness.metrics.derivedEventIds.get()).values[0].value).toBe(1);
    });
  });
});
