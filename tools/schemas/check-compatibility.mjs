// The CI check that fails when a changed schema breaks compatibility with its history. For every
// event of schemas/catalog.yaml, the working-tree .avsc is tested against every earlier committed
// version of the file (git history, oldest first) and every version the live registry holds under
// <topic>-value, under the catalog's compatibility level, in a scratch subject
// compat-check-<random>.<topic>-value that is deleted afterwards. Works in a fresh clone (history
// from git) and against an empty registry.
//
//   node tools/schemas/check-compatibility.mjs     (npm run schemas:check)
//
// SCHEMA_REGISTRY_URL overrides the registry (default: the local stack's ccompat/v7 API).
// One line per event: ok | new (no history) | INCOMPATIBLE: <reason>. Exit 1 when any schema is
// incompatible, 2 when the check itself cannot run (registry unreachable, unreadable catalog).
import tools from './schema-tools.cjs';

const registryUrl = tools.registryUrlFromEnv();

try {
  for (const warning of tools.gitHistoryWarnings()) console.warn(`warning: ${warning}`);
  const schemas = tools.loadCatalog();
  const history = await tools.collectHistory({ registryUrl, schemas });
  const results = await tools.checkCompatibility({ registryUrl, schemas, history });
  const width = Math.max(...results.map((result) => result.subject.length));
  for (const result of results) console.log(`${result.subject.padEnd(width)}  ${tools.formatCheckResult(result)}`);
  const count = (status) => results.filter((result) => result.status === status).length;
  const incompatible = count('incompatible');
  console.log(`${results.length} schemas: ${count('ok')} ok, ${count('new')} new, ${incompatible} incompatible (registry ${registryUrl})`);
  if (incompatible > 0) process.exitCode = 1;
} catch (error) {
  console.error(`check-compatibility: ${error.message}`);
  process.exitCode = 2;
}
