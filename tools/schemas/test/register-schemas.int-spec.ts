import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stackEndpoints, uniqueName } from '@concord/testing';
import { loadCatalog, registerSchemas, SchemaRegistrationError, SchemaRegistryClient, type CatalogSchema } from '../schema-tools.cjs';
import { catalogSchema, unreachableRegistryUrl, withField } from './schema-changes';

const registryUrl = stackEndpoints().schemaRegistryUrl;
const registry = new SchemaRegistryClient(registryUrl);
const registerCli = join(__dirname, '..', 'register-schemas.mjs');

/** The catalog with every subject moved under a prefix of its own, so the test owns its subjects. */
const catalogUnder = (prefix: string): CatalogSchema[] => loadCatalog().map((schema) => ({ ...schema, subject: `${prefix}.${schema.subject}` }));

describe('registering the catalog schemas', () => {
  const created: string[] = [];
  afterAll(async () => {
    for (const subject of created) await registry.deleteSubject(subject);
  });

  it('registers every schema under its subject with the catalog level; a second run answers the same ids and adds no version', async () => {
    const schemas = catalogUnder(uniqueName('register-twice'));
    created.push(...schemas.map((schema) => schema.subject));

    const first = await registerSchemas({ registryUrl, schemas });
    const second = await registerSchemas({ registryUrl, schemas });

    expect(first.map((result) => result.subject)).toEqual(schemas.map((schema) => schema.subject));
    expect(first.every((result) => Number.isInteger(result.id) && result.id > 0)).toBe(true);
    expect(second.map((result) => result.id)).toEqual(first.map((result) => result.id));
    for (const schema of schemas) {
      expect({ subject: schema.subject, level: await registry.getCompatibility(schema.subject) }).toEqual({
        subject: schema.subject,
        level: schema.compatibility,
      });
      expect(await registry.versions(schema.subject)).toEqual([1]);
    }
    expect(new Set(schemas.map((schema) => schema.compatibility))).toEqual(new Set(['FULL_TRANSITIVE', 'BACKWARD_TRANSITIVE']));
  });

  it('reports each registration as it happens', async () => {
    const schemas = catalogUnder(uniqueName('register-progress')).slice(0, 3);
    created.push(...schemas.map((schema) => schema.subject));
    const seen: string[] = [];

    await registerSchemas({ registryUrl, schemas, onRegistered: ({ subject }) => seen.push(subject) });

    expect(seen).toEqual(schemas.map((schema) => schema.subject));
  });

  it('stops with an error naming the subject when the registry refuses an incompatible schema', async () => {
    const orderPlaced = catalogSchema('OrderPlaced');
    const subject = `${uniqueName('register-refused')}.${orderPlaced.subject}`;
    created.push(subject);
    await registerSchemas({ registryUrl, schemas: [{ ...orderPlaced, subject }] });
    const breaking = withField(orderPlaced.text, { name: 'channelCode', type: 'string', doc: 'Channel.' });

    const refused = registerSchemas({ registryUrl, schemas: [{ ...orderPlaced, subject, text: breaking }] });

    await expect(refused).rejects.toBeInstanceOf(SchemaRegistrationError);
    await expect(refused).rejects.toThrow(
      new RegExp(`^the registry refused the schema of ${subject.replace(/\./g, '\\.')} \\(OrderPlaced\\): it is not FULL_TRANSITIVE-compatible with the registered versions: 1 incompatible difference`),
    );
    expect(await registry.versions(subject)).toEqual([1]);
  });

  it('as a command, exits 1 naming the subject when the registry cannot be reached', async () => {
    const url = await unreachableRegistryUrl();
    const run = promisify(execFile)(process.execPath, [registerCli], { env: { ...process.env, SCHEMA_REGISTRY_URL: url }, timeout: 60_000 });

    await expect(run).rejects.toMatchObject({
      code: 1,
      stdout: '',
      stderr: expect.stringContaining(`register-schemas: could not register ${loadCatalog()[0].subject} (${loadCatalog()[0].event}): schema registry at ${url} is unreachable`),
    });
  });
});
