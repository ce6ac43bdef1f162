import { Logger } from '@nestjs/common';
import { PeriodicSweepScheduler } from './periodic-sweep.scheduler';

/** A sweep the test finishes by hand: each call waits until the test resolves or rejects it. */
class SweepUnderControl {
  readonly calls: Array<{ stopping: () => boolean; finish: (count: number) => void; fail: (error: Error) => void }> = [];

  sweep(stopping: () => boolean): Promise<number> {
    return new Promise<number>((resolve, reject) => this.calls.push({ stopping, finish: resolve, fail: reject }));
  }
}

class TestSweepScheduler extends PeriodicSweepScheduler {
  constructor(sweep: SweepUnderControl) {
    super({ name: 'test sweep', intervalMs: 1_000, sweep: (stopping) => sweep.sweep(stopping), describe: (count) => `test sweep handled ${count} item(s)` });
  }
}

describe('PeriodicSweepScheduler', () => {
  let sweep: SweepUnderControl;
  let scheduler: TestSweepScheduler;
  let logged: jest.SpyInstance;
  let failed: jest.SpyInstance;

  beforeEach(() => {
    jest.useFakeTimers();
    logged = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    failed = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    sweep = new SweepUnderControl();
    scheduler = new TestSweepScheduler(sweep);
    scheduler.onApplicationBootstrap();
  });

  afterEach(async () => {
    for (const call of sweep.calls) call.finish(0);
    await scheduler.beforeApplicationShutdown();
    jest.restoreAllMocks();
    jest.useRealTimers();
  });

  it('sweeps once per interval, never while the previous sweep is still at work', async () => {
    expect(sweep.calls).toHaveLength(0);
    jest.advanceTimersByTime(1_000);
    expect(sweep.calls).toHaveLength(1);
    jest.advanceTimersByTime(3_000);
    expect(sweep.calls).toHaveLength(1);

    sweep.calls[0].finish(0);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(sweep.calls).toHaveLength(2);
  });

  it('logs a sweep that handled something, under the subclass’s name, and is silent about an empty one', async () => {
    jest.advanceTimersByTime(1_000);
    sweep.calls[0].finish(0);
    await jest.advanceTimersByTimeAsync(1_000);
    sweep.calls[1].finish(3);
    await jest.advanceTimersByTimeAsync(0);

    expect(logged).toHaveBeenCalledTimes(1);
    expect(logged).toHaveBeenCalledWith('test sweep handled 3 item(s)');
    expect(logged.mock.contexts[0]).toMatchObject({ context: 'TestSweepScheduler' });
  });

  it('logs a failed sweep and tries again at the next tick', async () => {
    jest.advanceTimersByTime(1_000);
    sweep.calls[0].fail(new Error('connection terminated'));
    await jest.advanceTimersByTimeAsync(0);
    expect(failed).toHaveBeenCalledWith('test sweep failed: connection terminated');

    await jest.advanceTimersByTimeAsync(1_000);
    expect(sweep.calls).toHaveLength(2);
  });

  it('on shutdown, tells the sweep at work to stop, waits for it, and starts no other', async () => {
    jest.advanceTimersByTime(1_000);
    const [running] = sweep.calls;
    expect(running.stopping()).toBe(false);

    let shutDown = false;
    const shutdown = scheduler.beforeApplicationShutdown().then(() => {
      shutDown = true;
    });
    expect(running.stopping()).toBe(true);
    await jest.advanceTimersByTimeAsync(5_000);
    expect(shutDown).toBe(false);
    expect(sweep.calls).toHaveLength(1);

    running.finish(1);
    await shutdown;
    expect(shutDown).toBe(true);
  });
});
