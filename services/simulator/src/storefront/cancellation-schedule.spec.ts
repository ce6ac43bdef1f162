import { CancellationSchedule, type ScheduledCancellation } from './cancellation-schedule';

const cancellation = (dueAt: number, externalOrderId: string): ScheduledCancellation => ({ dueAt, externalOrderId, reason: 'CUSTOMER_REQUEST', kind: 'valid' });

describe('CancellationSchedule', () => {
  it('hands out what is due, earliest first, and keeps the rest', () => {
    const schedule = new CancellationSchedule();
    schedule.add(cancellation(300, 'C'));
    schedule.add(cancellation(100, 'A'));
    schedule.add(cancellation(200, 'B'));
    schedule.add(cancellation(200, 'B2'));
    expect(schedule.takeDue(99)).toEqual([]);
    expect(schedule.takeDue(200).map((c) => c.externalOrderId)).toEqual(['A', 'B', 'B2']);
    expect(schedule.pending).toBe(1);
    expect(schedule.takeAll().map((c) => c.externalOrderId)).toEqual(['C']);
    expect(schedule.pending).toBe(0);
  });
});
