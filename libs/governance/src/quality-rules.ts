import Decimal from 'decimal.js';
import type { RecordCheck, RecordType } from './charter.vocabulary';

/** Why a record fails the charter's quality standards. */
export type QualityViolationCode =
  | 'MISSING_REQUIRED_FIELD'
  | 'INVALID_EMAIL'
  | 'POSTAL_CODE_MISMATCH'
  | 'MISSING_LINE_SKU'
  | 'NON_POSITIVE_QUANTITY'
  | 'INVALID_DELIVERY_DATE';

/** One way a record fails the quality standards, naming the field as the charter does. */
export interface QualityViolation {
  /** A charter field path, e.g. `gl_account`, `billing_address.postal_code`, `lines[2].quantity`. */
  readonly field: string;
  readonly code: QualityViolationCode;
  readonly message: string;
}

/** The standard for one record type: fields that must be present, and checks beyond presence. */
export interface RecordStandard {
  readonly required: readonly string[];
  readonly checks: readonly RecordCheck[];
}

/** Postal code patterns by ISO 3166-1 alpha-2 country, and what to do for a country without one. */
export interface PostalCodeRules {
  readonly unlistedCountries: 'ACCEPT' | 'REJECT';
  readonly patterns: Readonly<Record<string, string>>;
}

// Deliberately stricter than RFC 5322: what an ERP, a CRM and a mail server all accept. Surrounding
// whitespace makes an address invalid (the auto-remediation fixer trims it); upper case does not.
const EMAIL_LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const TOP_LEVEL_DOMAIN = /^[A-Za-z][A-Za-z0-9-]*[A-Za-z0-9]$/;

/** Whether `email` is a deliverable-looking address: no whitespace, one `@`, a dotted domain. */
export function isValidEmail(email: string): boolean {
  if (email.length > 254) return false;
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  const labels = email.slice(at + 1).split('.');
  return (
    at > 0 &&
    local.length <= 64 &&
    EMAIL_LOCAL.test(local) &&
    labels.length >= 2 &&
    labels.every((label) => DOMAIN_LABEL.test(label)) &&
    TOP_LEVEL_DOMAIN.test(labels[labels.length - 1])
  );
}

/** The charter's quality standards per record type. */
export class QualityRules {
  private readonly postalPatterns: ReadonlyMap<string, RegExp>;

  constructor(
    private readonly standards: Readonly<Record<RecordType, RecordStandard>>,
    private readonly postalCodes: PostalCodeRules,
  ) {
    // Charter patterns describe the whole postal code, so they are anchored here.
    this.postalPatterns = new Map(
      Object.entries(postalCodes.patterns).map(([country, pattern]) => [country, new RegExp(`^(?:${pattern})$`, 'u')]),
    );
    Object.freeze(this);
  }

  /** The fields a record type must have, as listed in the charter. */
  requiredFields(recordType: RecordType): readonly string[] {
    return this.standards[recordType].required;
  }

  /**
   * Whether `postalCode` has the format of `country` (ISO 3166-1 alpha-2, any case). The code is
   * matched as given: surrounding whitespace or lower-case letters where the country uses capitals
   * do not match (auto-remediation normalises them). A country without a pattern matches only if
   * the charter accepts unlisted countries.
   */
  postalCodeMatches(country: string, postalCode: string): boolean {
    const pattern = this.postalPatterns.get(country.toUpperCase());
    return pattern ? pattern.test(postalCode) : this.postalCodes.unlistedCountries === 'ACCEPT';
  }

  /**
   * Checks a record against its standard: every required field present (not null, not blank,
   * not an empty list), then the record type's checks. Field names are the charter's snake_case;
   * a record may carry them in camelCase (`unit_of_measure` is found as `unitOfMeasure`).
   * Returns every violation; an empty list means the record meets the standard.
   */
  checkRequiredFields(recordType: RecordType, record: Readonly<Record<string, unknown>>): QualityViolation[] {
    const standard = this.standards[recordType];
    const violations = standard.required.filter((field) => !isPresent(readField(record, field))).map(missing);
    for (const check of standard.checks) violations.push(...this.runCheck(check, record));
    // A field reported missing by its standard need not be reported again by a check.
    return violations.filter(
      (violation, index) => violations.findIndex((other) => other.field === violation.field && other.code === violation.code) === index,
    );
  }

