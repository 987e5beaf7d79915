import { UserError } from '@weft/kernel';
import { latestTicksBetween, nextTick, previousTick, ticksBetween, type ScheduleDefinition } from './index.js';

const cron = (expression: string, timezone: string | null = null): ScheduleDefinition => ({ nodeId: 'trigger', cron: expression, interval: null, timezone });
const every = (n: number, unit: string, anchor: string, timezone: string | null = null): ScheduleDefinition => ({
  nodeId: 'trigger',
  cron: null,
  interval: { every: n, unit },
  timezone,
  anchor,
});
const iso = (dates: readonly (Date | null)[]) => dates.map((date) => date?.toISOString() ?? null);
const at = (text: string) => new Date(text);

describe('cron schedules', () => {
  it.each([
    ['every 5 minutes', '*/5 * * * *', '2026-01-01T10:03:17Z', ['2026-01-01T10:05:00.000Z', '2026-01-01T10:10:00.000Z', '2026-01-01T10:15:00.000Z']],
    ['with a seconds field', '*/15 * * * * *', '2026-01-01T10:00:07Z', ['2026-01-01T10:00:15.000Z', '2026-01-01T10:00:30.000Z', '2026-01-01T10:00:45.000Z']],
    [
      'seconds field, fixed second',
      '30 0 9 * * *',
      '2026-01-01T10:00:00Z',
      ['2026-01-02T09:00:30.000Z', '2026-01-03T09:00:30.000Z', '2026-01-04T09:00:30.000Z'],
    ],
    ['names and ranges', '0 9 * JAN MON-FRI', '2026-01-01T10:00:00Z', ['2026-01-02T09:00:00.000Z', '2026-01-05T09:00:00.000Z', '2026-01-06T09:00:00.000Z']],
    [
      'lists and range steps',
      '0,30 8-12/2 1 * *',
      '2026-01-01T00:00:00Z',
      ['2026-01-01T08:00:00.000Z', '2026-01-01T08:30:00.000Z', '2026-01-01T10:00:00.000Z'],
    ],
    ['L: last day of the month', '0 0 L * *', '2026-01-15T00:00:00Z', ['2026-01-31T00:00:00.000Z', '2026-02-28T00:00:00.000Z', '2026-03-31T00:00:00.000Z']],
    ['? as a wildcard', '0 12 ? * SUN', '2026-01-01T00:00:00Z', ['2026-01-04T12:00:00.000Z', '2026-01-11T12:00:00.000Z', '2026-01-18T12:00:00.000Z']],
    ['last Friday of the month', '0 0 * * 5L', '2026-01-01T00:00:00Z', ['2026-01-30T00:00:00.000Z', '2026-02-27T00:00:00.000Z', '2026-03-27T00:00:00.000Z']],
    ['second Monday of the month', '0 0 * * 1#2', '2026-01-01T00:00:00Z', ['2026-01-12T00:00:00.000Z', '2026-02-09T00:00:00.000Z', '2026-03-09T00:00:00.000Z']],
    ['7 is Sunday', '0 0 * * 7', '2026-01-01T00:00:00Z', ['2026-01-04T00:00:00.000Z', '2026-01-11T00:00:00.000Z', '2026-01-18T00:00:00.000Z']],
    [
      'day-of-month OR day-of-week',
      '0 0 1 * FRI',
      '2026-03-25T00:00:00Z',
      ['2026-03-27T00:00:00.000Z', '2026-04-01T00:00:00.000Z', '2026-04-03T00:00:00.000Z'],
    ],
    ['nickname', '@daily', '2026-01-01T00:00:00Z', ['2026-01-02T00:00:00.000Z', '2026-01-03T00:00:00.000Z', '2026-01-04T00:00:00.000Z']],
  ])('%s: %s', (_name, expression, from, expected) => {
    expect(iso(ticksBetween(cron(expression), at(from), at('2027-01-01T00:00:00Z'), 3))).toEqual(expected);
  });

  it('is strict: a tick exactly at `after` is not the next one, a millisecond earlier it is', () => {
    expect(nextTick(cron('0 0 * * *'), at('2026-01-02T00:00:00.000Z'))?.toISOString()).toBe('2026-01-03T00:00:00.000Z');
    expect(nextTick(cron('0 0 * * *'), at('2026-01-01T23:59:59.999Z'))?.toISOString()).toBe('2026-01-02T00:00:00.000Z');
  });

  it('previousTick includes the instant itself', () => {
    expect(previousTick(cron('0 0 * * *'), at('2026-01-02T00:00:00.000Z'))?.toISOString()).toBe('2026-01-02T00:00:00.000Z');
    expect(previousTick(cron('0 0 * * *'), at('2026-01-01T23:59:59.999Z'))?.toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });

  it('evaluates in the schedule zone, else the workflow zone, else UTC', () => {
    const after = at('2025-12-31T12:00:00Z');
    expect(nextTick(cron('0 9 * * *'), after)?.toISOString()).toBe('2026-01-01T09:00:00.000Z');
    expect(nextTick(cron('0 9 * * *'), after, 'Asia/Tokyo')?.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(nextTick(cron('0 9 * * *', 'America/New_York'), after, 'Asia/Tokyo')?.toISOString()).toBe('2025-12-31T14:00:00.000Z');
  });

  it('refuses a cron that can never fire', () => {
    expect(() => nextTick(cron('0 0 30 2 *'), at('2026-01-01T00:00:00Z'))).toThrow(UserError);
  });

  it('throws a validation UserError for a bad expression', () => {
    expect(() => nextTick(cron('61 * * * *'), at('2026-01-01T00:00:00Z'))).toThrow(
      /node "trigger" is invalid: The cron expression "61 \* \* \* \*" is invalid/,
    );
  });

  it('latestTicksBetween keeps the most recent ones', () => {
    expect(iso(latestTicksBetween(cron('0 * * * *'), at('2026-01-01T00:00:00Z'), at('2026-01-01T05:00:00Z'), 2))).toEqual([
      '2026-01-01T04:00:00.000Z',
      '2026-01-01T05:00:00.000Z',
    ]);
  });
});

describe('cron across DST', () => {
  it.each([
    // Europe/Berlin, spring forward 2026-03-29 02:00 CET -> 03:00 CEST: 02:30 does not exist, fires once at 03:00 CEST.
    [
      'Berlin daily 02:30, spring forward',
      '30 2 * * *',
      'Europe/Berlin',
      '2026-03-27T12:00:00Z',
      ['2026-03-28T01:30:00.000Z', '2026-03-29T01:00:00.000Z', '2026-03-30T00:30:00.000Z', '2026-03-31T00:30:00.000Z'],
    ],
    // Europe/Berlin, fall back 2026-10-25 03:00 CEST -> 02:00 CET: 02:30 happens twice, fires once at the first (CEST).
    [
      'Berlin daily 02:30, fall back',
      '30 2 * * *',
      'Europe/Berlin',
      '2026-10-23T12:00:00Z',
      ['2026-10-24T00:30:00.000Z', '2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z', '2026-10-27T01:30:00.000Z'],
    ],
    [
      'Berlin daily 02:30 with seconds, fall back',
      '0 30 2 * * *',
      'Europe/Berlin',
      '2026-10-24T12:00:00Z',
      ['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z'],
    ],
    ['Berlin hour list is fixed-time too', '0 2,14 * * *', 'Europe/Berlin', '2026-10-24T13:00:00Z', ['2026-10-25T00:00:00.000Z', '2026-10-25T13:00:00.000Z']],
    // America/New_York, spring forward 2026-03-08 02:00 EST -> 03:00 EDT.
    [
      'New York daily 02:30, spring forward',
      '30 2 * * *',
      'America/New_York',
      '2026-03-07T12:00:00Z',
      ['2026-03-08T07:00:00.000Z', '2026-03-09T06:30:00.000Z'],
    ],
    // America/New_York, fall back 2026-11-01 02:00 EDT -> 01:00 EST: 01:30 happens twice, fires at 01:30 EDT.
    ['New York daily 01:30, fall back', '30 1 * * *', 'America/New_York', '2026-10-31T12:00:00Z', ['2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z']],
    [
      'New York daily 09:00 keeps the wall time',
      '0 9 * * *',
      'America/New_York',
      '2026-10-31T00:00:00Z',
      ['2026-10-31T13:00:00.000Z', '2026-11-01T14:00:00.000Z'],
    ],
  ])('%s', (_name, expression, zone, from, expected) => {
    expect(iso(ticksBetween(cron(expression, zone), at(from), at('2027-01-01T00:00:00Z'), expected.length))).toEqual(expected);
  });

  it('every 30 minutes keeps firing on real instants through the Berlin spring-forward gap', () => {
    expect(iso(ticksBetween(cron('*/30 * * * *', 'Europe/Berlin'), at('2026-03-29T00:00:00Z'), at('2026-03-29T02:00:00Z'), 10))).toEqual([
      '2026-03-29T00:30:00.000Z', // 01:30 CET
      '2026-03-29T01:00:00.000Z', // 03:00 CEST
      '2026-03-29T01:30:00.000Z',
      '2026-03-29T02:00:00.000Z',
    ]);
  });

  it('every 30 minutes fires in both copies of the repeated Berlin hour (real instants, 30 min apart)', () => {
    expect(iso(ticksBetween(cron('*/30 * * * *', 'Europe/Berlin'), at('2026-10-24T23:45:00Z'), at('2026-10-25T02:00:00Z'), 10))).toEqual([
      '2026-10-25T00:00:00.000Z', // 02:00 CEST
      '2026-10-25T00:30:00.000Z', // 02:30 CEST
      '2026-10-25T01:00:00.000Z', // 02:00 CET
      '2026-10-25T01:30:00.000Z', // 02:30 CET
      '2026-10-25T02:00:00.000Z', // 03:00 CET
    ]);
  });

  it('every 5 minutes is 5 real minutes apart across the New York transitions', () => {
    for (const [from, to] of [
      ['2026-03-08T06:30:00Z', '2026-03-08T07:30:00Z'],
      ['2026-11-01T05:00:00Z', '2026-11-01T07:00:00Z'],
    ] as const) {
      const ticks = ticksBetween(cron('*/5 * * * *', 'America/New_York'), at(from), at(to), 100);
      const gaps = new Set(ticks.slice(1).map((tick, i) => tick.getTime() - ticks[i]!.getTime()));
      expect(gaps).toEqual(new Set([5 * 60_000]));
    }
  });

  it('a range of hours is fixed-time (24 ticks on the 25-hour fall-back day), a wildcard hour is not (25)', () => {
    const count = (expression: string) => ticksBetween(cron(expression, 'Europe/Berlin'), at('2026-10-24T21:59:59Z'), at('2026-10-25T22:59:59Z'), 100).length;
    expect([count('0 0-23 * * *'), count('0 * * * *')]).toEqual([24, 25]);
  });

  it('walking backwards gives the same ticks as walking forwards', () => {
    const schedule = cron('30 2 * * *', 'Europe/Berlin');
    const forwards = ticksBetween(schedule, at('2026-03-20T00:00:00Z'), at('2026-11-05T00:00:00Z'), 1000);
    expect(latestTicksBetween(schedule, at('2026-03-20T00:00:00Z'), at('2026-11-05T00:00:00Z'), 1000)).toEqual(forwards);
  });
});

describe('interval schedules', () => {
  it.each([
    [
      'seconds',
      every(10, 'seconds', '2026-01-01T00:00:03.250Z'),
      '2026-01-01T00:00:00Z',
      ['2026-01-01T00:00:13.000Z', '2026-01-01T00:00:23.000Z', '2026-01-01T00:00:33.000Z'],
    ],
    [
      'minutes, from a later instant',
      every(15, 'minutes', '2026-01-01T00:07:00Z'),
      '2026-01-01T01:00:00Z',
      ['2026-01-01T01:07:00.000Z', '2026-01-01T01:22:00.000Z', '2026-01-01T01:37:00.000Z'],
    ],
    [
      'the anchor itself is not a tick',
      every(1, 'hours', '2026-01-01T00:00:00Z'),
      '2025-01-01T00:00:00Z',
      ['2026-01-01T01:00:00.000Z', '2026-01-01T02:00:00.000Z', '2026-01-01T03:00:00.000Z'],
    ],
    // Hours are real elapsed time: 6 hours across the Berlin spring forward read 7 hours on the wall.
    [
      'hours across the Berlin spring forward',
      every(6, 'hours', '2026-03-28T23:00:00Z', 'Europe/Berlin'),
      '2026-03-28T23:00:00Z',
      ['2026-03-29T05:00:00.000Z', '2026-03-29T11:00:00.000Z', '2026-03-29T17:00:00.000Z'],
    ],
    // Days keep the wall time: 09:00 CET then 09:00 CEST, 23 real hours apart.
    [
      'days across the Berlin spring forward',
      every(1, 'days', '2026-03-27T08:00:00Z', 'Europe/Berlin'),
      '2026-03-27T08:00:00Z',
      ['2026-03-28T08:00:00.000Z', '2026-03-29T07:00:00.000Z', '2026-03-30T07:00:00.000Z'],
    ],
    [
      'days across the New York fall back',
      every(1, 'days', '2026-10-31T13:00:00Z', 'America/New_York'),
      '2026-10-31T13:00:00Z',
      ['2026-11-01T14:00:00.000Z', '2026-11-02T14:00:00.000Z'],
    ],
    // 02:30 does not exist on 2026-03-29 in Berlin: that tick is 03:00 CEST, the next is 02:30 again.
    [
      'days at 02:30 through the Berlin gap',
      every(1, 'days', '2026-03-27T01:30:00Z', 'Europe/Berlin'),
      '2026-03-27T01:30:00Z',
      ['2026-03-28T01:30:00.000Z', '2026-03-29T01:00:00.000Z', '2026-03-30T00:30:00.000Z'],
    ],
    // 02:30 happens twice on 2026-10-25 in Berlin: the tick is the first one (CEST).
    [
      'days at 02:30 through the Berlin repeated hour',
      every(1, 'days', '2026-10-24T00:30:00Z', 'Europe/Berlin'),
      '2026-10-24T00:30:00Z',
      ['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z'],
    ],
    [
      'weeks keep weekday and wall time',
      every(2, 'weeks', '2026-03-20T10:00:00Z', 'Europe/Berlin'),
      '2026-03-20T10:00:00Z',
      ['2026-04-03T09:00:00.000Z', '2026-04-17T09:00:00.000Z'],
    ],
    // Months clamp to the month's last day, always from the anchor: Jan 31 -> Feb 28 -> Mar 31 -> Apr 30.
    [
      'months clamp to the month end',
      every(1, 'months', '2026-01-31T12:00:00Z'),
      '2026-01-31T12:00:00Z',
      ['2026-02-28T12:00:00.000Z', '2026-03-31T12:00:00.000Z', '2026-04-30T12:00:00.000Z', '2026-05-31T12:00:00.000Z'],
    ],
    [
      'months clamp to 29 February in a leap year',
      every(12, 'months', '2027-02-28T00:00:00Z'),
      '2027-02-28T00:00:00Z',
      ['2028-02-28T00:00:00.000Z', '2029-02-28T00:00:00.000Z'],
    ],
    [
      'months from 29 February',
      every(12, 'months', '2028-02-29T00:00:00Z'),
      '2028-02-29T00:00:00Z',
      ['2029-02-28T00:00:00.000Z', '2030-02-28T00:00:00.000Z', '2031-02-28T00:00:00.000Z', '2032-02-29T00:00:00.000Z'],
    ],
    [
      'months in a zone across DST',
      every(3, 'months', '2026-01-15T08:00:00Z', 'Europe/Berlin'),
      '2026-01-15T08:00:00Z',
      ['2026-04-15T07:00:00.000Z', '2026-07-15T07:00:00.000Z', '2026-10-15T07:00:00.000Z', '2027-01-15T08:00:00.000Z'],
    ],
  ])('%s', (_name, schedule, from, expected) => {
    expect(iso(ticksBetween(schedule, at(from), at('2040-01-01T00:00:00Z'), expected.length))).toEqual(expected);
  });

  it.each([
    ['seconds', every(7, 'seconds', '2026-01-01T00:00:00Z')],
    ['days', every(3, 'days', '2026-01-01T09:00:00Z', 'Europe/Berlin')],
    ['months', every(1, 'months', '2026-01-31T09:00:00Z', 'America/New_York')],
  ])('jumps far ahead without walking every tick (%s), and previousTick agrees with nextTick', (_name, schedule) => {
    const far = at('2031-06-15T12:34:56Z');
    const next = nextTick(schedule, far)!;
    const previous = previousTick(schedule, far)!;
    expect(previous.getTime()).toBeLessThanOrEqual(far.getTime());
    expect(next.getTime()).toBeGreaterThan(far.getTime());
    expect(nextTick(schedule, previous)).toEqual(next);
  });

  it('has no tick before the first one', () => {
    expect(previousTick(every(1, 'hours', '2026-01-01T00:00:00Z'), at('2026-01-01T00:59:59Z'))).toBeNull();
  });

  it('needs an anchor', () => {
    expect(() => nextTick({ nodeId: 'n', cron: null, interval: { every: 1, unit: 'hours' }, timezone: null }, at('2026-01-01T00:00:00Z'))).toThrow(
      /activatedAt/,
    );
  });
});
