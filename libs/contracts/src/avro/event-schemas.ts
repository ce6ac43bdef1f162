import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Schema, Type } from 'avsc';
import { EventCatalog, type EventName } from '../generated/topics';
import { avroTypeForSchema } from './logical-types';

/** The JSON of an event's .avsc file: one Avro record. */
export interface AvroRecordSchema {
  type: 'record';
  name: string;
  namespace: string;
  doc: string;
  fields: Array<{ name: string; type: unknown; doc: string; default?: unknown }>;
}

/** An event's Avro schema, read from schemas/ and parsed with Concord's logical types. */
export interface EventSchema<E extends EventName = EventName> {
  readonly eventName: E;
  /** The event's catalog entry: topic, subject, key field, compatibility... */
  readonly contract: (typeof EventCatalog)[E];
  /** Absolute path of the .avsc file. */
  readonly path: string;
  /** The file's text: what is registered under the event's subject. */
  readonly text: string;
  /** The parsed JSON. */
  readonly definition: AvroRecordSchema;
  /** avsc type that encodes and decodes the event's payloads. */
  readonly type: Type;
}

export interface SchemaLocationOptions {
  /** Directory holding catalog.yaml and the <domain>/ folders; found automatically when omitted. */
  schemasDirectory?: string;
}

/**
 * Finds the schemas/ directory: the nearest one holding catalog.yaml, walking up from `start`. From
 * this file that is <repo>/schemas in development and dist/schemas in a build (tools/build copies
 * schemas/ there, and this file compiles to dist/libs/contracts/src/avro/).
 */
export function findSchemasDirectory(start: string = __dirname): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'schemas');
    if (existsSync(join(candidate, 'catalog.yaml'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`no schemas/catalog.yaml in ${start} or any directory above it`);
  }
}

const cache = new Map<string, EventSchema>();

/**
 * Loads an event's schema by event name, through the catalog: reads its .avsc file once and parses it
 * with Concord's logical types. Later calls return the cached result.
 */
export function loadEventSchema<E extends EventName>(eventName: E, options: SchemaLocationOptions = {}): EventSchema<E> {
  const contract = EventCatalog[eventName];
  if (!contract) throw new Error(`unknown event ${String(eventName)}: it is not in schemas/catalog.yaml`);
  const directory = options.schemasDirectory ?? findSchemasDirectory();
  const cacheKey = `${directory}\0${eventName}`;
  const cached = cache.get(cacheKey);
  if (cached) return cached as EventSchema<E>;
  const path = join(directory, contract.schemaFile);
  const text = readFileSync(path, 'utf8');
  const definition = JSON.parse(text) as AvroRecordSchema;
  const loaded: EventSchema<E> = { eventName, contract, path, text, definition, type: avroTypeForSchema(definition as unknown as Schema) };
  cache.set(cacheKey, loaded);
  return loaded;
}
