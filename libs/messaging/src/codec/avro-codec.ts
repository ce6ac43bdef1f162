import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import type { Resolver, Type } from 'avsc';
import { DecodeError, InfrastructureUnavailableError } from '../errors';
import type { EventDescriptor } from '../event-descriptor';

const MAGIC_BYTE = 0;
const HEADER_LENGTH = 5; // magic byte + 4-byte schema id

export interface AvroCodecOptions {
  /** Confluent-compatible registry URL, e.g. http://127.0.0.1:8081/apis/ccompat/v7 */
  registryUrl: string;
  /** avsc options with Concord's logical types (`avroOptions` from @concord/contracts). */
  avroOptions: object;
  /** Basic auth for the registry, when it requires it. */
  auth?: { username: string; password: string };
}

/**
 * Confluent wire format: `0x00`, the schema id (int32 big-endian), the Avro binary. Encoding uses
 * schema ids resolved once at start-up, so it needs no registry round trip; decoding looks the
 * writer schema up by id (cached) and resolves it to the consumer's reader schema.
 */
export class AvroCodec {
  private readonly registry: SchemaRegistry;
  private readonly writerIds = new Map<string, number>(); // subject -> id
  private readonly resolvers = new Map<string, Resolver>(); // `${id}:${subject}` -> resolver

  constructor(options: AvroCodecOptions) {
    this.registry = new SchemaRegistry(
      { host: options.registryUrl, auth: options.auth, retry: { retries: 2, initialRetryTimeInSecs: 0.2 } },
      { [SchemaType.AVRO]: options.avroOptions },
    );
  }

  /**
   * Registers (or finds) the descriptor's schema under its subject and remembers the id for
   * encoding. Call for every event a service produces before producing.
   */
  async registerWriter(descriptor: EventDescriptor): Promise<number> {
    const known = this.writerIds.get(descriptor.subject);
    if (known !== undefined) return known;
    try {
      const { id } = await this.registry.register(
        { type: SchemaType.AVRO, schema: descriptor.schemaText },
        { subject: descriptor.subject },
      );
      this.writerIds.set(descriptor.subject, id);
      return id;
    } catch (error) {
      throw asRegistryFailure(error, `registering ${descriptor.subject}`);
    }
  }

  /** Encodes a payload with the descriptor's registered schema. Throws on an invalid payload. */
  encode<T>(descriptor: EventDescriptor<T>, payload: T): Buffer {
    const id = this.writerIds.get(descriptor.subject);
    if (id === undefined) throw new Error(`${descriptor.subject}: schema not registered; call registerWriter first`);
    const header = Buffer.alloc(HEADER_LENGTH);
    header.writeUInt8(MAGIC_BYTE, 0);
    header.writeInt32BE(id, 1);
    return Buffer.concat([header, descriptor.type.toBuffer(payload)]);
  }

  /**
   * Decodes Confluent-framed Avro into the reader's shape. Every way the bytes can be unreadable is a
   * DecodeError with its own code; a registry outage is an InfrastructureUnavailableError.
   */
  async decode<T>(value: Buffer | null, reader: EventDescriptor<T>): Promise<{ schemaId: number; payload: T }> {
    if (value === null || value.length === 0) throw new DecodeError('DECODE.EMPTY_VALUE', 'record has no value');
    if (value.length < HEADER_LENGTH) {
      throw new DecodeError('DECODE.NOT_FRAMED', `value of ${value.length} bytes is too short for the Confluent framing`);
    }
    if (value[0] !== MAGIC_BYTE) {
      // Text (JSON, CSV, XML) is the usual garbage: a source that skipped the Avro serializer.
      if (looksLikeText(value)) {
        throw new DecodeError('DECODE.UNFRAMED_TEXT', `value is text, not Confluent-framed Avro: ${JSON.stringify(value.subarray(0, 60).toString('utf8'))}`);
      }
      throw new DecodeError('DECODE.BAD_MAGIC_BYTE', `magic byte is ${value[0]}, expected ${MAGIC_BYTE}`);
    }
    const schemaId = value.readInt32BE(1);
    const resolver = await this.resolverFor(schemaId, reader);
    let decoded: { value: T; offset: number };
    try {
      decoded = reader.type.decode(value, HEADER_LENGTH, resolver) as { value: T; offset: number };
    } catch (error) {
      throw new DecodeError('DECODE.INVALID_AVRO', `Avro body does not decode with schema ${schemaId}: ${(error as Error).message}`);
    }
    if (decoded.offset !== value.length) {
      // avsc signals a truncated buffer with a negative offset; extra bytes leave it short of the end.
      const detail = decoded.offset < 0 ? 'truncated' : `${value.length - decoded.offset} trailing bytes`;
      throw new DecodeError('DECODE.INVALID_AVRO', `Avro body does not match schema ${schemaId}: ${detail}`);
    }
    return { schemaId, payload: decoded.value };
  }

  private async resolverFor(schemaId: number, reader: EventDescriptor): Promise<Resolver> {
    const key = `${schemaId}:${reader.subject}`;
    const cached = this.resolvers.get(key);
    if (cached) return cached;
    let writer: Type;
    try {
      writer = (await this.registry.getSchema(schemaId)) as unknown as Type;
    } catch (error) {
      if ((error as { status?: number }).status === 404) {
        throw new DecodeError('DECODE.UNKNOWN_SCHEMA_ID', `schema id ${schemaId} is not in the registry`);
      }
      throw asRegistryFailure(error, `fetching schema ${schemaId}`);
    }
    let resolver: Resolver;
    try {
      resolver = reader.type.createResolver(writer);
    } catch (error) {
      throw new DecodeError(
        'DECODE.INCOMPATIBLE_SCHEMA',
        `writer schema ${schemaId} cannot be read as ${reader.name}: ${(error as Error).message}`,
      );
    }
    this.resolvers.set(key, resolver);
    return resolver;
  }
}

function looksLikeText(value: Buffer): boolean {
  const sample = value.subarray(0, 256);
  return sample.every((byte) => byte === 9 || byte === 10 || byte === 13 || (byte >= 32 && byte !== 127));
}

function asRegistryFailure(error: unknown, action: string): Error {
  const status = (error as { status?: number }).status;
  if (status === undefined || status >= 500 || status === 429) {
    return new InfrastructureUnavailableError('schema-registry', `${action}: ${(error as Error).message}`, error);
  }
  return error as Error;
}
