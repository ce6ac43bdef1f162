import { randomUUID } from 'node:crypto';

/** A name no other test run uses: topics, consumer groups, database schemas. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`.replace(/[^a-zA-Z0-9._-]/g, '-');
}

const POSTGRES_IDENTIFIER_MAX_BYTES = 63;

/**
 * A unique Postgres schema name: lower case, `[a-z_][a-z0-9_]*`, at most 63 bytes, so it needs no
 * quoting and is never truncated by Postgres (which would make two "unique" names collide).
 */
export function uniqueSchemaName(prefix: string): string {
  const suffix = `_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  let stem = prefix.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  if (!/^[a-z_]/.test(stem)) stem = `s_${stem}`;
  return stem.slice(0, POSTGRES_IDENTIFIER_MAX_BYTES - suffix.length) + suffix;
}