  private runCheck(check: RecordCheck, record: Readonly<Record<string, unknown>>): QualityViolation[] {
    switch (check) {
      case 'valid_email':
        return checkEmail(record);
      case 'postal_code_matches_country':
        return this.checkPostalCode(record);
      case 'lines_have_sku':
        return orderLines(record).flatMap(({ line, path }) =>
          isPresent(readField(line, 'sku'))
            ? []
            : [{ field: `${path}.sku`, code: 'MISSING_LINE_SKU' as const, message: 'the order line has no SKU' }],
        );
      case 'positive_quantities':
        return orderLines(record).flatMap(({ line, path }) => checkQuantity(readField(line, 'quantity'), `${path}.quantity`));
      case 'valid_delivery_date':
        return checkDeliveryDate(readField(record, 'delivery_date'));
    }
  }

  private checkPostalCode(record: Readonly<Record<string, unknown>>): QualityViolation[] {
    const address = readField(record, 'billing_address');
    if (!isPresent(address)) return [];
    const country = readField(record, 'billing_address.country');
    const postalCode = readField(record, 'billing_address.postal_code');
    const absent = [
      ...(isPresent(country) ? [] : ['billing_address.country']),
      ...(isPresent(postalCode) ? [] : ['billing_address.postal_code']),
    ];
    if (absent.length > 0) return absent.map(missing);
    if (this.postalCodeMatches(String(country), String(postalCode))) return [];
    const known = this.postalPatterns.has(String(country).toUpperCase());
    return [
      {
        field: 'billing_address.postal_code',
        code: 'POSTAL_CODE_MISMATCH',
        message: known
          ? `"${String(postalCode)}" is not a postal code of ${String(country)}`
          : `the charter has no postal code pattern for ${String(country)}`,
      },
    ];
  }
}

function missing(field: string): QualityViolation {
  return { field, code: 'MISSING_REQUIRED_FIELD', message: `${field} is required` };
}

function checkEmail(record: Readonly<Record<string, unknown>>): QualityViolation[] {
  const email = readField(record, 'email');
  if (!isPresent(email)) return [];
  return typeof email === 'string' && isValidEmail(email)
    ? []
    : [{ field: 'email', code: 'INVALID_EMAIL', message: `${JSON.stringify(email)} is not a valid email address` }];
}

function orderLines(record: Readonly<Record<string, unknown>>): Array<{ line: Readonly<Record<string, unknown>>; path: string }> {
  const lines = readField(record, 'lines');
  if (!Array.isArray(lines)) return [];
  return lines.map((line: unknown, index) => ({ line: isRecord(line) ? line : {}, path: `lines[${index}]` }));
}

function checkQuantity(quantity: unknown, field: string): QualityViolation[] {
  if (!isPresent(quantity)) return [missing(field)];
  return positiveQuantity(quantity)
    ? []
    : [{ field, code: 'NON_POSITIVE_QUANTITY', message: `quantity must be greater than 0 (got ${String(quantity)})` }];
}

function positiveQuantity(quantity: unknown): boolean {
  if (typeof quantity === 'number') return Number.isFinite(quantity) && quantity > 0;
  if (typeof quantity === 'bigint') return quantity > 0n;
  if (Decimal.isDecimal(quantity)) return (quantity as Decimal).greaterThan(0);
  return typeof quantity === 'string' && /^\d+(\.\d+)?$/.test(quantity) && new Decimal(quantity).greaterThan(0);
}

function checkDeliveryDate(date: unknown): QualityViolation[] {
  if (!isPresent(date) || isValidDate(date)) return [];
  return [{ field: 'delivery_date', code: 'INVALID_DELIVERY_DATE', message: `${JSON.stringify(date)} is not a date` }];
}

function isValidDate(value: unknown): boolean {
  if (value instanceof Date) return !Number.isNaN(value.getTime());
  if (typeof value === 'number') return Number.isInteger(value);
  if (typeof value !== 'string') return false;
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (dateOnly) {
    const [year, month, day] = dateOnly.slice(1).map(Number);
    const date = new Date(Date.UTC(year, month - 1, day));
    return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  }
  return /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value));
}

function isPresent(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readField(record: Readonly<Record<string, unknown>>, path: string): unknown {
  let value: unknown = record;
  for (const name of path.split('.')) {
    if (!isRecord(value)) return undefined;
    value = value[name] !== undefined ? value[name] : value[camelCase(name)];
  }
  return value;
}

function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}
