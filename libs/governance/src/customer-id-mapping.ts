import type { SystemId } from './charter.vocabulary';

/** How a source system's customer ids become ERP customer ids: a prefix in front of the source id. */
export interface CustomerIdRule {
  /** The shape a source id must have for the rule to apply (matched against the whole id). */
  readonly externalIdPattern: string;
  readonly erpIdPrefix: string;
}

/** The ERP customer id for a source system's id, or why there is none by rule. */
export type CustomerIdMappingResult =
  | { readonly mapped: true; readonly erpCustomerId: string }
  | { readonly mapped: false; readonly reason: string };

/**
 * The charter's customer id cross-reference rules (eCommerce customer "123" is ERP customer
 * "C123"). Ids the rules do not cover are resolved through the cross-reference table.
 */
export class CustomerIdMapping {
  private readonly rules: ReadonlyMap<SystemId, { readonly pattern: RegExp; readonly prefix: string }>;

  constructor(rules: Readonly<Partial<Record<SystemId, CustomerIdRule>>>) {
    this.rules = new Map(
      Object.entries(rules).flatMap(([system, rule]) =>
        rule ? [[system as SystemId, { pattern: new RegExp(`^(?:${rule.externalIdPattern})$`, 'u'), prefix: rule.erpIdPrefix }] as const] : [],
      ),
    );
    Object.freeze(this);
  }

  /** The ERP customer id for `externalId` from `source`; ERP ids map to themselves. */
  erpCustomerIdFor(source: SystemId, externalId: string): CustomerIdMappingResult {
    if (source === 'ERP') return { mapped: true, erpCustomerId: externalId };
    const rule = this.rules.get(source);
    if (!rule) return { mapped: false, reason: `the charter has no customer id rule for ${source}` };
    if (!rule.pattern.test(externalId)) {
      return { mapped: false, reason: `${source} customer id "${externalId}" does not match ${rule.pattern.source}` };
    }
    return { mapped: true, erpCustomerId: `${rule.prefix}${externalId}` };
  }

  /** The id `source` knows an ERP customer by, when the rule for `source` made that ERP id. */
  externalCustomerIdFor(source: SystemId, erpCustomerId: string): string | undefined {
    if (source === 'ERP') return erpCustomerId;
    const rule = this.rules.get(source);
    if (!rule || !erpCustomerId.startsWith(rule.prefix)) return undefined;
    const externalId = erpCustomerId.slice(rule.prefix.length);
    return rule.pattern.test(externalId) ? externalId : undefined;
  }
}
