import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stackEndpoints, uniqueName } from '@concord/testing';
import {
  checkCompatibility,
  collectHistory,
  formatCheckResult,
  gitHistory,
  loadCatalog,
  RegistryUnreachableError,
  REPOSITORY_ROOT,
  SchemaRegistryClient,
  type CheckResult,
  type SchemaEntry,
  type SchemaHistory,
} from '../schema-tools.cjs';
import { catalogSchema, fieldOf, unreachableRegistryUrl, withField, withFieldType, withoutField } from './schema-changes';

const registryUrl = stackEndpoints().schemaRegistryUrl;
const registry = new SchemaRegistryClient(registryUrl);
const checkCli = join(__dirname, '..', 'check-compatibility.mjs');

/** Checks one candidate text of `base`'s event against the given earlier texts, oldest first. */
async function checkAgainst(base: SchemaEntry, candidate: string, earlier: string[], scratchPrefix = uniqueName('compat-check-test')): Promise<CheckResult> {
  const history: SchemaHistory = { [base.subject]: earlier.map((text, index) => ({ text, source: `v${index + 1}` })) };
  const [result] = await checkCompatibility({ registryUrl, schemas: [{ ...base, text: candidate }], history, scratchPrefix });
  return result;
}

/** Subjects (live or soft-deleted) whose name starts with `prefix`. */
async function subjectsStartingWith(prefix: string): Promise<string[]> {
  const response = await fetch(`${registryUrl}/subjects?deleted=true`);
  return ((await response.json()) as string[]).filter((subject) => subject.startsWith(prefix));
}

const optionalNote = { name: 'reviewNote', type: ['null', 'string'], default: null, doc: 'Optional note.' };

