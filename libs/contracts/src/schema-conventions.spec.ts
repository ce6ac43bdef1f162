// Checks every .avsc file under schemas/ against the messaging conventions (SPEC section 3): this is
// where a schema that uses a float for money, forgets a doc or a default, or drifts from the catalog fails.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Schema } from 'avsc';
import { parse as parseYaml } from 'yaml';
import { EventCatalog, EventNames } from './generated';
import { avroTypeForSchema } from './avro/logical-types';

const schemasDirectory = join(__dirname, '..', '..', '..', 'schemas');

interface AvroNode {
  type?: unknown;
  name?: string;
  doc?: string;
  fields?: AvroField[];
  symbols?: string[];
  default?: unknown;
  items?: unknown;
  values?: unknown;
  logicalType?: string;
  precision?: number;
  scale?: number;
}
interface AvroField {
  name: string;
  type: unknown;
  doc?: string;
  default?: unknown;
}
/** A field with the path to it and the records that enclose it, innermost last. */
interface VisitedField {
  path: string;
  field: AvroField;
  records: AvroNode[];
}

const avscFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? avscFiles(join(dir, entry.name)) : entry.name.endsWith('.avsc') ? [join(dir, entry.name)] : [],
  );

const schemas = avscFiles(schemasDirectory).map((path) => ({
  file: relative(schemasDirectory, path).split(sep).join('/'),
  schema: JSON.parse(readFileSync(path, 'utf8')) as AvroNode,
}));

/** Every type node (records, enums, arrays, unions' branches, field types) inside a schema. */
function typeNodes(node: unknown): AvroNode[] {
  if (Array.isArray(node)) return node.flatMap(typeNodes);
  if (typeof node === 'string' || node === null || typeof node !== 'object') return [];
  const avro = node as AvroNode;
  const nested = [
    ...(avro.fields ?? []).flatMap((field) => typeNodes(field.type)),
    ...(avro.items !== undefined ? typeNodes(avro.items) : []),
    ...(avro.values !== undefined ? typeNodes(avro.values) : []),
    ...(typeof avro.type === 'object' ? typeNodes(avro.type) : []),
  ];
  return [avro, ...nested];
}

/** Every field of every record inside a schema. */
function fieldsOf(node: unknown, path = '', records: AvroNode[] = []): VisitedField[] {
  if (Array.isArray(node)) return node.flatMap((branch) => fieldsOf(branch, path, records));
  if (typeof node !== 'object' || node === null) return [];
  const avro = node as AvroNode;
  if (avro.fields) {
    const enclosing = [...records, avro];
    return avro.fields.flatMap((field) => {
      const fieldPath = path ? `${path}.${field.name}` : field.name;
      return [{ path: fieldPath, field, records: enclosing }, ...fieldsOf(field.type, fieldPath, enclosing)];
    });
  }
  return [avro.items, avro.values, typeof avro.type === 'object' ? avro.type : undefined].flatMap((child) =>
    child === undefined ? [] : fieldsOf(child, path, records),
  );
}

const primitiveNames = (node: unknown): string[] =>
  Array.isArray(node) ? node.flatMap(primitiveNames) : typeof node === 'string' ? [node] : [];

const isDecimal = (node: AvroNode) => node.logicalType === 'decimal';
const containsDecimal = (type: unknown) => typeNodes(type).some(isDecimal);

