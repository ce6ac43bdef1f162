import { FeedPacer } from './feed-pacer';

function sentOver(pacer: FeedPacer, ticks: number, tickMs: number, start = 0): number {
  let sent = 0;
  for (let i = 1; i <= ticks; i++) sent += pacer.due(start + i * tickMs);
  return sent;
}

describe('FeedPacer', () => {
  it('owes the configured rate per second, whatever the tick', () => {
    expect(sentOver(new FeedPacer(20, 0), 100, 100)).toBe(200);
    expect(sentOver(new FeedPacer(3, 0), 100, 100)).toBe(30);
    expect(sentOver(new FeedPacer(2500, 0), 37, 27)).toBe(Math.floor((2500 * 37 * 27) / 1000));
  });

  it('sends nothing at rate 0', () => {
    expect(sentOver(new FeedPacer(0, 0), 50, 100)).toBe(0);
  });

  it('makes up for a stalled tick with at most one second of records', () => {
    const pacer = new FeedPacer(100, 0);
    expect(pacer.due(10_000)).toBe(100);
    expect(pacer.due(10_100)).toBe(10);
  });

  describe('when the rate changes', () => {
    it('follows the new rate from that moment on', () => {
      const pacer = new FeedPacer(10, 0);
      expect(sentOver(pacer, 10, 100)).toBe(10);
      pacer.setRate(1000, 1000);
      expect(sentOver(pacer, 10, 100, 1000)).toBe(1000);
      pacer.setRate(0, 2000);
      expect(sentOver(pacer, 10, 100, 2000)).toBe(0);
    });
  });
});
