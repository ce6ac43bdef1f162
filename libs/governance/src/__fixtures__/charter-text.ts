import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument, type Document } from 'yaml';
import { parseCharter } from '../load-charter';
import type { Charter } from '../charter';

/** Where the shipped default charter is. */
export const DEFAULT_CHARTER_FILE = join(__dirname, '..', '..', '..', '..', 'charter', 'charter.yaml');

/** The text of the shipped default charter. */
export function defaultCharterText(): string {
  return readFileSync(DEFAULT_CHARTER_FILE, 'utf8');
}

/** The default charter's text after `edit` changed its YAML document (comments are kept). */
export function charterTextWith(edit: (document: Document) => void): string {
  const document = parseDocument(defaultCharterText());
  edit(document);
  return String(document);
}

/** The default charter, parsed after `edit` changed it. */
export function charterWith(edit: (document: Document) => void): Charter {
  return parseCharter(charterTextWith(edit), 'charter.yaml');
}
