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

/** What one subject (the pass-through or a service) measured. */
export interface SubjectResult {
  sustained: SustainedRun[];
  latency?: LatencyRun;
  /** Why there is no latency figure, when there is none. */
  latencyProblem?: string;
  /** What a reader must know about these figures beyond the table (each a sentence). */
  remarks?: string[];
}

export type ServiceOutcome = { measured: SubjectResult } | { notMeasured: string };
/** @deprecated the name of ServiceOutcome in results.json files of earlier runs. */
export type InventoryOutcome = ServiceOutcome;

/** One service beside the raw Kafka pass-through measured in the same run with the service's records. */
export interface Comparison {
  /** What was run, in words (sizes, rates). */
  settings: string;
  passThrough: SubjectResult;
  service: ServiceOutcome;
}
