import { Type } from 'avsc';
import { avroOptions } from '@concord/contracts';
import { DecodeError } from '../errors';
import type { EventDescriptor } from '../event-descriptor';
import { AvroCodec } from './avro-codec';

const descriptor: EventDescriptor<{ id: string }> = {
  name: 'Probe',
  topic: 'test.probe.v1',
  subject: 'test.probe.v1-value',
  ceType: 'concord.test.Probe.v1',
  schemaText: '{"type":"record","name":"Probe","fields":[{"name":"id","type":"string"}]}',
  type: Type.forSchema({ type: 'record', name: 'Probe', fields: [{ name: 'id', type: 'string' }] }),
  keyOf: (payload) => payload.id,
};

// Framing problems are found before the registry is asked anything; the URL is never called.
const codec = new AvroCodec({ registryUrl: 'http://127.0.0.1:1/apis/ccompat/v7', avroOptions });

async function decodeError(value: Buffer | null): Promise<DecodeError> {
  try {
    await codec.decode(value, descriptor);
  } catch (error) {
    if (error instanceof DecodeError) return error;
    throw error;
  }
  throw new Error('expected a DecodeError');
}

describe('AvroCodec', () => {
  describe('when the bytes are not Confluent-framed', () => {
    it('reports an empty value', async () => {
      expect((await decodeError(null)).code).toBe('DECODE.EMPTY_VALUE');
    });

    it('reports a value shorter than the 5-byte header', async () => {
      expect((await decodeError(Buffer.from([0, 0, 1]))).code).toBe('DECODE.NOT_FRAMED');
    });

    it('reports text (a source that skipped the Avro serializer) as unframed text', async () => {
      const error = await decodeError(Buffer.from('{"sku":"SKU-1","quantity":3}'));
      expect(error.code).toBe('DECODE.UNFRAMED_TEXT');
      expect(error.message).toContain('SKU-1');
    });

    it('reports a wrong magic byte with the byte it found', async () => {
      const error = await decodeError(Buffer.from([7, 0, 0, 0, 1, 2, 104, 105]));
      expect(error.code).toBe('DECODE.BAD_MAGIC_BYTE');
      expect(error.stage).toBe('decode');
      expect(error.message).toContain('7');
    });
  });

  it('refuses to encode before the schema is registered', () => {
    expect(() => codec.encode(descriptor, { id: 'x' })).toThrow(/not registered/);
  });
});
