import { loadCharter } from '@concord/governance';
import { resolveCharterPath } from '@concord/service-runtime';
import { identityCandidates, inLockOrder } from './cross-reference';

const charter = loadCharter(resolveCharterPath(undefined));

describe('the ids a customer may already be on record under', () => {
  it('maps a storefront customer id to its ERP id by the charter’s rule (eCommerce "123" is ERP "C123")', () => {
    expect(identityCandidates({ sourceSystem: 'ECOMMERCE', externalId: '123' }, charter)).toEqual([
      { sourceSystem: 'ECOMMERCE', externalId: '123' },
      { sourceSystem: 'ERP', externalId: 'C123' },
    ]);
  });

  it('maps an ERP id made by the rule back to the storefront id', () => {
    expect(identityCandidates({ sourceSystem: 'ERP', externalId: 'C123' }, charter)).toEqual([
      { sourceSystem: 'ERP', externalId: 'C123' },
      { sourceSystem: 'ECOMMERCE', externalId: '123' },
    ]);
  });

  it('has only the id itself where no rule applies (a guest id, a CRM account, an ERP id of another shape)', () => {
    for (const key of [
      { sourceSystem: 'ECOMMERCE' as const, externalId: 'guest-7f3a' },
      { sourceSystem: 'CRM' as const, externalId: 'CRM-ACC-1' },
      { sourceSystem: 'ERP' as const, externalId: 'D-4711' },
    ]) {
      expect(identityCandidates(key, charter)).toEqual([key]);
    }
  });
});

describe('the order cross-reference locks are taken in', () => {
  it('is the same whatever order the ids come in, without duplicates', () => {
    const a = { sourceSystem: 'ERP' as const, externalId: 'C123' };
    const b = { sourceSystem: 'ECOMMERCE' as const, externalId: '123' };
    expect(inLockOrder([a, b, a])).toEqual(inLockOrder([b, a]));
    expect(inLockOrder([a, b, a])).toHaveLength(2);
  });
});
