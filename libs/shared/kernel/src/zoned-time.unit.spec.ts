import { daysInMonth, instantOf, isKnownTimeZone, offsetAt, wallTimeOf } from './zoned-time.js';

const wall = (text: string) => {
  const [date, time] = text.split('T') as [string, string];
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute, second] = time.split(':').map(Number) as [number, number, number];
  return { year, month, day, hour, minute, second };
};
/** The wall time with its ISO weekday (1 Monday … 7 Sunday), as `wallTimeOf` reads it. */
const wallOn = (text: string) => ({ ...wall(text), weekday: ((new Date(`${text.split('T')[0]}T00:00:00Z`).getUTCDay() + 6) % 7) + 1 });

describe('zoned time', () => {
  it.each([
    ['an ordinary time', '2026-06-01T12:00:00', 'Europe/Berlin', '2026-06-01T10:00:00.000Z'],
    ['a time in the spring-forward gap: the first instant after it', '2026-03-29T02:30:00', 'Europe/Berlin', '2026-03-29T01:00:00.000Z'],
    ['a repeated time in fall back: the earlier one', '2026-10-25T02:30:00', 'Europe/Berlin', '2026-10-25T00:30:00.000Z'],
    ['New York gap', '2026-03-08T02:15:00', 'America/New_York', '2026-03-08T07:00:00.000Z'],
    ['New York repeated hour', '2026-11-01T01:15:00', 'America/New_York', '2026-11-01T05:15:00.000Z'],
    ['a zone with a half-hour shift', '2026-10-04T02:15:00', 'Australia/Lord_Howe', '2026-10-03T15:30:00.000Z'],
    ['UTC', '2026-03-29T02:30:00', 'UTC', '2026-03-29T02:30:00.000Z'],
  ])('instantOf: %s', (_name, local, zone, expected) => {
    expect(new Date(instantOf(wall(local), zone)).toISOString()).toBe(expected);
  });

  it('reads wall times and offsets', () => {
    expect(wallTimeOf(Date.parse('2026-10-25T00:30:00Z'), 'Europe/Berlin')).toEqual(wallOn('2026-10-25T02:30:00'));
    expect(wallTimeOf(Date.parse('2026-10-25T01:30:00Z'), 'Europe/Berlin')).toEqual(wallOn('2026-10-25T02:30:00'));
    expect(offsetAt(Date.parse('2026-01-01T00:00:00Z'), 'America/New_York')).toBe(-5 * 3_600_000);
    expect(wallTimeOf(Date.parse('2026-12-07T23:30:00Z'), 'Asia/Tokyo').weekday).toBe(2); // already Tuesday in Tokyo
  });

  it('knows zones and month lengths', () => {
    expect(isKnownTimeZone('Europe/Berlin')).toBe(true);
    expect(isKnownTimeZone('Mars/Olympus')).toBe(false);
    expect(isKnownTimeZone('')).toBe(false);
    expect([daysInMonth(2026, 2), daysInMonth(2028, 2), daysInMonth(2100, 2), daysInMonth(2000, 2), daysInMonth(2026, 4), daysInMonth(2026, 12)]).toEqual([
      28, 29, 28, 29, 30, 31,
    ]);
  });
});