describe('the schema compatibility check', () => {
  describe('on the catalog (the CI check)', () => {
    const scratchPrefix = uniqueName('compat-check-catalog');
    let results: CheckResult[];

    it('passes every working-tree schema against its git history and the versions the live registry holds', async () => {
      const schemas = loadCatalog();
      const history = await collectHistory({ registryUrl, schemas });
      results = await checkCompatibility({ registryUrl, schemas, history, scratchPrefix });

      expect(results.map((result) => result.subject)).toEqual(schemas.map((schema) => schema.subject));
      const failures = results.filter((result) => result.status === 'incompatible').map((result) => `${result.subject}: ${formatCheckResult(result)}`);
      expect(failures).toEqual([]);
      // Every committed schema has history in git, so it was really compared, not waved through as new.
      for (const result of results.filter((entry) => history[entry.subject].length > 0)) {
        expect(result.status).toBe('ok');
        expect(result.checkedAgainst.length).toBeGreaterThan(0);
      }
    });

    it('leaves no scratch subject behind, not even soft-deleted', async () => {
      expect(results).toBeDefined();
      expect(await subjectsStartingWith(scratchPrefix)).toEqual([]);
    });

    it('runs as a command: one line per event, exit code 0', async () => {
      const { stdout } = await promisify(execFile)(process.execPath, [checkCli], {
        env: { ...process.env, SCHEMA_REGISTRY_URL: registryUrl },
        timeout: 120_000,
      });
      const lines = stdout.trim().split('\n');
      const schemas = loadCatalog();
      expect(lines).toHaveLength(schemas.length + 1);
      schemas.forEach((schema, index) => expect(lines[index]).toMatch(new RegExp(`^${schema.subject.replace(/\./g, '\\.')}\\s+(ok|new) `)));
      expect(lines[schemas.length]).toMatch(new RegExp(`^${schemas.length} schemas: \\d+ ok, \\d+ new, 0 incompatible`));
    });
  });

  describe('a breaking change to a FULL_TRANSITIVE schema', () => {
    const inventoryUpdated = catalogSchema('InventoryUpdated');

    it('is a FULL_TRANSITIVE event in the catalog', () => {
      expect(inventoryUpdated.compatibility).toBe('FULL_TRANSITIVE');
    });

    it.each([
      ['adding a required field without default', withField(inventoryUpdated.text, { name: 'binCode', type: 'string', doc: 'Bin.' })],
      ['removing a field that has no default', withoutField(inventoryUpdated.text, 'locationId')],
      ['changing a field type (int to string)', withFieldType(inventoryUpdated.text, 'quantity', 'string')],
    ])('is reported INCOMPATIBLE: %s', async (_change, candidate) => {
      const result = await checkAgainst(inventoryUpdated, candidate, [inventoryUpdated.text]);

      expect(result.status).toBe('incompatible');
      expect(result.reason).toMatch(/^not FULL_TRANSITIVE-compatible with v1: \d+ incompatible difference/);
      expect(formatCheckResult(result)).toMatch(/^INCOMPATIBLE: /);
    });
  });

  describe('a compatible change', () => {
    it.each(['InventoryUpdated', 'StockReserved'])('passes for %s: adding an optional field with default null', async (event) => {
      const schema = catalogSchema(event);
      const result = await checkAgainst(schema, withField(schema.text, optionalNote), [schema.text]);

      expect(result).toMatchObject({ status: 'ok', checkedAgainst: ['v1'], skipped: [] });
    });

    it('follows the level of the catalog: removing a field passes BACKWARD_TRANSITIVE but not FULL_TRANSITIVE', async () => {
      const stockReserved = catalogSchema('StockReserved');
      expect(stockReserved.compatibility).toBe('BACKWARD_TRANSITIVE');
      const withoutReservationId = withoutField(stockReserved.text, 'reservationId');

      expect((await checkAgainst(stockReserved, withoutReservationId, [stockReserved.text])).status).toBe('ok');
      const asFull = await checkAgainst({ ...stockReserved, compatibility: 'FULL_TRANSITIVE' }, withoutReservationId, [stockReserved.text]);
      expect(asFull.status).toBe('incompatible');
    });
  });

  describe('transitive levels', () => {
    // v2 adds a field with a default (compatible with v1); v3 drops that default: it still reads v2
    // data and v2 reads it, but v3 cannot read v1 data, which lacks the field.
    const noteWithDefault = { name: 'reviewNote', type: 'string', default: '', doc: 'Note.' };
    const noteWithoutDefault = { name: 'reviewNote', type: 'string', doc: 'Note.' };

    it.each([
      ['FULL_TRANSITIVE', 'OrderPlaced'],
      ['BACKWARD_TRANSITIVE', 'StockReservationRequested'],
    ])('under %s reject a v3 that is compatible with v2 but not with v1 (%s)', async (level, event) => {
      const schema = catalogSchema(event);
      expect(schema.compatibility).toBe(level);
      const v1 = schema.text;
      const v2 = withField(v1, noteWithDefault);
      const v3 = withField(v1, noteWithoutDefault);

      expect((await checkAgainst(schema, v2, [v1])).status).toBe('ok');
      expect((await checkAgainst(schema, v3, [v2])).status).toBe('ok');
      const result = await checkAgainst(schema, v3, [v1, v2]);

      expect(result.status).toBe('incompatible');
      expect(result.checkedAgainst).toEqual(['v1', 'v2']);
      expect(result.reason).toMatch(new RegExp(`^not ${level}-compatible with v1: `));
    });

    it("needs one check per version on Apicurio: its versions/latest endpoint compares with the latest version only, even under FULL_TRANSITIVE", async () => {
      const schema = catalogSchema('OrderPlaced');
      const v1 = schema.text;
      const v2 = withField(v1, noteWithDefault);
      const v3 = withField(v1, noteWithoutDefault);
      const subject = `${uniqueName('compat-latest-only')}.${schema.subject}`;
      try {
        await registry.setCompatibility(subject, 'FULL_TRANSITIVE');
        await registry.register(subject, v1);
        await registry.register(subject, v2);

        expect(await registry.isCompatibleWithVersion(subject, 'latest', v3)).toBe(true);
        expect(await registry.isCompatibleWithVersion(subject, 1, v3)).toBe(false);
        await expect(registry.register(subject, v3)).rejects.toMatchObject({ status: 409 });
      } finally {
        await registry.deleteSubject(subject);
      }
    });
  });

  describe('history', () => {
    it('reports new for a schema without history', async () => {
      const schema = catalogSchema('OrderHeld');
      const [result] = await checkCompatibility({ registryUrl, schemas: [schema], history: {}, scratchPrefix: uniqueName('compat-check-new') });

      expect(result).toMatchObject({ status: 'new', checkedAgainst: [] });
      expect(formatCheckResult(result)).toBe('new (FULL_TRANSITIVE, no history)');
    });

    it('skips a committed version the registry would have refused, such as a breaking commit reverted later', async () => {
      const schema = catalogSchema('OrderShipped');
      const broken = withField(schema.text, { name: 'carrierCode', type: 'string', doc: 'Carrier.' });
      const result = await checkAgainst(schema, schema.text, [schema.text, broken]);

      expect(result.status).toBe('ok');
      expect(result.checkedAgainst).toEqual(['v1']);
      expect(result.skipped).toEqual([{ source: 'v2', reason: expect.stringMatching(/^not FULL_TRANSITIVE-compatible with the versions before it/) }]);
    });

    it('merges the live registry versions into the git history: the same text once, the others after it', async () => {
      const schema = catalogSchema('OrderCancelled');
      const subject = `${uniqueName('compat-history')}.${schema.subject}`;
      const [committed] = gitHistory(REPOSITORY_ROOT, schema.schemaFile);
      const registeredLater = withField(committed.text, optionalNote);
      try {
        await registry.setCompatibility(subject, 'FULL_TRANSITIVE');
        await registry.register(subject, committed.text);
        await registry.register(subject, registeredLater);

        const history = await collectHistory({ registryUrl, schemas: [{ ...schema, subject }] });

        // The registry answers its own rendering of a schema (compact, keys reordered): same JSON, other text.
        expect(history[subject].map(({ source, registered }) => ({ source, registered }))).toEqual([
          { source: `${committed.source} = registry v1`, registered: true },
          { source: 'registry v2', registered: true },
        ]);
        expect(history[subject][0].text).toBe(committed.text);
        expect(JSON.parse(history[subject][1].text)).toEqual(JSON.parse(registeredLater));
      } finally {
        await registry.deleteSubject(subject);
      }
    });

    it('checks against the versions the live registry holds as well as the git history', async () => {
      const schema = catalogSchema('OrderShipped');
      const registered = withField(schema.text, optionalNote);
      const history: SchemaHistory = {
        [schema.subject]: [
          { text: schema.text, source: 'git v1' },
          { text: registered, source: 'registry v1', registered: true },
        ],
      };
      const candidate = withField(schema.text, { ...optionalNote, type: 'int', default: 0 });
      const [result] = await checkCompatibility({ registryUrl, schemas: [{ ...schema, text: candidate }], history, scratchPrefix: uniqueName('compat-check-live') });

      expect(result.status).toBe('incompatible');
      expect(result.reason).toMatch(/^not FULL_TRANSITIVE-compatible with registry v1: /);
    });

    it('never skips a version the live registry holds: a registered history the level refuses fails the check', async () => {
      const schema = catalogSchema('OrderShipped');
      const registeredBreak = withField(schema.text, { name: 'carrierCode', type: 'string', doc: 'Carrier.' });
      const history: SchemaHistory = {
        [schema.subject]: [
          { text: schema.text, source: 'git v1' },
          { text: registeredBreak, source: 'registry v2', registered: true },
        ],
      };
      const [result] = await checkCompatibility({ registryUrl, schemas: [schema], history, scratchPrefix: uniqueName('compat-check-live') });

      expect(result.status).toBe('incompatible');
      expect(result.reason).toMatch(/^the live registry's history is itself not FULL_TRANSITIVE: registry v2 is not FULL_TRANSITIVE-compatible/);
    });

    describe('in a fresh clone against an empty registry', () => {
      let root: string;
      const git = (...args: string[]) =>
        execFileSync('git', ['-c', 'user.name=Concord Test', '-c', 'user.email=test@concord.invalid', ...args], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

      beforeAll(() => {
        root = mkdtempSync(join(tmpdir(), 'compat-check-repo-'));
      });
      afterAll(() => rmSync(root, { recursive: true, force: true }));

      it('takes the history from every commit of the .avsc file, oldest first, across a rename', async () => {
        const schema = catalogSchema('OrderRejected');
        const topic = `${uniqueName('orders.order-rejected')}.v1`;
        const v1 = schema.text;
        const v2 = withField(v1, { name: 'reviewNote', type: 'string', default: '', doc: 'Note.' });
        const v3 = withField(v1, { name: 'reviewNote', type: 'string', doc: 'Note.' });
        mkdirSync(join(root, 'schemas', 'orders'), { recursive: true });
        writeFileSync(
          join(root, 'schemas', 'catalog.yaml'),
          `events:\n  - event: OrderRejected\n    topic: ${topic}\n    schema: orders/OrderRejected.avsc\n    compatibility: FULL_TRANSITIVE\n`,
        );
        git('init', '-q');
        writeFileSync(join(root, 'schemas', 'orders', 'Rejected.avsc'), v1);
        git('add', '.');
        git('commit', '-q', '-m', 'v1');
        const v1Commit = git('rev-parse', '--short=7', 'HEAD').trim();
        writeFileSync(join(root, 'schemas', 'orders', 'Rejected.avsc'), `${v1}\n\n`);
        git('commit', '-q', '-am', 'formatting only');
        renameSync(join(root, 'schemas', 'orders', 'Rejected.avsc'), join(root, 'schemas', 'orders', 'OrderRejected.avsc'));
        writeFileSync(join(root, 'schemas', 'orders', 'OrderRejected.avsc'), v2);
        git('add', '-A');
        git('commit', '-q', '-m', 'rename, v2');
        const v2Commit = git('rev-parse', '--short=7', 'HEAD').trim();
        writeFileSync(join(root, 'schemas', 'orders', 'OrderRejected.avsc'), v3);

        expect(gitHistory(root, 'schemas/orders/OrderRejected.avsc').map((entry) => entry.source)).toEqual([`git ${v1Commit}`, `git ${v2Commit}`]);

        const schemas = loadCatalog(root);
        const history = await collectHistory({ registryUrl, schemas, root });
        expect(history[`${topic}-value`].map((entry) => entry.registered)).toEqual([false, false]);
        const [result] = await checkCompatibility({ registryUrl, schemas, history, scratchPrefix: uniqueName('compat-check-clone') });

        expect(result.status).toBe('incompatible');
        expect(result.reason).toMatch(new RegExp(`^not FULL_TRANSITIVE-compatible with git ${v1Commit}: `));
        expect(result.checkedAgainst).toEqual([`git ${v1Commit}`, `git ${v2Commit}`]);
      });
    });
  });

  it('fails, rather than passing anything, when the registry cannot be reached', async () => {
    const schema = catalogSchema('OrderPlaced');
    const check = checkCompatibility({ registryUrl: await unreachableRegistryUrl(), schemas: [schema], history: { [schema.subject]: [{ text: schema.text, source: 'v1' }] } });

    await expect(check).rejects.toBeInstanceOf(RegistryUnreachableError);
  });

  it('edits real schema fields that still exist as the tests expect them', () => {
    // Guards the fixtures above: a breaking-change test must not pass because its field changed.
    expect(fieldOf(catalogSchema('InventoryUpdated').text, 'quantity').type).toBe('int');
    expect(fieldOf(catalogSchema('InventoryUpdated').text, 'locationId').default).toBeUndefined();
    expect(fieldOf(catalogSchema('StockReserved').text, 'reservationId')).toBeDefined();
  });
});
