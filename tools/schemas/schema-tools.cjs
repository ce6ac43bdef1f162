// The core of Concord's schema tools, shared by the CLIs (register-schemas.mjs,
// check-compatibility.mjs) and their integration tests:
//   loadCatalog         schemas/catalog.yaml + the working-tree .avsc text of every event
//   collectHistory      every earlier version of each schema: git history of its .avsc file, plus
//                       the versions the live registry holds under its subject
//   registerSchemas     sets each subject's compatibility level, then registers its schema
//   checkCompatibility  replays each history into a scratch subject and tests the working-tree
//                       schema against every version of it (see checkOne for why every version)
'use strict';

const { execFileSync } = require('node:child_process');
const { randomUUID } = require('node:crypto');
const { existsSync, readFileSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { parse: parseYaml } = require('yaml');
const { DEFAULT_REGISTRY_URL, RegistryResponseError, RegistryUnreachableError, SchemaRegistryClient } = require('./registry-client.cjs');

const COMPATIBILITY_LEVELS = ['NONE', 'BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE'];
const REPOSITORY_ROOT = resolve(__dirname, '..', '..');

/** The registry URL the CLIs use: $SCHEMA_REGISTRY_URL, else the local stack's. */
function registryUrlFromEnv(env = process.env) {
  return env.SCHEMA_REGISTRY_URL || DEFAULT_REGISTRY_URL;
}

/**
 * Reads schemas/catalog.yaml under `root` and the working-tree text of each event's .avsc file.
 * Returns one entry per event, in catalog order, with its subject (TopicNameStrategy: <topic>-value).
 */
function loadCatalog(root = REPOSITORY_ROOT) {
  const catalogFile = join(root, 'schemas', 'catalog.yaml');
  const document = parseYaml(readFileSync(catalogFile, 'utf8'));
  const events = document?.events;
  if (!Array.isArray(events) || events.length === 0) throw new Error(`${catalogFile}: expected a non-empty "events" list`);
  return events.map((entry, index) => {
    const where = `${catalogFile} events[${index}]${entry?.event ? ` (${entry.event})` : ''}`;
    for (const key of ['event', 'topic', 'schema', 'compatibility']) {
      if (typeof entry?.[key] !== 'string' || entry[key] === '') throw new Error(`${where}: missing "${key}"`);
    }
    if (!COMPATIBILITY_LEVELS.includes(entry.compatibility)) {
      throw new Error(`${where}: unknown compatibility "${entry.compatibility}" (one of ${COMPATIBILITY_LEVELS.join(', ')})`);
    }
    const schemaFile = `schemas/${entry.schema}`;
    const path = join(root, schemaFile);
    if (!existsSync(path)) throw new Error(`${where}: schema file ${schemaFile} does not exist`);
    return {
      event: entry.event,
      topic: entry.topic,
      subject: `${entry.topic}-value`,
      compatibility: entry.compatibility,
      schemaFile,
      text: readFileSync(path, 'utf8'),
    };
  });
}

const git = (root, args) =>
  execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });

/** Problems that make git history incomplete (not a work tree, shallow clone); [] when there are none. */
function gitHistoryWarnings(root = REPOSITORY_ROOT) {
  try {
    if (git(root, ['rev-parse', '--is-shallow-repository']).trim() === 'true') {
      return ['this is a shallow clone: schema history from git is partial (fetch the full history, e.g. actions/checkout fetch-depth: 0)'];
    }
    return [];
  } catch (error) {
    return [`${root} is not a git work tree, so there is no schema history from git (${firstLine(error.stderr || error.message)})`];
  }
}

/**
 * Every committed version of `schemaFile` (a path relative to `root`), oldest first, following
 * renames, skipping a text identical to an earlier one. [] outside a git work tree.
 */
