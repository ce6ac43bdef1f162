import { Type, types, type Schema } from 'avsc';
import { Decimal } from 'decimal.js';

/**
 * Thrown when a value cannot be encoded as, or decoded from, an Avro logical type: a decimal with more
 * fractional digits than the scale, an invalid Date, a malformed date string or UUID. The message names
 * the logical type and the value; nothing is rounded or coerced silently.
 */
export class InvalidLogicalValueError extends Error {
  readonly code = 'CONTRACTS.INVALID_LOGICAL_VALUE';
  constructor(
    readonly logicalType: string,
    message: string,
  ) {
    super(`${logicalType}: ${message}`);
    this.name = 'InvalidLogicalValueError';
  }
}

type SchemaAttributes = Record<string, unknown>;
type ReadFromWriter = ((value: unknown) => unknown) | undefined;

/** Base of Concord's logical types: adds `explain`, used to report why a value is not encodable. */
abstract class ConcordLogicalType extends types.LogicalType {
  protected readonly logicalTypeName: string;

  protected constructor(schema: Schema, opts: unknown, logicalTypeName: string, underlying: string) {
    super(schema, opts);
    this.logicalTypeName = logicalTypeName;
    if (!Type.isType(this.underlyingType, underlying)) {
      throw new Error(`${logicalTypeName}: the underlying type must be ${underlying}, got ${this.underlyingType.typeName}`);
    }
  }

  /** Why `value` cannot be encoded with this type, or undefined when it can. */
  explain(value: unknown): string | undefined {
    try {
      this._toValue(value);
      return undefined;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }

  protected invalid(message: string): InvalidLogicalValueError {
    return new InvalidLogicalValueError(this.logicalTypeName, message);
  }
}

const describe = (value: unknown): string => {
  if (value === null) return 'null';
  if (value instanceof Date) return `Date(${Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString()})`;
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object') return value.constructor?.name ?? 'object';
  return `${typeof value} ${String(value)}`;
};

/**
 * Avro `decimal` on `bytes`: a decimal.js Decimal, encoded as the two's-complement big-endian unscaled
 * integer (value x 10^scale), as Java's BigDecimal does. Values with more fractional digits than the
 * scale, or more digits than the precision, are rejected: round explicitly before encoding.
 */
export class DecimalType extends ConcordLogicalType {
  readonly precision: number;
  readonly scale: number;

  constructor(schema: Schema, opts?: unknown) {
    super(schema, opts, 'decimal', 'bytes');
    const { precision, scale = 0 } = schema as SchemaAttributes;
    if (typeof precision !== 'number' || !Number.isInteger(precision) || precision < 1) {
      throw new Error(`decimal: precision must be a positive integer, got ${String(precision)}`);
    }
    if (typeof scale !== 'number' || !Number.isInteger(scale) || scale < 0 || scale > precision) {
      throw new Error(`decimal: scale must be an integer from 0 to the precision (${precision}), got ${String(scale)}`);
    }
    this.precision = precision;
    this.scale = scale;
  }

  protected override _toValue(value: unknown): Buffer {
    if (!Decimal.isDecimal(value)) throw this.invalid(`expected a decimal.js Decimal, got ${describe(value)}`);
    if (!value.isFinite()) throw this.invalid(`${value.toString()} is not a finite number`);
    // toFixed() without arguments is exact (no rounding) and never uses exponent notation.
    const text = value.toFixed();
    const [integerPart, fraction = ''] = text.replace('-', '').split('.');
    if (fraction.length > this.scale) {
      throw this.invalid(`${text} has ${fraction.length} fractional digits; decimal(${this.precision}, ${this.scale}) allows ${this.scale} — round it explicitly`);
    }
    const digits = `${integerPart}${fraction.padEnd(this.scale, '0')}`.replace(/^0+(?=\d)/, '');
    if (digits.length > this.precision) {
      throw this.invalid(
        `${text} needs ${digits.length} digits; decimal(${this.precision}, ${this.scale}) allows ${this.precision} (at most ${this.precision - this.scale} before the point)`,
      );
    }
    return toTwosComplement(BigInt(`${text.startsWith('-') ? '-' : ''}${digits}`));
  }

