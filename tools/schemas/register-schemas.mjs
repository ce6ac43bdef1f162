// Registers every event schema of schemas/catalog.yaml with the schema registry: sets the subject's
// compatibility level from the catalog (PUT /config/<subject>), then registers the working-tree
// .avsc text under <topic>-value (POST /subjects/<subject>/versions). Idempotent: content the
// registry already holds keeps its id.
//
//   node tools/schemas/register-schemas.mjs        (npm run schemas:register)
//
// SCHEMA_REGISTRY_URL overrides the registry (default: the local stack's ccompat/v7 API).
// Prints one line per subject; exits 1 naming the subject when the registry refuses a schema
// (409 incompatible, 422 invalid) or cannot be reached.
import tools from './schema-tools.cjs';

const registryUrl = tools.registryUrlFromEnv();

try {
  const schemas = tools.loadCatalog();
  const width = Math.max(...schemas.map((schema) => schema.subject.length));
  const results = await tools.registerSchemas({
    registryUrl,
    schemas,
    onRegistered: ({ subject, id, compatibility }) => console.log(`${subject.padEnd(width)}  id=${String(id).padEnd(5)} ${compatibility}`),
  });
  console.log(`registered ${results.length} schemas at ${registryUrl}`);
} catch (error) {
  console.error(`register-schemas: ${error.message}`);
  process.exitCode = 1;
}