function gitHistory(root, schemaFile) {
  let log;
  try {
    log = git(root, ['log', '--follow', '--format=%x00%H', '--name-only', '--', schemaFile]);
  } catch {
    return [];
  }
  const commits = log
    .split('\0')
    .slice(1)
    .map((chunk) => chunk.split('\n').map((line) => line.trim()).filter(Boolean))
    .map(([sha, path]) => ({ sha, path: path ?? schemaFile }))
    .reverse();
  const history = [];
  const seen = new Set();
  for (const { sha, path } of commits) {
    let text;
    try {
      text = git(root, ['show', `${sha}:${path}`]);
    } catch {
      continue; // the commit deleted the file
    }
    const key = canonicalKey(text);
    if (seen.has(key)) continue;
    seen.add(key);
    history.push({ text, source: `git ${sha.slice(0, 7)}`, commit: sha, registered: false });
  }
  return history;
}

/** The versions the registry holds under `subject`, oldest first; [] when it has none. */
async function registryHistory(client, subject) {
  const versions = await client.versions(subject);
  const history = [];
  for (const version of versions) {
    const { schema } = await client.version(subject, version);
    history.push({ text: schema, source: `registry v${version}`, registered: true });
  }
  return history;
}

/**
 * The history of every schema, keyed by subject: its git history (oldest first), then the live
 * registry's versions of the subject that git does not have. A git version the registry also holds
 * is marked `registered`. `git: false` or `registry: false` leaves that source out.
 */
async function collectHistory({ registryUrl = DEFAULT_REGISTRY_URL, schemas, root = REPOSITORY_ROOT, git: useGit = true, registry: useRegistry = true }) {
  const client = new SchemaRegistryClient(registryUrl);
  const history = {};
  for (const schema of schemas) {
    const entries = useGit && schema.schemaFile ? gitHistory(root, schema.schemaFile) : [];
    if (useRegistry) {
      for (const registered of await registryHistory(client, schema.subject)) {
        const same = entries.find((entry) => canonicalKey(entry.text) === canonicalKey(registered.text));
        if (same) {
          same.registered = true;
          same.source = `${same.source} = ${registered.source}`;
        } else {
          entries.push(registered);
        }
      }
    }
    history[schema.subject] = entries;
  }
  return history;
}

/**
 * For each schema: sets its subject's compatibility level, then registers its text under the
 * subject. Idempotent: the registry answers the existing id for content it already holds. Stops at
 * the first refusal with a SchemaRegistrationError naming the subject; `onRegistered` sees each
 * success as it happens.
 */
async function registerSchemas({ registryUrl = DEFAULT_REGISTRY_URL, schemas, onRegistered = () => {} }) {
  const client = new SchemaRegistryClient(registryUrl);
  const results = [];
  for (const schema of schemas) {
    let id;
    try {
      await client.setCompatibility(schema.subject, schema.compatibility);
      id = await client.register(schema.subject, schema.text);
    } catch (error) {
      throw new SchemaRegistrationError(schema, error);
    }
    const result = { event: schema.event, subject: schema.subject, id, compatibility: schema.compatibility };
    results.push(result);
    onRegistered(result);
  }
  return results;
}

class SchemaRegistrationError extends Error {
  constructor(schema, cause) {
    const what = schema.event ? `${schema.subject} (${schema.event})` : schema.subject;
    let message;
    if (cause instanceof RegistryResponseError && cause.status === 409) {
      message = `the registry refused the schema of ${what}: it is not ${schema.compatibility}-compatible with the registered versions: ${explainViolation(cause.registryMessage, schema.subject)}`;
    } else if (cause instanceof RegistryResponseError && cause.status === 422) {
      message = `the registry refused the schema of ${what} as invalid: ${cause.registryMessage}`;
    } else if (cause instanceof RegistryUnreachableError) {
      message = `could not register ${what}: ${cause.message}`;
    } else {
      message = `could not register ${what}: ${cause?.message ?? cause}`;
    }
    super(message);
    this.name = 'SchemaRegistrationError';
    this.subject = schema.subject;
    this.cause = cause;
  }
}