  protected override _fromValue(bytes: Buffer): Decimal {
    if (bytes.length === 0) throw this.invalid('empty bytes are not a decimal');
    const unscaled = fromTwosComplement(bytes);
    const digits = (unscaled < 0n ? -unscaled : unscaled).toString();
    if (digits.length > this.precision) {
      throw this.invalid(`decoded value has ${digits.length} digits; decimal(${this.precision}, ${this.scale}) allows ${this.precision}`);
    }
    const padded = digits.padStart(this.scale + 1, '0');
    const integerPart = padded.slice(0, padded.length - this.scale);
    const fraction = padded.slice(padded.length - this.scale);
    return new Decimal(`${unscaled < 0n ? '-' : ''}${integerPart}${fraction ? `.${fraction}` : ''}`);
  }

  protected override _resolve(writer: Type): ReadFromWriter {
    // Avro resolves decimals only between equal scales; a narrower writer precision always fits.
    if (writer instanceof DecimalType && writer.scale === this.scale && writer.precision <= this.precision) {
      return (value) => value;
    }
    return undefined;
  }

  protected override _export(attributes: Schema): void {
    Object.assign(attributes as SchemaAttributes, { precision: this.precision, scale: this.scale });
  }
}

/** Minimal two's-complement big-endian bytes of `value` (what Java's BigInteger.toByteArray returns). */
function toTwosComplement(value: bigint): Buffer {
  let length = 1;
  while (value >= 1n << BigInt(8 * length - 1) || value < -(1n << BigInt(8 * length - 1))) length++;
  let rest = value < 0n ? (1n << BigInt(8 * length)) + value : value;
  const bytes = Buffer.alloc(length);
  for (let index = length - 1; index >= 0; index--) {
    bytes[index] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return bytes;
}

function fromTwosComplement(bytes: Buffer): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return bytes[0] & 0x80 ? value - (1n << BigInt(8 * bytes.length)) : value;
}

/** Avro `timestamp-millis` on `long`: a JavaScript Date (an instant; milliseconds since the epoch, UTC). */
export class TimestampMillisType extends ConcordLogicalType {
  constructor(schema: Schema, opts?: unknown) {
    super(schema, opts, 'timestamp-millis', 'long');
  }

  protected override _toValue(value: unknown): number {
    if (!(value instanceof Date)) throw this.invalid(`expected a Date, got ${describe(value)}`);
    const millis = value.getTime();
    if (Number.isNaN(millis)) throw this.invalid('Invalid Date');
    return millis;
  }

  protected override _fromValue(millis: number): Date {
    const date = new Date(millis);
    if (Number.isNaN(date.getTime())) throw this.invalid(`${millis} ms is outside the range of a Date`);
    return date;
  }

  protected override _resolve(writer: Type): ReadFromWriter {
    if (writer instanceof TimestampMillisType) return (value) => value;
    if (Type.isType(writer, 'long')) return (value) => this._fromValue(value as number);
    return undefined;
  }
}

const MILLIS_PER_DAY = 86_400_000;
const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Avro `date` on `int`: a calendar date as a 'YYYY-MM-DD' string (days since 1970-01-01 on the wire).
 * A string rather than a Date so that no time zone can shift the day; the conversion uses UTC only.
 */
export class DateType extends ConcordLogicalType {
  constructor(schema: Schema, opts?: unknown) {
    super(schema, opts, 'date', 'int');
  }

  protected override _toValue(value: unknown): number {
    const match = typeof value === 'string' ? CALENDAR_DATE.exec(value) : null;
    if (!match) throw this.invalid(`expected a 'YYYY-MM-DD' string, got ${describe(value)}`);
    const [year, month, day] = match.slice(1).map(Number);
    const date = new Date(0);
    date.setUTCFullYear(year, month - 1, day); // unlike Date.UTC, keeps years 0-99 as they are
    if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
      throw this.invalid(`${value as string} is not a calendar date`);
    }
    return date.getTime() / MILLIS_PER_DAY;
  }

