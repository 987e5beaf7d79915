import { NodeOperationError, type NodeExecutionContext, type NodeType } from '@weft/engine-core';
import { setPath } from './paths.js';

const UNITS: Record<string, number> = { milliseconds: 1, seconds: 1000, minutes: 60_000, hours: 3_600_000, days: 86_400_000, weeks: 604_800_000 };

function toDate(value: unknown, field: string): Date {
  const date = typeof value === 'number' ? new Date(value) : new Date(String(value));
  if (Number.isNaN(date.getTime())) throw new NodeOperationError(`"${String(value)}" in ${field} is not a date`);
  return date;
}

/** Adds `amount` units; months and years follow the calendar (in UTC). */
export function addDuration(date: Date, amount: number, unit: string): Date {
  const result = new Date(date.getTime());
  if (unit === 'months' || unit === 'years') {
    result.setUTCMonth(result.getUTCMonth() + amount * (unit === 'years' ? 12 : 1));
    return result;
  }
  const size = UNITS[unit];
  if (size === undefined) throw new NodeOperationError(`unknown unit "${unit}"`);
  return new Date(date.getTime() + amount * size);
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
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  });
  const parts = Object.fromEntries(format.formatToParts(date).map((part) => [part.type, part.value]));
  return { yyyy: parts['year']!, MM: parts['month']!, dd: parts['day']!, HH: parts['hour']!, mm: parts['minute']!, ss: parts['second']!, SSS: String(date.getUTCMilliseconds()).padStart(3, '0') };
}

/** Formats with Luxon-style tokens (yyyy MM dd HH mm ss SSS) in a time zone; `iso` gives ISO 8601 UTC. */
export function formatDate(date: Date, format: string, timeZone: string): string {
  if (format === 'iso') return date.toISOString();
  const parts = partsIn(date, timeZone);
  return format.replace(/yyyy|MM|dd|HH|mm|ss|SSS/g, (token) => parts[token as keyof Parts]);
}

function operate(ctx: NodeExecutionContext, index: number): { field: string; value: string } {
  const operation = ctx.param<string>('operation', index) ?? 'formatDate';
  const timeZone = ctx.param<string>('timezone', index) ?? ctx.workflow.timezone;
  switch (operation) {
    case 'getCurrentDate':
      return { field: ctx.param<string>('outputFieldName', index) ?? 'currentDate', value: new Date(ctx.clock.now()).toISOString() };
    case 'addToDate':
    case 'subtractFromDate': {
      const sign = operation === 'addToDate' ? 1 : -1;
      const date = toDate(ctx.param('date', index), 'date');
      const result = addDuration(date, sign * Number(ctx.param('duration', index) ?? 0), String(ctx.param('unit', index) ?? 'days'));
      return { field: ctx.param<string>('outputFieldName', index) ?? 'newDate', value: result.toISOString() };
    }
    case 'formatDate': {
      const date = toDate(ctx.param('date', index), 'date');
      return { field: ctx.param<string>('outputFieldName', index) ?? 'formattedDate', value: formatDate(date, String(ctx.param('format', index) ?? 'iso'), timeZone) };
    }
    default:
      throw new NodeOperationError(`unknown operation "${operation}"`);
  }
}

/** Date operations: current date, add/subtract, format in a time zone. */
export const dateTime: NodeType = {
  type: 'dateTime',
  execute: (ctx) => ({
    main: ctx.items.map((item, index) => {
      const { field, value } = operate(ctx, index);
      return { ...item, json: setPath(item.json, field, value) };
    }),
  }),
};