/**
 * Tests every schema's working-tree text against its history (see collectHistory), in a scratch
 * subject per schema, `<scratchPrefix>.<subject>`, deleted afterwards. Results come in input order:
 * status 'ok' (compatible with every version it was checked against), 'new' (no history) or
 * 'incompatible' (with a reason). Registry outages reject the promise.
 */
async function checkCompatibility({ registryUrl = DEFAULT_REGISTRY_URL, schemas, history = {}, scratchPrefix = `compat-check-${randomUUID().slice(0, 8)}`, concurrency = 4 }) {
  const client = new SchemaRegistryClient(registryUrl);
  const results = new Array(schemas.length);
  let next = 0;
  const worker = async () => {
    while (next < schemas.length) {
      const index = next++;
      results[index] = await inScratchSubject(client, `${scratchPrefix}.${schemas[index].subject}`, (scratch) =>
        checkOne(client, schemas[index], history[schemas[index].subject] ?? [], scratch),
      );
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, schemas.length)) }, worker));
  return results;
}

/** Runs `work` with a scratch subject name, then deletes that subject (without hiding work's own error). */
async function inScratchSubject(client, scratch, work) {
  let result;
  try {
    result = await work(scratch);
  } catch (error) {
    await client.deleteSubject(scratch).catch(() => {});
    throw error;
  }
  await client.deleteSubject(scratch);
  return result;
}

/**
 * One schema. Replays its history in order into a scratch subject whose level is set first, like
 * the real subject evolved: a committed version the registry would have refused there never became
 * registered history, so it is skipped (and listed); a version the live registry really holds may
 * not be refused. Then the candidate is tested against each version on its own:
 * POST /compatibility/subjects/<s>/versions/latest on Apicurio compares with the latest version only,
 * even under *_TRANSITIVE (its applyRules(..., version, ...) passes that single version to the
 * rule), so a transitive level needs one call per version. A non-transitive level checks the latest.
 */
async function checkOne(client, schema, entries, scratch) {
  const level = schema.compatibility;
  const base = { event: schema.event, subject: schema.subject, compatibility: level, checkedAgainst: [], skipped: [] };
  try {
    JSON.parse(schema.text);
  } catch (error) {
    return { ...base, status: 'incompatible', reason: `${schema.schemaFile ?? schema.subject} is not valid JSON: ${error.message}` };
  }
  const history = [];
  const seen = new Set();
  for (const entry of entries) {
    let key;
    try {
      key = canonicalKey(entry.text);
    } catch {
      if (entry.registered) throw new Error(`${schema.subject}: ${entry.source} is not valid JSON`);
      base.skipped.push({ source: entry.source, reason: 'not valid JSON' });
      continue;
    }
    if (seen.has(key)) continue;
    seen.add(key);
    history.push(entry);
  }

  await client.setCompatibility(scratch, level);
  const sourcesById = new Map();
  for (const entry of history) {
    let id;
    try {
      id = await client.register(scratch, entry.text);
    } catch (error) {
      if (!(error instanceof RegistryResponseError) || (error.status !== 409 && error.status !== 422)) throw error;
      const why = error.status === 409 ? `not ${level}-compatible with the versions before it: ${explainViolation(error.registryMessage, scratch)}` : `invalid: ${error.registryMessage}`;
      if (entry.registered) {
        return { ...base, status: 'incompatible', reason: `the live registry's history is itself not ${level}: ${entry.source} is ${why}` };
      }
      base.skipped.push({ source: entry.source, reason: why });
      continue;
    }
    sourcesById.set(id, [...(sourcesById.get(id) ?? []), entry.source]);
  }

  const versions = await client.versions(scratch);
  if (versions.length === 0) {
    // Nothing to compare with; still make the registry parse it.
    try {
      await client.register(scratch, schema.text);
    } catch (error) {
      if (error instanceof RegistryResponseError && error.status === 422) {
        return { ...base, status: 'incompatible', reason: `not a schema the registry accepts: ${error.registryMessage}` };
      }
      throw error;
    }
    return { ...base, status: 'new' };
  }
  const targets = level.endsWith('_TRANSITIVE') ? versions : versions.slice(-1);
  const breaks = [];
  for (const version of targets) {
    const { id } = await client.version(scratch, version);
    const label = (sourcesById.get(id) ?? [`version ${version}`]).join(', ');
    base.checkedAgainst.push(label);
    if (level === 'NONE') continue;
    let compatible;
    try {
      compatible = await client.isCompatibleWithVersion(scratch, version, schema.text);
    } catch (error) {
      if (error instanceof RegistryResponseError && error.status === 422) {
        return { ...base, status: 'incompatible', reason: `not a schema the registry accepts: ${error.registryMessage}` };
      }
      throw error;
    }
    if (!compatible) breaks.push(label);
  }
  if (breaks.length === 0) return { ...base, status: 'ok' };

  // The compatibility endpoint says only true/false (verbose is ignored); a registration attempt
  // in the scratch subject names the differences.
  let detail = '';
  try {
    await client.register(scratch, schema.text);
  } catch (error) {
    if (!(error instanceof RegistryResponseError)) throw error;
    detail = `: ${explainViolation(error.registryMessage, scratch)}`;
  }
  return { ...base, status: 'incompatible', reason: `not ${level}-compatible with ${breaks.join('; ')}${detail}` };
}

