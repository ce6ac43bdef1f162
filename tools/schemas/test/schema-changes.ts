import { createServer } from 'node:net';
import { loadCatalog, type CatalogSchema } from '../schema-tools.cjs';

/** Avro field as written in the .avsc files. */
export interface AvroField {
  name: string;
  type: unknown;
  doc?: string;
  default?: unknown;
}

interface AvroRecord {
  fields: AvroField[];
  [key: string]: unknown;
}

/** The catalog entry (with working-tree schema text) of one event. */
export function catalogSchema(event: string): CatalogSchema {
  const schema = loadCatalog().find((entry) => entry.event === event);
  if (!schema) throw new Error(`${event} is not in schemas/catalog.yaml`);
  return schema;
}

function change(text: string, edit: (record: AvroRecord) => void): string {
  const record = JSON.parse(text) as AvroRecord;
  edit(record);
  return JSON.stringify(record, null, 2);
}

/** The schema with `field` appended to its top-level record. */
export const withField = (text: string, field: AvroField): string => change(text, (record) => record.fields.push(field));

/** The schema without its top-level field `name`. */
export const withoutField = (text: string, name: string): string =>
  change(text, (record) => {
    const before = record.fields.length;
    record.fields = record.fields.filter((field) => field.name !== name);
    if (record.fields.length === before) throw new Error(`no field ${name}`);
  });

/** The schema with the type of its top-level field `name` replaced. */
export const withFieldType = (text: string, name: string, type: unknown): string =>
  change(text, (record) => {
    const field = record.fields.find((candidate) => candidate.name === name);
    if (!field) throw new Error(`no field ${name}`);
    field.type = type;
  });

/** The top-level field `name` of a schema. */
export function fieldOf(text: string, name: string): AvroField {
  const field = (JSON.parse(text) as AvroRecord).fields.find((candidate) => candidate.name === name);
  if (!field) throw new Error(`no field ${name}`);
  return field;
}

/** A ccompat URL on a local port nothing listens on. */
export async function unreachableRegistryUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/apis/ccompat/v7`;
}
