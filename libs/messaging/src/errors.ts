/** Where in the consumer pipeline a record failed; stamped on dead-lettered records. */
export type FailureStage = 'decode' | 'validate' | 'process';

/**
 * A record that can never take effect as it is: it goes to the dead-letter topic at once, with its
 * stable `code` (e.g. `DECODE.BAD_MAGIC_BYTE`, `ORDERS.UNKNOWN_SKU`) in the headers.
 */
export class PoisonRecordError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly stage: FailureStage,
  ) {
    super(message);
    this.name = 'PoisonRecordError';
  }
}

/** The record's bytes are not a Confluent-framed Avro record Concord can read. */
export class DecodeError extends PoisonRecordError {
  constructor(code: `DECODE.${string}`, message: string) {
    super(code, message, 'decode');
    this.name = 'DecodeError';
  }
}

/** The record decodes but breaks a rule (a handler's validation, the charter's quality standards). */
export class ValidationError extends PoisonRecordError {
  constructor(code: string, message: string) {
    super(code, message, 'validate');
    this.name = 'ValidationError';
  }
}

/** A problem a domain found with a consumed record: its stable code and the field it concerns. */
export interface RecordIssue {
  readonly code: string;
  readonly field: string | null;
  readonly message: string;
}

/**
 * The ValidationError that dead-letters a record at once, coded with the first issue's stable code
 * (e.g. INVENTORY.UNKNOWN_LOCATION) and naming every problem with its field.
 */
export function invalidRecord(issues: readonly RecordIssue[]): ValidationError {
  const reasons = issues.map((issue) => (issue.field === null ? issue.message : `${issue.field}: ${issue.message}`));
  return new ValidationError(issues[0]?.code ?? 'INVALID_RECORD', reasons.join('; '));
}

/** Throws invalidRecord(issues) when there are any. */
export function assertValidRecord(issues: readonly RecordIssue[]): void {
  if (issues.length > 0) throw invalidRecord(issues);
}

/**
 * A dependency (database, schema registry, broker) is unavailable. Consumption pauses and the same
 * record is tried again after recovery; this never spends a record's retry budget and never
 * dead-letters anything.
 */
export class InfrastructureUnavailableError extends Error {
  readonly retriable = true;
  constructor(
    readonly dependency: 'database' | 'schema-registry' | 'broker',
    message: string,
    override readonly cause?: unknown,
  ) {
    super(`${dependency} unavailable: ${message}`);
    this.name = 'InfrastructureUnavailableError';
  }
}
