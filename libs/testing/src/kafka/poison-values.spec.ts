import { Type } from 'avsc';
import { poisonValues } from './poison-values';

const schema = Type.forSchema({
  type: 'record',
  name: 'StockProbe',
  fields: [
    { name: 'sku', type: 'string' },
    { name: 'quantity', type: 'int' },
  ],
});
const SCHEMA_ID = 42;
const payload = { sku: 'SKU-1001', quantity: 7 };

function framed(body: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.writeUInt32BE(SCHEMA_ID, 1);
  return Buffer.concat([header, body]);
}

describe('poison values derived from a valid framed value', () => {
  const valid = framed(schema.toBuffer(payload));
  const original = Buffer.from(valid);
  const poison = poisonValues(valid);

  it('leaves the valid value untouched', () => {
    expect(valid.equals(original)).toBe(true);
  });

  it('garbage text is not framed at all', () => {
    expect(poison.garbageText[0]).not.toBe(0x00);
    expect(() => JSON.parse(poison.garbageText.toString('utf8'))).not.toThrow();
  });

  it('wrong magic byte differs from the valid value only in its first byte', () => {
    expect(poison.wrongMagicByte[0]).toBe(0x01);
    expect(poison.wrongMagicByte.subarray(1).equals(valid.subarray(1))).toBe(true);
  });

  it('unknown schema id keeps the magic byte and the body but names schema 2^31 - 1', () => {
    expect(poison.unknownSchemaId[0]).toBe(0x00);
    expect(poison.unknownSchemaId.readUInt32BE(1)).toBe(2 ** 31 - 1);
    expect(poison.unknownSchemaId.subarray(5).equals(valid.subarray(5))).toBe(true);
  });

  it('truncated Avro keeps the frame but its body no longer decodes', () => {
    expect(poison.truncatedAvro.subarray(0, 5).equals(valid.subarray(0, 5))).toBe(true);
    expect(poison.truncatedAvro.length).toBeLessThan(valid.length);
    expect(schema.fromBuffer(valid.subarray(5))).toEqual(payload);
    expect(() => schema.fromBuffer(poison.truncatedAvro.subarray(5))).toThrow();
  });

  it('refuses a value that is not Confluent-framed', () => {
    expect(() => poisonValues(Buffer.from('plain text'))).toThrow(/Confluent-framed/);
    expect(() => poisonValues(framed(Buffer.alloc(0)))).toThrow(/non-empty Avro body/);
  });
});
