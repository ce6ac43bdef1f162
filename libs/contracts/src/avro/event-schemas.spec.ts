import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { EventCatalog, EventNames, type EventName } from '../generated';
import { eventBuilders } from '../testing/event-builders';
import { findSchemasDirectory, loadEventSchema } from './event-schemas';
import { explainInvalidValue } from './logical-types';

const repositoryRoot = join(__dirname, '..', '..', '..', '..');

describe('loadEventSchema', () => {
  it('reads the schema the catalog names for an event and parses it', () => {
    const schema = loadEventSchema('InventoryUpdated');
    expect(schema.path).toBe(join(repositoryRoot, 'schemas', 'inventory', 'InventoryUpdated.avsc'));
    expect(schema.contract).toBe(EventCatalog.InventoryUpdated);
    expect(schema.definition.name).toBe('InventoryUpdated');
    expect(schema.definition.namespace).toBe('concord.inventory');
    expect(JSON.parse(schema.text)).toEqual(schema.definition);
    expect(schema.type.name).toBe('concord.inventory.InventoryUpdated');
  });

  it('reads each file once', () => {
    expect(loadEventSchema('OrderPlaced')).toBe(loadEventSchema('OrderPlaced'));
  });

  it('names an event that is not in the catalog', () => {
    expect(() => loadEventSchema('NoSuchEvent' as EventName)).toThrow('unknown event NoSuchEvent');
  });

  describe('findSchemasDirectory', () => {
    let scratch: string;
    beforeEach(() => (scratch = mkdtempSync(join(tmpdir(), 'contracts-'))));
    afterEach(() => rmSync(scratch, { recursive: true, force: true }));

    it('finds <repo>/schemas from the library source', () => {
      expect(findSchemasDirectory()).toBe(join(repositoryRoot, 'schemas'));
    });

    it('finds dist/schemas from the compiled library, where tools/build copies the schemas', () => {
      const compiled = join(scratch, 'dist', 'libs', 'contracts', 'src', 'avro');
      mkdirSync(compiled, { recursive: true });
      mkdirSync(join(scratch, 'dist', 'schemas'));
      writeFileSync(join(scratch, 'dist', 'schemas', 'catalog.yaml'), 'events: []\n');
      expect(findSchemasDirectory(compiled)).toBe(join(scratch, 'dist', 'schemas'));
    });

    it('says where it looked when there is no schemas directory', () => {
      expect(() => findSchemasDirectory(scratch)).toThrow(`no schemas/catalog.yaml in ${scratch}`);
    });

    it('loads from an explicit directory', () => {
      const schema = loadEventSchema('PriceChanged', { schemasDirectory: join(repositoryRoot, 'schemas') });
      expect(schema.definition.name).toBe('PriceChanged');
    });
  });
});

describe.each(EventNames)('%s', (eventName) => {
  const { type } = loadEventSchema(eventName);
  const example = eventBuilders[eventName]();

  it('has a builder whose example the schema accepts', () => {
    expect(explainInvalidValue(type, example)).toEqual([]);
  });

  it('decodes to what was encoded', () => {
    const decoded = type.fromBuffer(type.toBuffer(example));
    expect(decoded).toEqual(example);
  });

  it('decodes instants as Dates, money as Decimals and dates as YYYY-MM-DD strings', () => {
    const decoded = type.fromBuffer(type.toBuffer(example)) as Record<string, unknown>;
    for (const [field, value] of Object.entries(example as unknown as Record<string, unknown>)) {
      if (value instanceof Date) expect(decoded[field]).toBeInstanceOf(Date);
      if (Decimal.isDecimal(value)) expect(decoded[field]).toBeInstanceOf(Decimal);
      if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) expect(decoded[field]).toBe(value);
    }
  });
});
