import { readFileSync } from 'node:fs';

/** How often one kind of warning or error appeared in a service's log. */
export interface LogEntryCount {
  level: string;
  /** The message with ids, SKUs and numbers replaced by `#`, plus the error code or error message. */
  what: string;
  count: number;
}

const LEVELS = new Set(['warn', 'error', 'fatal']);

/** The message with what varies from line to line (uuids, SKUs, numbers) made `#`. */
export function normalizeMessage(message: string): string {
  return message
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '#')
    .replace(/\b[A-Z]+[A-Za-z0-9]*-[A-Za-z0-9-]*\d[A-Za-z0-9-]*/g, '#')
    .replace(/\d+/g, '#');
}

/**
 * Counts the warnings and errors of a service's JSON log (one pino object a line; other lines, such
 * as Node's own warnings, are skipped), by kind, most frequent first.
 */
export function countLogEntries(text: string): LogEntryCount[] {
  const counts = new Map<string, LogEntryCount>();
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    let entry: { level?: unknown; msg?: unknown; code?: unknown; err?: { message?: unknown } };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      continue;
    }
    const level = typeof entry.level === 'string' ? entry.level : String(entry.level);
    if (!LEVELS.has(level)) continue;
    const detail = typeof entry.code === 'string' ? entry.code : typeof entry.err?.message === 'string' ? normalizeMessage(entry.err.message).slice(0, 80) : '';
    const what = `${normalizeMessage(typeof entry.msg === 'string' ? entry.msg : '').slice(0, 120)}${detail ? ` (${detail})` : ''}`;
    const key = `${level}|${what}`;
    const counted = counts.get(key) ?? { level, what, count: 0 };
    counted.count++;
    counts.set(key, counted);
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || a.what.localeCompare(b.what));
}

/** The counts of a log file; empty when it cannot be read. */
export function countLogFile(path: string): LogEntryCount[] {
  try {
    return countLogEntries(readFileSync(path, 'utf8'));
  } catch {
    return [];
  }
}
