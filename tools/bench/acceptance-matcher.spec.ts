import { AcceptanceMatcher } from './acceptance-matcher';

describe('AcceptanceMatcher', () => {
  it('times each order from its production to the arrival of its OrderAccepted', () => {
    const matcher = new AcceptanceMatcher();
    matcher.expect('WEB-1', 1000);
    matcher.expect('WEB-2', 1010);
    matcher.expect('WEB-3', 1020);
    expect(matcher.observe('WEB-2', 'order-2', 1200)).toBe(true);
    expect(matcher.observe('WEB-1', 'order-1', 1300)).toBe(true);
    expect(matcher.observe('SOMEONE-ELSES', 'order-9', 1300)).toBe(false);
    expect(matcher.answered).toBe(2);
    const settlement = matcher.settle((id) => ({ 'WEB-1': 'order-1', 'WEB-2': 'order-2' })[id]);
    expect(settlement).toEqual({ accepted: 2, latencies: [300, 190], lastArrivedAt: 1300, foreign: 0, pending: [{ externalOrderId: 'WEB-3', producedAt: 1020 }] });
  });

  it("counts only the measured service's OrderAccepted, not another orders service's for the same external id", () => {
    const matcher = new AcceptanceMatcher();
    matcher.expect('WEB-1', 1000);
    matcher.expect('WEB-2', 1000);
    matcher.observe('WEB-1', 'theirs-1', 1050);
    matcher.observe('WEB-1', 'ours-1', 1400);
    matcher.observe('WEB-2', 'theirs-2', 1060);
    const settlement = matcher.settle((id) => ({ 'WEB-1': 'ours-1', 'WEB-2': 'ours-2' })[id]);
    expect(settlement.accepted).toBe(1);
    expect(settlement.latencies).toEqual([400]);
    expect(settlement.foreign).toBe(2);
    expect(settlement.pending.map((order) => order.externalOrderId)).toEqual(['WEB-2']);
  });

  it('counts an OrderAccepted delivered twice once, at its first arrival', () => {
    const matcher = new AcceptanceMatcher();
    matcher.expect('WEB-1', 1000);
    matcher.observe('WEB-1', 'order-1', 1100);
    matcher.observe('WEB-1', 'order-1', 1900);
    expect(matcher.settle(() => 'order-1')).toMatchObject({ accepted: 1, latencies: [100], lastArrivedAt: 1100, foreign: 0 });
  });

  it('leaves an order pending while the service has not stored it, and refuses an external id expected twice', () => {
    const matcher = new AcceptanceMatcher();
    matcher.expect('WEB-1', 1000);
    matcher.observe('WEB-1', 'order-1', 1100);
    expect(matcher.settle(() => undefined)).toMatchObject({ accepted: 0, foreign: 1, pending: [{ externalOrderId: 'WEB-1', producedAt: 1000 }] });
    expect(() => matcher.expect('WEB-1', 2000)).toThrow('order WEB-1 is expected twice');
  });
});
