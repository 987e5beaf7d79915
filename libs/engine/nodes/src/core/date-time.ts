import { NodeOperationError, type NodeExecutionContext, type NodeType, ZonedDateTime } from '@weft/engine-core';
import { setPath } from './paths.js';

const UNITS: Record<string, number> = { milliseconds: 1, seconds: 1000, minutes: 60_000, hours: 3_600_000, days: 86_400_000, weeks: 604_800_000 };

function toDate(value: unknown, field: string): Date {
  const date = typeof value === 'number' ? new Date(value) : new Date(String(value));
  if (Number.isNaN(date.getTime())) throw new NodeOperationError(`"${String(value)}" in ${field} is not a date`);
  return date;
}

const CALENDAR_UNITS = new Set(['days', 'weeks', 'months', 'years']);

/**
 * Adds `amount` units. Days, weeks, months and years follow the calendar of `timeZone`
 * (as Luxon's `plus` in n8n: 31 Jan + 1 month = 28/29 Feb, DST keeps the wall clock);
 * smaller units are exact durations.
 */
export function addDuration(date: Date, amount: number, unit: string, timeZone = 'UTC'): Date {
  if (!CALENDAR_UNITS.has(unit)) {
    const size = UNITS[unit];
    if (size === undefined) throw new NodeOperationError(`unknown unit "${unit}"`);
    return new Date(date.getTime() + amount * size);
  }
  const wall = wallClock(date, timeZone);
  const months = unit === 'months' ? amount : unit === 'years' ? amount * 12 : 0;
  const days = unit === 'days' ? amount : unit === 'weeks' ? amount * 7 : 0;
  const first = new Date(Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(wall.getUTCDate(), lastDay) + days);
  first.setUTCHours(wall.getUTCHours(), wall.getUTCMinutes(), wall.getUTCSeconds(), wall.getUTCMilliseconds());
  return fromWallClock(first, timeZone);
}

/** The local date and time in `timeZone`, as a Date whose UTC fields hold them. */
function wallClock(date: Date, timeZone: string): Date {
  const parts = partsIn(date, timeZone);
  return new Date(
    Date.UTC(Number(parts.yyyy), Number(parts.MM) - 1, Number(parts.dd), Number(parts.HH), Number(parts.mm), Number(parts.ss), date.getUTCMilliseconds()),
  );
}

const offsetMs = (date: Date, timeZone: string): number => wallClock(date, timeZone).getTime() - date.getTime();

function fromWallClock(wall: Date, timeZone: string): Date {
  let guess = new Date(wall.getTime() - offsetMs(wall, timeZone));
  guess = new Date(wall.getTime() - offsetMs(guess, timeZone));
  return guess;
}

const UTC_ZONES = new Set(['UTC', 'Etc/UTC', 'GMT', 'Etc/GMT']);

/** ISO 8601 in `timeZone` with its offset (`Z` in UTC), as Luxon's `toString()` in n8n. */
export function zonedIso(date: Date, timeZone: string): string {
  if (UTC_ZONES.has(timeZone)) return date.toISOString();
  const wall = wallClock(date, timeZone).toISOString().slice(0, -1);
  const minutes = Math.round(offsetMs(date, timeZone) / 60_000);
  const sign = minutes < 0 ? '-' : '+';
  const hh = String(Math.floor(Math.abs(minutes) / 60)).padStart(2, '0');
  return `${wall}${sign}${hh}:${String(Math.abs(minutes) % 60).padStart(2, '0')}`;
}

interface Parts {
  yyyy: string;
  MM: string;
  dd: string;
  HH: string;
  mm: string;
  ss: string;
  SSS: string;
}

function partsIn(date: Date, timeZone: string): Parts {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const parts = Object.fromEntries(format.formatToParts(date).map((part) => [part.type, part.value]));
  return {
    yyyy: parts['year']!,
    MM: parts['month']!,
    dd: parts['day']!,
    HH: parts['hour']!,
    mm: parts['minute']!,
    ss: parts['second']!,
    SSS: String(date.getUTCMilliseconds()).padStart(3, '0'),
  };
}

/** Formats with Luxon-style tokens (yyyy MM dd HH mm ss SSS) in a time zone; `iso` gives ISO 8601 UTC. */
export function formatDate(date: Date, format: string, timeZone: string): string {
  if (format === 'iso') return date.toISOString();
  const parts = partsIn(date, timeZone);
  return format.replace(/yyyy|MM|dd|HH|mm|ss|SSS/g, (token) => parts[token as keyof Parts]);
}

/** A date to work on, with the zone it carries (a DateTime's own, or a `+hh:mm` offset). */
interface DateInput {
  readonly date: Date;
  readonly zone?: string;
}

/** `+hh:mm`, `+hhmm` or `+hh` ending an ISO date-time, as a zone Intl accepts (`+05:30`). */
function positiveOffset(text: string): string | undefined {
  const match = /T[\d:.,]+\+(\d{2}):?(\d{2})?$/.exec(text.trim());
  return match ? `+${match[1]}:${match[2] ?? '00'}` : undefined;
}

/**
 * Reads the `date` property as n8n's dateTime v2 does: a DateTime from an expression
 * (`{{ $now }}`) keeps its zone; with `keepOffset`, so does a string with a `+hh:mm` offset.
 */
function readDate(ctx: NodeExecutionContext, index: number, keepOffset: boolean): DateInput {
  const value = ctx.dateParam('date', index);
  if (value instanceof ZonedDateTime) return { date: new Date(value.epochMs), zone: value.zone };
  const zone = keepOffset && typeof value === 'string' ? positiveOffset(value) : undefined;
  return { date: toDate(value, 'date'), ...(zone ? { zone } : {}) };
}

function operate(ctx: NodeExecutionContext, index: number): { field: string; value: string } {
  const operation = ctx.param<string>('operation', index) ?? 'formatDate';
  const timeZone = ctx.param<string>('timezone', index) ?? ctx.workflow.timezone;
  switch (operation) {
    case 'getCurrentDate':
      return { field: ctx.param<string>('outputFieldName', index) ?? 'currentDate', value: zonedIso(new Date(ctx.clock.now()), timeZone) };
    case 'addToDate':
    case 'subtractFromDate': {
      const sign = operation === 'addToDate' ? 1 : -1;
      const { date, zone = timeZone } = readDate(ctx, index, false);
      const result = addDuration(date, sign * Number(ctx.param('duration', index) ?? 0), String(ctx.param('unit', index) ?? 'days'), zone);
      return { field: ctx.param<string>('outputFieldName', index) ?? 'newDate', value: zonedIso(result, zone) };
    }
    case 'formatDate': {
      const { date, zone = timeZone } = readDate(ctx, index, ctx.param<boolean>('keepOffset', index) === true);
      return {
        field: ctx.param<string>('outputFieldName', index) ?? 'formattedDate',
        value: formatDate(date, String(ctx.param('format', index) ?? 'iso'), zone),
      };
    }
    default:
      throw new NodeOperationError(`unknown operation "${operation}"`);
  }
}

/** Date operations: current date, add/subtract, format in a time zone; `includeInputFields: false` outputs only the result. */
export const dateTime: NodeType = {
  type: 'dateTime',
  execute: (ctx) => ({
    main: ctx.items.map((item, index) => {
      const { field, value } = operate(ctx, index);
      if (ctx.param<boolean>('includeInputFields', index) === false) return { json: setPath({}, field, value), pairedItem: index };
      return { ...item, json: setPath(item.json, field, value) };
    }),
  }),
};
