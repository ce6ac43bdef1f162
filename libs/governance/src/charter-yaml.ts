import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { formatPath, type CharterIssue } from './charter.errors';

/** A charter file read as YAML, before its content is validated. */
export interface CharterYaml {
  /** The plain value (mappings, lists, strings, numbers), or undefined when the YAML is unreadable. */
  readonly value: unknown;
  /** Syntax errors and keys given twice in one mapping. */
  readonly issues: readonly CharterIssue[];
  /** The line of the node at `path`, or of its nearest ancestor present in the file. */
  lineOf(path: readonly PropertyKey[]): number | undefined;
}

/**
 * Reads charter YAML. A key given twice in one mapping is reported, never resolved by letting
 * the later one win: two owners for one price type must not quietly become one.
 */
export function readCharterYaml(text: string): CharterYaml {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false });
  const lineAt = (offset: number) => lineCounter.linePos(offset).line;
  const lineOf = (path: readonly PropertyKey[]) => nodeLine(document, path, lineAt);

  if (document.errors.length > 0) {
    return {
      value: undefined,
      lineOf,
      issues: document.errors.map((error) => {
        const { line, col } = lineCounter.linePos(error.pos[0]);
        return { path: '', line, message: `line ${line}, column ${col}: ${error.message}` };
      }),
    };
  }
  return {
    value: document.toJS({ maxAliasCount: 100 }),
    lineOf,
    issues: duplicateKeys(document.contents, [], lineAt),
  };
}

function duplicateKeys(node: unknown, path: PropertyKey[], lineAt: (offset: number) => number): CharterIssue[] {
  if (isSeq(node)) return node.items.flatMap((item, index) => duplicateKeys(item, [...path, index], lineAt));
  if (!isMap(node)) return [];
  const firstLine = new Map<string, number | undefined>();
  const issues: CharterIssue[] = [];
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    const line = isScalar(pair.key) && pair.key.range ? lineAt(pair.key.range[0]) : undefined;
    if (firstLine.has(key)) {
      issues.push({
        path: formatPath([...path, key]),
        line,
        message: `is given more than once (lines ${firstLine.get(key)} and ${line}); keep exactly one`,
      });
    } else {
      firstLine.set(key, line);
    }
    issues.push(...duplicateKeys(pair.value, [...path, key], lineAt));
  }
  return issues;
}

function nodeLine(document: Document, path: readonly PropertyKey[], lineAt: (offset: number) => number): number | undefined {
  for (let length = path.length; length >= 0; length--) {
    const node: unknown = length === 0 ? document.contents : document.getIn(path.slice(0, length), true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (range) return lineAt(range[0]);
  }
  return undefined;
}
