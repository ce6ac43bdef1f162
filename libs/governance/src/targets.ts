import Decimal from 'decimal.js';
import type { Duration } from './duration';

/** How long quarantined records of each error code may wait for a person. */
export interface QuarantineResolution {
  readonly default: Duration;
  /** By full code (`ORDERS.UNKNOWN_SKU`) or by the code without its domain (`UNKNOWN_SKU`). */
  readonly byErrorCode: Readonly<Record<string, Duration>>;
}

/** The charter's service-level targets, with the green/red decisions the dashboard shows. */
export class Targets {
  constructor(
    /** The share of records synced without error must stay above this percentage. */
    readonly syncSuccessRatePercentAbove: Decimal,
    /** Data conflicts per day must stay below this count. */
    readonly dataConflictsPerDayBelow: number,
    /** Source time to downstream acknowledgement must stay below this. */
    readonly syncLagBelow: Duration,
    readonly quarantineResolution: QuarantineResolution,
  ) {
    Object.freeze(this);
  }

  /** Whether a sync success rate (in percent) meets the target. */
  syncSuccessRateOnTarget(ratePercent: Decimal.Value): boolean {
    return new Decimal(ratePercent).greaterThan(this.syncSuccessRatePercentAbove);
  }

  /** Whether a day's count of data conflicts meets the target. */
  dataConflictsOnTarget(conflictsPerDay: number): boolean {
    return conflictsPerDay < this.dataConflictsPerDayBelow;
  }

  /** Whether a sync lag (in milliseconds) meets the target. */
  syncLagOnTarget(lagMs: number): boolean {
    return lagMs < this.syncLagBelow.ms;
  }

  /**
   * How long a quarantined record with this error code may wait: the charter's entry for the full
   * code, else for the code without its domain prefix, else the default.
   */
  resolutionTime(errorCode: string): Duration {
    const { byErrorCode } = this.quarantineResolution;
    const withoutDomain = errorCode.slice(errorCode.lastIndexOf('.') + 1);
    const listed = [errorCode, withoutDomain].find((code) => Object.hasOwn(byErrorCode, code));
    return listed === undefined ? this.quarantineResolution.default : byErrorCode[listed];
  }

  /** When a record quarantined at `from` with this error code must be resolved by. */
  resolutionDeadline(errorCode: string, from: Date): Date {
    return new Date(from.getTime() + this.resolutionTime(errorCode).ms);
  }
}
