import { Type } from 'avsc';
import { Decimal } from 'decimal.js';
import { avroOptions, avroTypeForSchema, explainInvalidValue, InvalidLogicalValueError } from './logical-types';

const money = avroTypeForSchema({ type: 'bytes', logicalType: 'decimal', precision: 18, scale: 4 });
const instant = avroTypeForSchema({ type: 'long', logicalType: 'timestamp-millis' });
const calendarDate = avroTypeForSchema({ type: 'int', logicalType: 'date' });
const uuid = avroTypeForSchema({ type: 'string', logicalType: 'uuid' });

const roundTrip = (type: Type, value: unknown) => type.fromBuffer(type.toBuffer(value));
/** The Avro `bytes` payload of an encoded decimal, without its length prefix. */
const unscaledBytes = (value: Decimal) => (avroTypeForSchema({ type: 'bytes' }).fromBuffer(money.toBuffer(value)) as Buffer).toString('hex');
const asRawBytes = (hex: string) => avroTypeForSchema({ type: 'bytes' }).toBuffer(Buffer.from(hex, 'hex'));

describe('decimal(18, 4)', () => {
  it.each(['0', '1', '-1', '19.99', '-19.99', '0.0001', '-0.0001', '12345.6789', '99999999999999.9999', '-99999999999999.9999'])(
    'decodes %s to exactly the value encoded',
    (text) => {
      const decoded = roundTrip(money, new Decimal(text)) as Decimal;
      expect(decoded).toBeInstanceOf(Decimal);
      expect(decoded.equals(new Decimal(text))).toBe(true);
      expect(decoded.toFixed()).toBe(new Decimal(text).toFixed());
    },
  );

  it('keeps 0.1 + 0.2 exactly 0.3', () => {
    const sum = new Decimal('0.1').plus(new Decimal('0.2'));
    expect((roundTrip(money, sum) as Decimal).toFixed(4)).toBe('0.3000');
    expect(money.toBuffer(sum).equals(money.toBuffer(new Decimal('0.3')))).toBe(true);
  });

  it('writes the two’s-complement big-endian unscaled integer, as Java’s BigDecimal does', () => {
    expect(unscaledBytes(new Decimal('0'))).toBe('00');
    expect(unscaledBytes(new Decimal('1'))).toBe('2710'); // 10000
    expect(unscaledBytes(new Decimal('-1'))).toBe('d8f0'); // -10000
    expect(unscaledBytes(new Decimal('0.0128'))).toBe('0080'); // 128 needs a sign byte
    expect(unscaledBytes(new Decimal('-0.0128'))).toBe('80'); // -128 fits one byte
  });

  it('reads sign-extended (non-minimal) encodings from other producers', () => {
    expect((money.fromBuffer(asRawBytes('ffd8f0')) as Decimal).toFixed()).toBe('-1');
    expect((money.fromBuffer(asRawBytes('002710')) as Decimal).toFixed()).toBe('1');
  });

  it('accepts trailing zeros beyond the scale because the value is still exact', () => {
    expect((roundTrip(money, new Decimal('1.230000')) as Decimal).toFixed()).toBe('1.23');
  });

  describe('when a value does not fit', () => {
    it('rejects more fractional digits than the scale instead of rounding', () => {
      expect(() => money.toBuffer(new Decimal('0.00001'))).toThrow(InvalidLogicalValueError);
      expect(() => money.toBuffer(new Decimal('19.99999'))).toThrow(
        'decimal: 19.99999 has 5 fractional digits; decimal(18, 4) allows 4 — round it explicitly',
      );
    });

    it('rejects more digits than the precision', () => {
      expect(() => money.toBuffer(new Decimal('100000000000000'))).toThrow(/needs 19 digits; decimal\(18, 4\) allows 18/);
      expect(() => money.toBuffer(new Decimal('-100000000000000'))).toThrow(/needs 19 digits/);
    });

    it('rejects numbers, strings and non-finite values: money is never a float', () => {
      expect(() => money.toBuffer(19.99)).toThrow('decimal: expected a decimal.js Decimal, got number 19.99');
      expect(() => money.toBuffer('19.99')).toThrow(/expected a decimal.js Decimal/);
      expect(() => money.toBuffer(new Decimal(NaN))).toThrow(/not a finite number/);
      expect(() => money.toBuffer(new Decimal(Infinity))).toThrow(/not a finite number/);
    });

    it('rejects decoded values with more digits than the precision', () => {
      const nineteenDigits = (10n ** 18n).toString(16).padStart(16, '0');
      expect(() => money.fromBuffer(asRawBytes(nineteenDigits))).toThrow(/decoded value has 19 digits/);
    });

    it('reports the reason for an optional money field too', () => {
      const record = avroTypeForSchema({
        type: 'record',
        name: 'Priced',
        fields: [{ name: 'amount', type: ['null', { type: 'bytes', logicalType: 'decimal', precision: 18, scale: 4 }], default: null }],
      });
      expect(record.isValid({ amount: null })).toBe(true);
      expect(record.isValid({ amount: new Decimal('1.5') })).toBe(true);
      expect(() => record.toBuffer({ amount: new Decimal('1.23456') })).toThrow();
      expect(explainInvalidValue(record, { amount: new Decimal('1.23456') })).toEqual([
        'amount: decimal: 1.23456 has 5 fractional digits; decimal(18, 4) allows 4 — round it explicitly',
      ]);
    });
  });

  it('refuses a schema without a valid precision rather than falling back to raw bytes', () => {
    expect(() => avroTypeForSchema({ type: 'bytes', logicalType: 'decimal' })).toThrow(/precision must be a positive integer/);
    expect(() => avroTypeForSchema({ type: 'bytes', logicalType: 'decimal', precision: 4, scale: 5 })).toThrow(/scale must be/);
  });
});

