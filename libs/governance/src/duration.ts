/** A fixed-length span of time from the charter, with the text it was written as. */
export interface Duration {
  /** As written in the charter (`PT30M`), or `PT<n>M` when given as whole minutes. */
  readonly text: string;
  readonly ms: number;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// Years and months are left out on purpose: they have no fixed length, and `P1M` (one month) is
// a common slip for `PT1M` (one minute) that must not pass as a 30-day deadline.
const ISO_DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/**
 * Parses an ISO-8601 duration of weeks, days, hours, minutes and seconds (`PT30M`, `P2D`,
 * `P1DT12H`). Returns undefined for anything else, including zero-length durations.
 */
export function parseIsoDuration(text: string): Duration | undefined {
  const match = ISO_DURATION.exec(text);
  if (!match || text === 'P' || text.endsWith('T')) return undefined;
  const [weeks, days, hours, minutes, seconds] = match.slice(1).map((part) => Number(part ?? 0));
  const ms = weeks * 7 * DAY + days * DAY + hours * HOUR + minutes * MINUTE + seconds * SECOND;
  return ms > 0 ? { text, ms } : undefined;
}

/** A duration of whole minutes, for charters that give a plain number. */
export function minutes(count: number): Duration {
  return { text: `PT${count}M`, ms: count * MINUTE };
}
