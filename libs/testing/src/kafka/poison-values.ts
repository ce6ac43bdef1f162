/** Undecodable variants of one valid Confluent-framed value, one per way a record can be poison. */
export interface PoisonValues {
  /** Readable text that is not framed at all (a producer that sent JSON to an Avro topic). */
  garbageText: Buffer;
  /** The valid value with the magic byte 0x00 replaced by 0x01. */
  wrongMagicByte: Buffer;
  /** The valid value with a schema id no registry holds (2^31 - 1). */
  unknownSchemaId: Buffer;
  /** The valid frame with the second half of its Avro body cut off. */
  truncatedAvro: Buffer;
}

const MAGIC_BYTE = 0x00;
const FRAME_HEADER_BYTES = 5;
const UNKNOWN_SCHEMA_ID = 0x7fffffff;

/**
 * Derives the poison variants of `validFramedValue` (magic byte 0x00, 4-byte big-endian schema id,
 * Avro body), for tests of decode failures and dead-lettering. The input is never modified.
 */
export function poisonValues(validFramedValue: Buffer): PoisonValues {
  if (validFramedValue.length <= FRAME_HEADER_BYTES || validFramedValue[0] !== MAGIC_BYTE) {
    throw new Error('poisonValues needs a Confluent-framed value: magic byte 0x00, a 4-byte schema id and a non-empty Avro body');
  }
  const wrongMagicByte = Buffer.from(validFramedValue);
  wrongMagicByte[0] = 0x01;
  const unknownSchemaId = Buffer.from(validFramedValue);
  unknownSchemaId.writeUInt32BE(UNKNOWN_SCHEMA_ID, 1);
  // A decoder consumes exactly the bytes of a valid body, so any strict prefix of it fails to decode.
  const bodyLength = validFramedValue.length - FRAME_HEADER_BYTES;
  const truncatedAvro = Buffer.from(validFramedValue.subarray(0, FRAME_HEADER_BYTES + Math.floor(bodyLength / 2)));
  return {
    garbageText: Buffer.from('{"this":"is not Avro","but":"JSON on an Avro topic"}', 'utf8'),
    wrongMagicByte,
    unknownSchemaId,
    truncatedAvro,
  };
}