describe('timestamp-millis', () => {
  it('encodes a Date as milliseconds since the epoch, UTC', () => {
    const date = new Date('2025-06-02T08:30:00.123Z');
    expect(avroTypeForSchema('long').fromBuffer(instant.toBuffer(date))).toBe(Date.UTC(2025, 5, 2, 8, 30, 0, 123));
    expect(roundTrip(instant, date)).toEqual(date);
  });

  it('handles instants before 1970', () => {
    const date = new Date('1969-07-20T20:17:40.000Z');
    expect((roundTrip(instant, date) as Date).toISOString()).toBe('1969-07-20T20:17:40.000Z');
  });

  it('rejects an invalid Date and values that are not Dates', () => {
    expect(() => instant.toBuffer(new Date('not a date'))).toThrow('timestamp-millis: Invalid Date');
    expect(() => instant.toBuffer(Date.now())).toThrow(/expected a Date, got number/);
    expect(() => instant.toBuffer('2025-06-02T08:30:00Z')).toThrow(/expected a Date/);
  });
});

describe('date', () => {
  it.each([
    ['1970-01-01', 0],
    ['1969-12-31', -1],
    ['2000-02-29', 11016],
    ['2024-02-29', 19782],
    ['0001-01-01', -719162],
    ['9999-12-31', 2932896],
  ])('encodes %s as %d days since 1970-01-01 and back', (text, days) => {
    expect(avroTypeForSchema('int').fromBuffer(calendarDate.toBuffer(text))).toBe(days);
    expect(roundTrip(calendarDate, text)).toBe(text);
  });

  it('does not depend on the process time zone', () => {
    const original = process.env.TZ;
    try {
      for (const zone of ['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'UTC']) {
        process.env.TZ = zone;
        expect(avroTypeForSchema('int').fromBuffer(calendarDate.toBuffer('2025-03-30'))).toBe(20177);
        expect(roundTrip(calendarDate, '2025-03-30')).toBe('2025-03-30');
      }
    } finally {
      if (original === undefined) delete process.env.TZ;
      else process.env.TZ = original;
    }
  });

  it.each(['2023-02-29', '2025-13-01', '2025-04-31', '2025-6-2', '2025-06-02T00:00:00Z', '02.06.2025', ''])('rejects %p', (text) => {
    expect(() => calendarDate.toBuffer(text)).toThrow(InvalidLogicalValueError);
  });

  it('rejects a Date object: a calendar date is a YYYY-MM-DD string', () => {
    expect(() => calendarDate.toBuffer(new Date('2025-06-02'))).toThrow(/expected a 'YYYY-MM-DD' string, got Date/);
  });
});

describe('uuid', () => {
  const id = '3f2b8c1e-9d4a-4e6b-8a7c-1d2e3f405162';

  it('round-trips a UUID', () => {
    expect(roundTrip(uuid, id)).toBe(id);
  });

  it('accepts upper case and decodes to lower case', () => {
    expect(roundTrip(uuid, id.toUpperCase())).toBe(id);
  });

  it.each(['', 'not-a-uuid', '3f2b8c1e9d4a4e6b8a7c1d2e3f405162', `${id}0`, '{3f2b8c1e-9d4a-4e6b-8a7c-1d2e3f405162}'])('rejects %p', (text) => {
    expect(() => uuid.toBuffer(text)).toThrow(/uuid: expected a UUID string/);
  });

  it('rejects a malformed UUID when decoding', () => {
    expect(() => uuid.fromBuffer(avroTypeForSchema('string').toBuffer('nope'))).toThrow(/uuid: expected a UUID string/);
  });
});

describe('avroOptions', () => {
  const schema = {
    type: 'record' as const,
    name: 'concord.test.Named',
    fields: [{ name: 'kind', type: { type: 'enum' as const, name: 'Kind', symbols: ['A', 'B'] } }],
  };

  it('is frozen, so avsc cannot leave a registry of type names in it', () => {
    expect(Object.isFrozen(avroOptions)).toBe(true);
    expect(() => Type.forSchema(schema, avroOptions)).toThrow(TypeError);
  });

  it('parses the same named types any number of times when copied', () => {
    expect(() => {
      Type.forSchema(schema, { ...avroOptions });
      Type.forSchema(schema, { ...avroOptions });
      avroTypeForSchema(schema);
    }).not.toThrow();
  });

  it('reads data written with an older schema version, keeping logical types', () => {
    const v1 = avroTypeForSchema({
      type: 'record',
      name: 'concord.test.Priced',
      fields: [
        { name: 'amount', type: { type: 'bytes', logicalType: 'decimal', precision: 18, scale: 4 } },
        { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
      ],
    });
    const v2 = avroTypeForSchema({
      type: 'record',
      name: 'concord.test.Priced',
      fields: [
        { name: 'amount', type: { type: 'bytes', logicalType: 'decimal', precision: 18, scale: 4 } },
        { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
        { name: 'on', type: ['null', { type: 'int', logicalType: 'date' }], default: null },
      ],
    });
    const written = v1.toBuffer({ amount: new Decimal('9.5'), at: new Date('2025-06-02T08:30:00Z') });
    const read = v2.fromBuffer(written, v2.createResolver(v1));
    expect(read.amount.toFixed()).toBe('9.5');
    expect(read.at).toEqual(new Date('2025-06-02T08:30:00Z'));
    expect(read.on).toBeNull();
  });

  it('refuses to read a decimal written with another scale', () => {
    const scale2 = avroTypeForSchema({ type: 'bytes', logicalType: 'decimal', precision: 18, scale: 2 });
    expect(() => money.createResolver(scale2)).toThrow();
  });
});
