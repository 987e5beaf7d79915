import { validateSchedule, type ScheduleDefinition } from './index.js';

const base: ScheduleDefinition = { nodeId: 'trigger', cron: null, interval: null, timezone: null };
const anchor = '2026-01-01T00:00:00Z';

describe('validateSchedule', () => {
  it.each<[string, ScheduleDefinition, string | null]>([
    ['a 5-field cron', { ...base, cron: '*/5 * * * *' }, null],
    ['a 6-field cron', { ...base, cron: '0 30 2 * * *', timezone: 'Europe/Berlin' }, null],
    ['an interval with anchor', { ...base, interval: { every: 5, unit: 'minutes' }, anchor }, null],
  ])('accepts %s', (_name, schedule) => {
    expect(validateSchedule(schedule)).toEqual([]);
  });

  it.each<[string, ScheduleDefinition, string | null, { field: string; code: string; message: RegExp }[]]>([
    [
      'neither cron nor interval',
      base,
      null,
      [{ field: 'cron', code: 'schedule_missing', message: /neither a cron expression nor an interval; set one of them/ }],
    ],
    [
      'both cron and interval',
      { ...base, cron: '* * * * *', interval: { every: 1, unit: 'hours' }, anchor },
      null,
      [{ field: 'cron', code: 'schedule_ambiguous', message: /keep only one of them/ }],
    ],
    [
      'a minute out of range',
      { ...base, cron: '61 * * * *' },
      null,
      [{ field: 'cron', code: 'cron_invalid', message: /"61 \* \* \* \*" is invalid: Invalid value for minute: 61\. Use 5 fields/ }],
    ],
    [
      'too few fields',
      { ...base, cron: '* * * *' },
      null,
      [{ field: 'cron', code: 'cron_invalid', message: /invalid: .*Use 5 fields "minute hour day-of-month month day-of-week"/ }],
    ],
    ['a year field', { ...base, cron: '0 0 0 1 1 * 2030' }, null, [{ field: 'cron', code: 'cron_invalid', message: /requires exactly 5 or 6 parts/ }]],
    ['a bad name', { ...base, cron: '0 0 * * FUNDAY' }, null, [{ field: 'cron', code: 'cron_invalid', message: /FUNDAY/ }]],
    [
      'a Quartz-style step',
      { ...base, cron: '5/15 * * * *' },
      null,
      [{ field: 'cron', code: 'cron_invalid', message: /numeric prefix \('5\/15'\) is not allowed/ }],
    ],
    ['@reboot', { ...base, cron: '@reboot' }, null, [{ field: 'cron', code: 'cron_invalid', message: /@reboot is not supported/ }]],
    ['a date that never comes', { ...base, cron: '0 0 30 2 *' }, null, [{ field: 'cron', code: 'cron_never_fires', message: /matches no date/ }]],
    [
      'an unknown schedule zone',
      { ...base, cron: '* * * * *', timezone: 'Mars/Olympus' },
      null,
      [{ field: 'timezone', code: 'timezone_unknown', message: /"Mars\/Olympus" is not a known IANA time zone; use a name such as "Europe\/Berlin"/ }],
    ],
    [
      'an unknown workflow zone',
      { ...base, cron: '* * * * *' },
      'Europe/Atlantis',
      [{ field: 'settings.timezone', code: 'timezone_unknown', message: /"Europe\/Atlantis"/ }],
    ],
    [
      'a zero interval',
      { ...base, interval: { every: 0, unit: 'minutes' }, anchor },
      null,
      [{ field: 'interval.every', code: 'interval_every_invalid', message: /whole number >= 1 of its unit, got 0/ }],
    ],
    [
      'a negative interval',
      { ...base, interval: { every: -5, unit: 'minutes' }, anchor },
      null,
      [{ field: 'interval.every', code: 'interval_every_invalid', message: /got -5/ }],
    ],
    [
      'a fractional interval',
      { ...base, interval: { every: 1.5, unit: 'days' }, anchor },
      null,
      [{ field: 'interval.every', code: 'interval_every_invalid', message: /got 1.5/ }],
    ],
    [
      'an unknown unit',
      { ...base, interval: { every: 2, unit: 'fortnights' }, anchor },
      null,
      [
        {
          field: 'interval.unit',
          code: 'interval_unit_invalid',
          message: /"fortnights" is not supported; use one of seconds, minutes, hours, days, weeks, months/,
        },
      ],
    ],
    ['a missing anchor', { ...base, interval: { every: 2, unit: 'hours' } }, null, [{ field: 'anchor', code: 'anchor_missing', message: /activatedAt/ }]],
  ])('reports %s', (_name, schedule, workflowZone, expected) => {
    const problems = validateSchedule(schedule, workflowZone);
    expect(problems).toEqual(expected.map(({ field, code, message }) => ({ field, code, message: expect.stringMatching(message) })));
  });

  it('reports every problem at once', () => {
    expect(validateSchedule({ ...base, interval: { every: 0, unit: 'ages' }, timezone: 'Nowhere' }).map((p) => p.code)).toEqual([
      'timezone_unknown',
      'interval_every_invalid',
      'interval_unit_invalid',
      'anchor_missing',
    ]);
  });
});
