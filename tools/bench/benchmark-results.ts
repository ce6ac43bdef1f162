import type { LatencySummary } from './latency-stats';
import type { SustainedRun } from './kafka-measurements';

/** The latency phase: events produced at a fixed rate, each matched to the record it causes. */
export interface LatencyRun extends LatencySummary {
  ratePerSecond: number;
  seconds: number;
  sent: number;
  /** Produced events whose resulting record never arrived (within 30 s of the last send). */
  unmatched: number;
  /**
   * True when unmatched events entered the percentiles with their age at the end of the wait: the
   * figures are then lower bounds (the service did not keep up).
   */
  lowerBound: boolean;
}

/** What one subject (the pass-through or the inventory service) measured. */
export interface SubjectResult {
  sustained: SustainedRun[];
  latency?: LatencyRun;
  /** Why there is no latency figure, when there is none. */
  latencyProblem?: string;
}

export type InventoryOutcome = { measured: SubjectResult } | { notMeasured: string };
