import { minutes, parseIsoDuration } from './duration';

describe('parseIsoDuration', () => {
  it.each([
    ['PT30M', 30 * 60_000],
    ['PT45S', 45_000],
    ['P2D', 2 * 86_400_000],
    ['P1DT12H', 36 * 3_600_000],
    ['P1W', 7 * 86_400_000],
  ])('reads %s', (text, ms) => {
    expect(parseIsoDuration(text)).toEqual({ text, ms });
  });

  it.each(['P1M', 'P1Y', 'P', 'PT', 'PT0M', '30M', 'pt30m', 'P1.5D', ''])('refuses %j', (text) => {
    expect(parseIsoDuration(text)).toBeUndefined();
  });
});

describe('minutes', () => {
  it('writes whole minutes as an ISO-8601 duration', () => {
    expect(minutes(90)).toEqual({ text: 'PT90M', ms: 90 * 60_000 });
  });
});