  protected override _fromValue(days: number): string {
    const date = new Date(days * MILLIS_PER_DAY);
    const year = date.getUTCFullYear();
    if (Number.isNaN(date.getTime()) || year < 0 || year > 9999) {
      throw this.invalid(`${days} days since 1970-01-01 is outside years 0000-9999`);
    }
    const pad = (part: number, width: number) => String(part).padStart(width, '0');
    return `${pad(year, 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;
  }

  protected override _resolve(writer: Type): ReadFromWriter {
    if (writer instanceof DateType) return (value) => value;
    if (Type.isType(writer, 'int')) return (value) => this._fromValue(value as number);
    return undefined;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Avro `uuid` on `string`: a UUID in its 8-4-4-4-12 hex form. Either case is accepted; decoding returns
 * lower case, so ids compare reliably as strings.
 */
export class UuidType extends ConcordLogicalType {
  constructor(schema: Schema, opts?: unknown) {
    super(schema, opts, 'uuid', 'string');
  }

  protected override _toValue(value: unknown): string {
    if (typeof value !== 'string' || !UUID.test(value)) throw this.invalid(`expected a UUID string, got ${describe(value)}`);
    return value;
  }

  protected override _fromValue(value: string): string {
    return this._toValue(value).toLowerCase();
  }

  protected override _resolve(writer: Type): ReadFromWriter {
    if (writer instanceof UuidType) return (value) => value;
    if (Type.isType(writer, 'string')) return (value) => this._fromValue(value as string);
    return undefined;
  }
}

/**
 * avsc options with Concord's logical types. Pass them to the registry client, which copies them:
 * `new SchemaRegistry({ host }, { [SchemaType.AVRO]: avroOptions })`; and, copied, to avsc:
 * `Type.forSchema(schema, { ...avroOptions })` (or use `avroTypeForSchema`). The object is frozen
 * because avsc stores its registry of named types in the options it is given: a shared, mutated object
 * would make the next schema with the same type names fail to parse. `assertLogicalTypes` makes a
 * malformed logical type (say, a decimal without precision) an error instead of a silent fallback to
 * the raw underlying type.
 */
export const avroOptions = Object.freeze({
  logicalTypes: Object.freeze({
    decimal: DecimalType,
    'timestamp-millis': TimestampMillisType,
    date: DateType,
    uuid: UuidType,
  }),
  assertLogicalTypes: true,
});

/** Parses an Avro schema with Concord's logical types. */
export function avroTypeForSchema(schema: Schema): Type {
  return Type.forSchema(schema, { ...avroOptions });
}

/**
 * Explains why `value` does not match `type`: one `path: reason` line per problem, e.g.
 * `lines.0.shownUnitPrice: decimal: 1.23456 has 5 fractional digits; ...`. Empty when the value is valid.
 * Useful because avsc reports invalid values inside unions (optional fields) without the reason.
 */
export function explainInvalidValue(type: Type, value: unknown): string[] {
  const problems: string[] = [];
  type.isValid(value, {
    errorHook: (path, invalid, invalidType) => {
      const where = path.length > 0 ? path.join('.') : '(value)';
      problems.push(`${where}: ${reasonFor(invalidType, invalid)}`);
    },
  });
  return problems;
}

function reasonFor(type: Type, value: unknown): string {
  if (type instanceof ConcordLogicalType) return type.explain(value) ?? 'invalid value';
  if (Type.isType(type, 'union')) {
    const branches = (type as unknown as { types: Type[] }).types;
    for (const branch of branches) {
      if (branch instanceof ConcordLogicalType && value !== null && value !== undefined) {
        const reason = branch.explain(value);
        if (reason) return reason;
      }
    }
  }
  return `expected ${JSON.stringify(type.schema())}, got ${describe(value)}`;
}