/** One line for a check result: `ok`, `new` or `INCOMPATIBLE: <reason>`, with what it was checked against. */
function formatCheckResult(result) {
  const skipped = result.skipped.length
    ? `; skipped ${result.skipped.map((s) => `${s.source} (${s.reason})`).join(', ')}`
    : '';
  if (result.status === 'ok') return `ok (${result.compatibility} against ${result.checkedAgainst.join('; ')}${skipped})`;
  if (result.status === 'new') return `new (${result.compatibility}, no history${skipped})`;
  return `INCOMPATIBLE: ${result.reason}${skipped}`;
}

/** Apicurio's rule violation message without the exception class and the scratch subject name. */
function explainViolation(message, subject) {
  const text = String(message ?? '').replace(/^.*RuleViolationException:\s*/, '');
  const diffs = /num of incompatible diffs: \{(\d+)\}(?:, list of diff types: \[(.*)\])?/.exec(text);
  if (diffs) {
    const count = Number(diffs[1]);
    return `${count} incompatible difference${count === 1 ? '' : 's'}${diffs[2] ? ` (${diffs[2]})` : ''}`;
  }
  return text.split(subject).join('<subject>');
}

/**
 * Identity of a schema text for de-duplication: its JSON without formatting and with object keys
 * sorted (the registry answers its own rendering, e.g. "doc" before "default"). Throws on invalid JSON.
 */
function canonicalKey(text) {
  const sorted = (value) =>
    Array.isArray(value)
      ? value.map(sorted)
      : value !== null && typeof value === 'object'
        ? Object.fromEntries(Object.keys(value).sort().map((key) => [key, sorted(value[key])]))
        : value;
  return JSON.stringify(sorted(JSON.parse(text)));
}

const firstLine = (text) => String(text).trim().split('\n')[0];

module.exports = {
  COMPATIBILITY_LEVELS,
  DEFAULT_REGISTRY_URL,
  REPOSITORY_ROOT,
  RegistryResponseError,
  RegistryUnreachableError,
  SchemaRegistrationError,
  SchemaRegistryClient,
  checkCompatibility,
  collectHistory,
  formatCheckResult,
  gitHistory,
  gitHistoryWarnings,
  loadCatalog,
  registerSchemas,
  registryHistory,
  registryUrlFromEnv,
};
