// Types of schema-tools.cjs, for the TypeScript tests that import it.

export type CompatibilityLevel =
  | 'NONE'
  | 'BACKWARD'
  | 'BACKWARD_TRANSITIVE'
  | 'FORWARD'
  | 'FORWARD_TRANSITIVE'
  | 'FULL'
  | 'FULL_TRANSITIVE';

export declare const COMPATIBILITY_LEVELS: readonly CompatibilityLevel[];
export declare const DEFAULT_REGISTRY_URL: string;
export declare const REPOSITORY_ROOT: string;

/** One schema to register or check. */
export interface SchemaEntry {
  /** Event name; only used in messages. */
  event?: string;
  /** Registry subject, `<topic>-value` for catalog events. */
  subject: string;
  compatibility: CompatibilityLevel;
  /** The .avsc text. */
  text: string;
  /** Path of the .avsc file relative to the repository root; collectHistory reads its git history. */
  schemaFile?: string;
}

/** A catalog event with its working-tree schema. */
export interface CatalogSchema extends SchemaEntry {
  event: string;
  topic: string;
  schemaFile: string;
}

/** One earlier version of a schema. */
export interface HistoryEntry {
  text: string;
  /** Where it comes from, e.g. `git 5edb73b`, `registry v2`; named in results. */
  source: string;
  /** True when the live registry holds it: it may not be skipped. */
  registered?: boolean;
  commit?: string;
}

/** Earlier versions of each schema, oldest first, keyed by subject. */
export type SchemaHistory = Record<string, HistoryEntry[]>;

export interface CheckResult {
  event?: string;
  subject: string;
  compatibility: CompatibilityLevel;
  status: 'ok' | 'new' | 'incompatible';
  /** Why it is incompatible: which versions it breaks and the registry's differences. */
  reason?: string;
  /** Sources of the versions the schema was tested against. */
  checkedAgainst: string[];
  /** History entries the registry would have refused when replayed, so never registered history. */
  skipped: Array<{ source: string; reason: string }>;
}

export interface RegistrationResult {
  event?: string;
  subject: string;
  id: number;
  compatibility: CompatibilityLevel;
}

export declare function registryUrlFromEnv(env?: NodeJS.ProcessEnv): string;
export declare function loadCatalog(root?: string): CatalogSchema[];
export declare function gitHistory(root: string, schemaFile: string): HistoryEntry[];
export declare function gitHistoryWarnings(root?: string): string[];
export declare function registryHistory(client: SchemaRegistryClient, subject: string): Promise<HistoryEntry[]>;
export declare function collectHistory(options: {
  registryUrl?: string;
  schemas: readonly SchemaEntry[];
  root?: string;
  git?: boolean;
  registry?: boolean;
}): Promise<SchemaHistory>;
export declare function registerSchemas(options: {
  registryUrl?: string;
  schemas: readonly SchemaEntry[];
  onRegistered?: (result: RegistrationResult) => void;
}): Promise<RegistrationResult[]>;
export declare function checkCompatibility(options: {
  registryUrl?: string;
  schemas: readonly SchemaEntry[];
  history?: SchemaHistory;
  /** Scratch subjects are `<scratchPrefix>.<subject>`; default `compat-check-<random>`. */
  scratchPrefix?: string;
  concurrency?: number;
}): Promise<CheckResult[]>;
export declare function formatCheckResult(result: CheckResult): string;

export declare class SchemaRegistryClient {
  constructor(baseUrl?: string, options?: { timeoutMs?: number });
  readonly baseUrl: string;
  setCompatibility(subject: string, level: CompatibilityLevel): Promise<void>;
  getCompatibility(subject: string): Promise<CompatibilityLevel | undefined>;
  register(subject: string, schemaText: string): Promise<number>;
  versions(subject: string): Promise<number[]>;
  version(subject: string, version: number | 'latest'): Promise<{ subject: string; version: number; id: number; schema: string }>;
  isCompatibleWithVersion(subject: string, version: number | 'latest', schemaText: string): Promise<boolean>;
  deleteSubject(subject: string): Promise<void>;
}

export declare class RegistryUnreachableError extends Error {
  readonly url: string;
}

export declare class RegistryResponseError extends Error {
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly errorCode?: number;
  readonly registryMessage: string;
}

export declare class SchemaRegistrationError extends Error {
  readonly subject: string;
}
