import { SendLoop } from './send-loop';

describe('SendLoop', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs the work every interval, one run at a time, until stopped', async () => {
    let runs = 0;
    const loop = new SendLoop(async () => void runs++, { intervalMs: 100, maxRetryDelayMs: 1000, onFailure: () => undefined });
    loop.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(runs).toBe(1);
    await jest.advanceTimersByTimeAsync(350);
    expect(runs).toBe(4);
    await loop.stop();
    await jest.advanceTimersByTimeAsync(1000);
    expect(runs).toBe(4);
  });

  it('backs off while the work fails, reporting each failure, and keeps its pace again after a success', async () => {
    const attempts: number[] = [];
    let failuresLeft = 3;
    let runs = 0;
    const loop = new SendLoop(
      async () => {
        runs++;
        if (failuresLeft-- > 0) throw new Error('broker down');
      },
      { intervalMs: 100, maxRetryDelayMs: 500, onFailure: (_error, attempt) => attempts.push(attempt) },
    );
    loop.start();
    await jest.advanceTimersByTimeAsync(0); // fails: next in 200
    await jest.advanceTimersByTimeAsync(200); // fails: next in 400
    await jest.advanceTimersByTimeAsync(400); // fails: next in 500 (the cap, not 800)
    expect(attempts).toEqual([1, 2, 3]);
    await jest.advanceTimersByTimeAsync(499);
    expect(runs).toBe(3);
    await jest.advanceTimersByTimeAsync(1); // succeeds
    await jest.advanceTimersByTimeAsync(100);
    expect(runs).toBe(5);
    await loop.stop();
  });
});
