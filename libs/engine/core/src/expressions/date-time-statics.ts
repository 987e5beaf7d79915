import { fromWallTime, SafeDateTime } from './date-time.js';
import { SandboxViolation } from './errors.js';
import { namespace } from './globals.js';

/**
 * The `DateTime` global of one evaluation. n8n sets Luxon's default zone to the
 * workflow's time zone, so `DateTime.now()`, `DateTime.local(…)` and a `fromISO` string
 * without an offset live in that zone; "now" is the run's clock (the `$now` instant),
 * never the host's, so a replay sees the same time.
 */
export function dateTimeStatics(now: number, zone: string): object {
  if (cached?.now === now && cached.zone === zone) return cached.value;
  const value = namespace(undefined, {
    now: () => new SafeDateTime(now, zone),
    local: (...parts: unknown[]) => atOrNow(now, parts, zone),
    utc: (...parts: unknown[]) => atOrNow(now, parts, 'UTC'),
    fromISO: (text: unknown, options: unknown) => fromISO(text, readOptions(options, zone)),
    fromMillis: (ms: unknown, options: unknown) => new SafeDateTime(Number(ms), readOptions(options, zone).zone),
    fromSeconds: (seconds: unknown, options: unknown) => new SafeDateTime(Number(seconds) * 1000, readOptions(options, zone).zone),
  });
  // Frozen and stateless, so every evaluation of one activation (same instant, same zone) can share it.
  cached = { now, zone, value };
  return value;
}

let cached: { readonly now: number; readonly zone: string; readonly value: object } | undefined;

interface Options {
  readonly zone: string;
  readonly setZone: boolean;
}

function readOptions(options: unknown, defaultZone: string): Options {
  if (options === null || typeof options !== 'object') return { zone: defaultZone, setZone: false };
  const { zone, setZone } = options as { zone?: unknown; setZone?: unknown };
  return { zone: typeof zone === 'string' ? zone : defaultZone, setZone: setZone === true };
}

/** `DateTime.local()` is now; `DateTime.local(2026, 3, 1, 9, { zone })` that wall time (Luxon's trailing options). */
function atOrNow(now: number, args: readonly unknown[], defaultZone: string): SafeDateTime {
  const last = args.at(-1);
  const hasOptions = last !== null && typeof last === 'object';
  const zone = hasOptions ? readOptions(last, defaultZone).zone : defaultZone;
  const parts = hasOptions ? args.slice(0, -1) : args;
  return parts.length === 0 ? new SafeDateTime(now, zone) : fromParts(parts, zone);
}

function fromParts(parts: readonly unknown[], zone: string): SafeDateTime {
  const numbers = parts.map(Number);
  if (numbers.some((part) => !Number.isInteger(part)))
    throw new SandboxViolation('DateTime.local/utc take whole numbers (year, month, day, hour, minute, second, millisecond)');
  const [year = 0, month, day, hour, minute, second, millisecond] = numbers;
  return new SafeDateTime(fromWallTime(zone, year, month, day, hour, minute, second, millisecond), zone);
}

const ISO = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/**
 * Luxon's `fromISO`: a string with an offset is that instant, shown in the option's or the
 * default zone (in its own offset with `setZone`); one without is a wall time of that zone.
 */
function fromISO(text: unknown, options: Options): SafeDateTime {
  if (typeof text !== 'string') throw new SandboxViolation('DateTime.fromISO takes a string');
  const match = ISO.exec(text.trim());
  if (!match) throw new SandboxViolation(`"${text}" is not an ISO 8601 date`);
  const [year, month = 1, day = 1, hour = 0, minute = 0, second = 0] = match.slice(1, 7).map((part) => (part === undefined ? undefined : Number(part)));
  const millisecond = Math.floor(Number(`0.${match[7] ?? '0'}`) * 1000);
  if (!validWallTime(year!, month, day, hour, minute, second)) throw new SandboxViolation(`"${text}" is not a valid date`);
  const offset = match[8];
  if (offset === undefined) return new SafeDateTime(fromWallTime(options.zone, year!, month, day, hour, minute, second, millisecond), options.zone);
  const offsetMinutes = parseOffset(offset);
  const ms = Date.UTC(year!, month - 1, day, hour, minute, second, millisecond) - offsetMinutes * 60_000;
  return new SafeDateTime(ms, options.setZone ? offsetZone(offsetMinutes) : options.zone);
}

function validWallTime(year: number, month: number, day: number, hour: number, minute: number, second: number): boolean {
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour <= 23 && minute <= 59 && second <= 59;
}

function parseOffset(offset: string): number {
  if (offset.toUpperCase() === 'Z') return 0;
  const digits = offset.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0);
  return offset.startsWith('-') ? -minutes : minutes;
}

const pad = (value: number): string => String(value).padStart(2, '0');

function offsetZone(minutes: number): string {
  if (minutes === 0) return 'UTC';
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
