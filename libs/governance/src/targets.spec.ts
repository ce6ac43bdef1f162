import { charterWith, DEFAULT_CHARTER_FILE } from './__fixtures__/charter-text';
import { loadCharter } from './load-charter';

const charter = loadCharter(DEFAULT_CHARTER_FILE);
const quarantinedAt = new Date('2026-11-20T10:00:00Z');
const HOUR = 60 * 60_000;

describe('resolutionDeadline', () => {
  describe('when the error code has its own deadline', () => {
    it('adds it to the quarantine time', () => {
      expect(charter.resolutionDeadline('UNKNOWN_SKU', quarantinedAt)).toEqual(new Date('2026-11-20T14:00:00Z'));
    });
  });

  describe('when the code carries a domain prefix', () => {
    it('falls back to the code without it', () => {
      expect(charter.resolutionDeadline('PRICING.OWNERSHIP_VIOLATION', quarantinedAt)).toEqual(new Date('2026-11-21T10:00:00Z'));
    });

    it('prefers an entry for the full code', () => {
      const strict = charterWith((document) => document.setIn(['targets', 'quarantine_resolution', 'by_error_code', 'ORDERS.MISSING_REQUIRED_FIELD'], 'PT2H'));
      expect(strict.resolutionDeadline('ORDERS.MISSING_REQUIRED_FIELD', quarantinedAt).getTime() - quarantinedAt.getTime()).toBe(2 * HOUR);
      expect(strict.resolutionDeadline('CUSTOMERS.MISSING_REQUIRED_FIELD', quarantinedAt).getTime() - quarantinedAt.getTime()).toBe(24 * HOUR);
    });
  });

  describe('when the code is not listed', () => {
    it('uses the default', () => {
      expect(charter.resolutionDeadline('CATALOG.SOMETHING_NEW', quarantinedAt)).toEqual(new Date('2026-11-22T10:00:00Z'));
    });

    it('is not fooled by names of object properties', () => {
      expect(charter.resolutionDeadline('X.constructor', quarantinedAt)).toEqual(new Date('2026-11-22T10:00:00Z'));
    });
  });
});

describe('target checks for the dashboard', () => {
  const { targets } = charter;

  it('needs a sync success rate above 99.5 %', () => {
    expect(targets.syncSuccessRateOnTarget('99.51')).toBe(true);
    expect(targets.syncSuccessRateOnTarget('99.5')).toBe(false);
  });

  it('needs fewer than 10 data conflicts a day', () => {
    expect(targets.dataConflictsOnTarget(9)).toBe(true);
    expect(targets.dataConflictsOnTarget(10)).toBe(false);
  });

  it('needs a sync lag below 30 minutes', () => {
    expect(targets.syncLagOnTarget(29 * 60_000)).toBe(true);
    expect(targets.syncLagOnTarget(30 * 60_000)).toBe(false);
  });
});
