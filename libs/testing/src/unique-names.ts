import { randomUUID } from 'node:crypto';

/** A name no other test run uses: topics, consumer groups, database schemas. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`.replace(/[^a-zA-Z0-9._-]/g, '-');
}