describe('the Avro schemas under schemas/', () => {
  it('are exactly the schemas the catalog lists', () => {
    const catalog = parseYaml(readFileSync(join(schemasDirectory, 'catalog.yaml'), 'utf8')) as { events: Array<{ schema: string }> };
    expect(schemas.map(({ file }) => file).sort()).toEqual(catalog.events.map((event) => event.schema).sort());
    expect(EventNames.map((name) => EventCatalog[name].schemaFile).sort()).toEqual(schemas.map(({ file }) => file).sort());
  });

  describe.each(schemas)('$file', ({ file, schema }) => {
    const [domain, fileName] = file.split('/');

    it('is one record named after its file, in namespace concord.<domain>', () => {
      expect(schema.type).toBe('record');
      expect(schema.name).toBe(fileName.replace(/(\.v\d+)?\.avsc$/, ''));
      expect((schema as { namespace?: string }).namespace).toBe(`concord.${domain}`);
    });

    it('parses with avsc and Concord’s logical types', () => {
      expect(() => avroTypeForSchema(schema as unknown as Schema)).not.toThrow();
    });

    it('documents every record, enum and field', () => {
      const undocumented = [
        ...typeNodes(schema).filter((node) => (node.type === 'record' || node.type === 'enum') && !node.doc?.trim()).map((node) => node.name),
        ...fieldsOf(schema).filter(({ field }) => !field.doc?.trim()).map(({ path }) => path),
      ];
      expect(undocumented).toEqual([]);
    });

    it('has no float or double anywhere', () => {
      const floats = typeNodes(schema).filter((node) => node.type === 'float' || node.type === 'double');
      const floatFields = fieldsOf(schema).filter(({ field }) => primitiveNames(field.type).some((name) => name === 'float' || name === 'double'));
      expect([...floats.map((node) => node.type), ...floatFields.map(({ path }) => path)]).toEqual([]);
    });

    it('writes every decimal as bytes with precision 18 and scale 4', () => {
      for (const node of typeNodes(schema).filter(isDecimal)) {
        expect(node).toEqual({ type: 'bytes', logicalType: 'decimal', precision: 18, scale: 4 });
      }
    });

    it('puts an ISO 4217 currency beside every amount (in the record or an enclosing one)', () => {
      const amountsWithoutCurrency = fieldsOf(schema)
        .filter(({ field }) => containsDecimal(field.type) && !field.name.endsWith('Percent'))
        .filter(({ records }) => !records.some((record) => record.fields?.some((f) => f.name === 'currency' && f.doc?.includes('ISO 4217'))))
        .map(({ path }) => path);
      expect(amountsWithoutCurrency).toEqual([]);
    });

    it('uses only the logical types Concord registers, on their underlying types', () => {
      const expected: Record<string, string> = { decimal: 'bytes', 'timestamp-millis': 'long', date: 'int', uuid: 'string' };
      for (const node of typeNodes(schema).filter((n) => n.logicalType !== undefined)) {
        expect(expected[node.logicalType as string]).toBe(node.type);
      }
    });

    it('makes optional fields ["null", T] with default null', () => {
      for (const { path, field } of fieldsOf(schema).filter(({ field }) => Array.isArray(field.type))) {
        const branches = field.type as unknown[];
        expect({ path, first: branches[0], branches: branches.length, default: field.default }).toEqual({ path, first: 'null', branches: 2, default: null });
      }
    });

    it('gives every enum an UNKNOWN default, so readers survive symbols added later', () => {
      for (const node of typeNodes(schema).filter((n) => n.type === 'enum')) {
        expect({ name: node.name, default: node.default, hasSymbol: node.symbols?.includes('UNKNOWN') }).toEqual({
          name: node.name,
          default: 'UNKNOWN',
          hasSymbol: true,
        });
      }
    });

    it('carries business data only: no CloudEvents envelope fields in the value', () => {
      const envelope = ['specversion', 'ceId', 'ceType', 'ceSource', 'ceTime', 'traceparent', 'eventId', 'eventType', 'contentType'];
      expect(schema.fields?.map((field) => field.name).filter((name) => envelope.includes(name))).toEqual([]);
    });
  });

  it.each(EventNames)('key %s by a required top-level string field', (eventName) => {
    const { schemaFile, keyField } = EventCatalog[eventName];
    const schema = schemas.find(({ file }) => file === schemaFile)?.schema;
    const field = schema?.fields?.find((f) => f.name === keyField);
    expect(field).toBeDefined();
    const type = field?.type as string | AvroNode;
    expect(typeof type === 'string' ? type : type.type).toBe('string');
  });
});
