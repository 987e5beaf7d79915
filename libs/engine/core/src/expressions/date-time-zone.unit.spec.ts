import { evaluateTemplate } from './evaluate.js';
import { ExpressionError } from './errors.js';
import { ItemExpressionData } from './sources.js';

/** 23:30 UTC on 2 January is 00:30 on 3 January in Berlin. */
const now = Date.UTC(2026, 0, 2, 23, 30);

function evaluateIn(timezone: string, text: string, at = now): unknown {
  const data = new ItemExpressionData({
    items: [{ json: {} }],
    itemIndex: 0,
    nodeOutput: () => undefined,
    executedNodeNames: () => [],
    now: at,
    execution: { id: 'e', mode: 'manual' },
    workflow: { id: 'w', name: 'w' },
    vars: {},
    timezone,
  });
  return evaluateTemplate(text, data);
}

describe("DateTime in the workflow's time zone (n8n sets Luxon's default zone to it)", () => {
  it.each([
    ["{{ $now.toFormat('HH') }}", '00'],
    ['{{ DateTime.now().hour }}', 0],
    ['{{ DateTime.now().toISO() }}', '2026-01-03T00:30:00.000+01:00'],
    ['{{ DateTime.now().toMillis() === $now.toMillis() }}', true],
    ['{{ $today.toISO() }}', '2026-01-03T00:00:00.000+01:00'],
    ['{{ DateTime.local().toISODate() }}', '2026-01-03'],
    ['{{ DateTime.local(2026, 7, 1, 9).toISO() }}', '2026-07-01T09:00:00.000+02:00'],
    ["{{ DateTime.local(2026, 7, 1, { zone: 'Asia/Tokyo' }).toISO() }}", '2026-07-01T00:00:00.000+09:00'],
    ['{{ DateTime.utc().toISO() }}', '2026-01-02T23:30:00.000Z'],
    ['{{ DateTime.utc(2026, 3, 1).toISO() }}', '2026-03-01T00:00:00.000Z'],
    ["{{ DateTime.fromISO('2026-03-01T10:00:00Z').toISO() }}", '2026-03-01T11:00:00.000+01:00'],
    ["{{ DateTime.fromISO('2026-03-01T10:00:00').toISO() }}", '2026-03-01T10:00:00.000+01:00'],
    ["{{ DateTime.fromISO('2026-03-01').toISO() }}", '2026-03-01T00:00:00.000+01:00'],
    ["{{ DateTime.fromISO('2026-03-29T02:30:00').toISO() }}", '2026-03-29T03:30:00.000+02:00'],
    ["{{ DateTime.fromISO('2026-03-01T10:00:00.5+05:30', { setZone: true }).toISO() }}", '2026-03-01T10:00:00.500+05:30'],
    ["{{ DateTime.fromISO('2026-03-01', { zone: 'America/New_York' }).toISO() }}", '2026-03-01T00:00:00.000-05:00'],
    ['{{ DateTime.fromMillis(0).toISO() }}', '1970-01-01T01:00:00.000+01:00'],
    ["{{ DateTime.fromSeconds(0, { zone: 'UTC' }).toISO() }}", '1970-01-01T00:00:00.000Z'],
  ])('Europe/Berlin: %s → %j', (text, expected) => {
    expect(evaluateIn('Europe/Berlin', text)).toEqual(expected);
  });

  it.each([
    // 12:00 in Berlin on the Saturday before the spring DST change.
    ['{{ $now.plus({ days: 1 }).toISO() }}', '2026-03-29T12:00:00.000+02:00'],
    ['{{ $now.plus({ hours: 24 }).toISO() }}', '2026-03-29T13:00:00.000+02:00'],
    ['{{ $now.plus({ weeks: 1, hours: 2 }).toISO() }}', '2026-04-04T14:00:00.000+02:00'],
    ['{{ $now.minus({ months: 1 }).toISO() }}', '2026-02-28T12:00:00.000+01:00'],
    ['{{ $now.plus({ quarters: 1 }).toISODate() }}', '2026-06-28'],
    ["{{ DateTime.fromISO('2026-01-31T08:00:00').plus({ months: 1 }).toISO() }}", '2026-02-28T08:00:00.000+01:00'],
    ["{{ DateTime.fromISO('2024-01-31T08:00:00').plus({ months: 1 }).toISODate() }}", '2024-02-29'],
    ["{{ DateTime.fromISO('2026-03-31T08:00:00').minus({ years: 1, months: 1 }).toISODate() }}", '2025-02-28'],
    ["{{ DateTime.fromISO('2026-10-24T12:00:00').plus({ days: 1 }).toISO() }}", '2026-10-25T12:00:00.000+01:00'],
  ])('Europe/Berlin, calendar units keep the wall-clock time: %s → %j', (text, expected) => {
    expect(evaluateIn('Europe/Berlin', text, Date.UTC(2026, 2, 28, 11, 0))).toEqual(expected);
  });

  it('reads "now" from the run\'s clock, never the host\'s', () => {
    expect(evaluateIn('UTC', '{{ DateTime.now().toMillis() }}', 0)).toBe(0);
    expect(evaluateIn('UTC', '{{ DateTime.local().toISO() }}', 86_400_000)).toBe('1970-01-02T00:00:00.000Z');
  });

  it('keeps each evaluation in its own zone and instant', () => {
    expect(evaluateIn('Asia/Tokyo', '{{ DateTime.now().hour }}')).toBe(8);
    expect(evaluateIn('America/New_York', '{{ DateTime.now().hour }}')).toBe(18);
    expect(evaluateIn('America/New_York', '{{ DateTime.now().hour }}', now + 3_600_000)).toBe(19);
  });

  it.each(["{{ DateTime.fromISO('March 1, 2026') }}", "{{ DateTime.fromISO('2026-02-30') }}", '{{ DateTime.local(2026.5) }}'])('refuses %s', (text) => {
    expect(() => evaluateIn('UTC', text)).toThrow(ExpressionError);
  });
});
