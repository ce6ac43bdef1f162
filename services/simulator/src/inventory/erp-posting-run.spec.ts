import { anInventoryUpdated } from '@concord/contracts';
import { ErpPostingRun } from './erp-posting-run';

const booking = (sourceSequence: number) => anInventoryUpdated({ sourceSystem: 'ERP', sourceSequence });

describe('ErpPostingRun', () => {
  it('posts nothing before the first run is due', () => {
    const run = new ErpPostingRun(5000, 0);
    run.book(booking(1));
    expect(run.postDue(4999)).toEqual([]);
    expect(run.pending).toBe(1);
  });

  it('posts every booking since the last run, in booking order, once per interval', () => {
    const run = new ErpPostingRun(5000, 0);
    run.book(booking(1));
    run.book(booking(2));
    expect(run.postDue(5000).map((b) => b.sourceSequence)).toEqual([1, 2]);
    run.book(booking(3));
    expect(run.postDue(9000)).toEqual([]);
    expect(run.postDue(10_000).map((b) => b.sourceSequence)).toEqual([3]);
    expect(run.pending).toBe(0);
  });

  it('keeps its rhythm after a slightly late run', () => {
    const run = new ErpPostingRun(1000, 0);
    run.book(booking(1));
    expect(run.postDue(1200)).toHaveLength(1);
    run.book(booking(2));
    expect(run.postDue(1999)).toEqual([]);
    expect(run.postDue(2000)).toHaveLength(1);
  });

  it('with interval 0 posts every booking at the next opportunity', () => {
    const run = new ErpPostingRun(0, 0);
    run.book(booking(1));
    expect(run.postDue(0)).toHaveLength(1);
    run.book(booking(2));
    expect(run.postDue(0)).toHaveLength(1);
  });

  it('drops and counts bookings beyond its capacity', () => {
    const run = new ErpPostingRun(1000, 0, 2);
    for (let i = 1; i <= 5; i++) run.book(booking(i));
    expect(run.pending).toBe(2);
    expect(run.dropped).toBe(3);
    expect(run.takeAll().map((b) => b.sourceSequence)).toEqual([1, 2]);
  });
});
