import type { z } from 'zod';

/** One problem found in a charter file. */
export interface CharterIssue {
  /** Where in the charter, e.g. `ownership.price_types.PROMO` or `exceptions[0].system`; empty for the whole file. */
  readonly path: string;
  readonly message: string;
  /** The 1-based line in the file, when it is known. */
  readonly line?: number;
}

/** Thrown when a charter file is not valid; lists every problem found, each naming its path. */
export class CharterError extends Error {
  readonly code = 'GOVERNANCE.INVALID_CHARTER';

  constructor(
    readonly sourceName: string,
    readonly issues: readonly CharterIssue[],
  ) {
    super(`invalid governance charter:\n  ${issues.map((issue) => formatIssue(sourceName, issue)).join('\n  ')}`);
    this.name = 'CharterError';
  }
}

/** `charter.yaml: ownership.price_types.PROMO: expected one of ERP, PIM, CRM, WMS, ECOMMERCE (got "SAP")` */
export function formatIssue(sourceName: string, issue: CharterIssue): string {
  return issue.path === '' ? `${sourceName}: ${issue.message}` : `${sourceName}: ${issue.path}: ${issue.message}`;
}

/** `exceptions[0].system` from `['exceptions', 0, 'system']`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, segment) => {
    if (typeof segment === 'number') return `${text}[${segment}]`;
    return text === '' ? String(segment) : `${text}.${String(segment)}`;
  }, '');
}

/**
 * Turns schema issues into charter issues that read like a reviewer's notes: the path, what was
 * expected, and what the file said. An unknown-keys issue becomes one issue per key.
 */
export function issuesFromSchema(issues: readonly z.core.$ZodIssue[]): Array<{ path: PropertyKey[]; message: string }> {
  return issues.flatMap((issue) => {
    const hasInput = 'input' in issue && issue.input !== undefined;
    const got = hasInput ? ` (got ${describe(issue.input)})` : '';
    switch (issue.code) {
      case 'unrecognized_keys':
        return issue.keys.map((key) => ({ path: [...issue.path, key], message: `unknown key (${issue.message})` }));
      case 'invalid_value': {
        const options = issue.values.map(String).join(', ');
        return [{ path: issue.path, message: hasInput ? `expected one of ${options}${got}` : `is required; expected one of ${options}` }];
      }
      case 'invalid_type': {
        if (!hasInput) return [{ path: issue.path, message: 'is required' }];
        // A schema's own wording ("expected a quoted calendar version ...") beats the generic one.
        const expected = issue.message.startsWith('Invalid input') ? `expected ${noun(issue.expected)}` : issue.message;
        return [{ path: issue.path, message: `${expected}${got}` }];
      }
      case 'invalid_key':
        return [{ path: issue.path, message: `${issue.issues[0]?.message ?? 'invalid key'}${got}` }];
      default:
        return [{ path: issue.path, message: `${issue.message}${isScalar(issue.input) ? got : ''}` }];
    }
  });
}

function noun(expected: string): string {
  const nouns: Record<string, string> = {
    object: 'a mapping',
    record: 'a mapping',
    array: 'a list',
    string: 'text',
    boolean: 'true or false',
    int: 'a whole number',
    number: 'a number',
  };
  return nouns[expected] ?? expected;
}

function isScalar(value: unknown): boolean {
  return value !== undefined && (value === null || typeof value !== 'object');
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'a mapping';
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
