import type { SourceSystem } from '@concord/contracts';
import { SYSTEMS, type Charter, type SystemId } from '@concord/governance';

/** A customer's id in one system. */
export interface CrossReferenceKey {
  readonly sourceSystem: SourceSystem;
  readonly externalId: string;
}

/**
 * The ids under which a customer known as `key` may already be on record: the key itself and, by
 * the charter's customer id rules, its counterpart — eCommerce customer "123" is ERP customer
 * "C123", and ERP customer "C123" is eCommerce customer "123". The key itself comes first.
 */
export function identityCandidates(key: CrossReferenceKey, charter: Charter): CrossReferenceKey[] {
  const candidates: CrossReferenceKey[] = [key];
  if (key.sourceSystem === 'ERP') {
    for (const system of SYSTEMS) {
      if (system === 'ERP') continue;
      const externalId = charter.customerIds.externalCustomerIdFor(system, key.externalId);
      if (externalId !== undefined) candidates.push({ sourceSystem: system, externalId });
    }
  } else if (key.sourceSystem !== 'UNKNOWN') {
    const mapped = charter.customerIds.erpCustomerIdFor(key.sourceSystem as SystemId, key.externalId);
    if (mapped.mapped) candidates.push({ sourceSystem: 'ERP', externalId: mapped.erpCustomerId });
  }
  return candidates;
}

/** Keys in one total order, so that transactions locking several take them in the same order. */
export function inLockOrder(keys: readonly CrossReferenceKey[]): CrossReferenceKey[] {
  const unique = new Map(keys.map((key) => [lockName(key), key]));
  return [...unique.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, key]) => key);
}

/** The name a key is locked under (text Postgres can hash: no NUL characters). */
export function lockName(key: CrossReferenceKey): string {
  return JSON.stringify([key.sourceSystem, key.externalId]);
}
