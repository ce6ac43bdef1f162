import { readFileSync } from 'node:fs';
import { Charter } from './charter';
import { CharterError, formatPath, issuesFromSchema, type CharterIssue } from './charter.errors';
import { charterSchema } from './charter.schema';
import { readCharterYaml } from './charter-yaml';

/** Where the shipped charter lives, relative to the repository root (services start there). */
export const DEFAULT_CHARTER_PATH = 'charter/charter.yaml';

/**
 * Parses and validates charter YAML. Throws a CharterError listing every problem at once, each
 * naming its path (`charter.yaml: ownership.price_types.PROMO: expected one of ...`).
 */
export function parseCharter(text: string, sourceName = 'charter.yaml'): Charter {
  const yaml = readCharterYaml(text);
  if (yaml.value === undefined) throw new CharterError(sourceName, yaml.issues);

  const result = charterSchema.safeParse(yaml.value, { reportInput: true });
  const schemaIssues: CharterIssue[] = result.success
    ? []
    : issuesFromSchema(result.error.issues).map(({ path, message }) => ({
        path: formatPath(path),
        message,
        line: yaml.lineOf(path),
      }));
  const issues = [...yaml.issues, ...schemaIssues].sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
  if (issues.length > 0 || !result.success) throw new CharterError(sourceName, issues);
  return new Charter(result.data);
}

/** Reads, parses and validates the charter file at `path` (see parseCharter). */
export function loadCharter(path: string = DEFAULT_CHARTER_PATH): Charter {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new CharterError(path, [{ path: '', message: `cannot read the charter file (${reason})` }]);
  }
  return parseCharter(text, path);
}
