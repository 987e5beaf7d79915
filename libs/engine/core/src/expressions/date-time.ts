import { offsetAt, wallTimeOf, type WallTime } from '@weft/kernel';
import { SandboxViolation } from './errors.js';

/** Units added as elapsed time, as Luxon does (an hour is 3,600,000 ms, also across a DST change). */
const TIME_MS: Record<string, number> = {
  millisecond: 1,
  milliseconds: 1,
  second: 1000,
  seconds: 1000,
  minute: 60_000,
  minutes: 60_000,
  hour: 3_600_000,
  hours: 3_600_000,
};

/** Units added on the zone's calendar, keeping the wall-clock time (a day can be 23 or 25 hours): [field, factor]. */
const CALENDAR_UNITS: Record<string, readonly ['months' | 'days', number]> = {
  year: ['months', 12],
  years: ['months', 12],
  quarter: ['months', 3],
  quarters: ['months', 3],
  month: ['months', 1],
  months: ['months', 1],
  week: ['days', 7],
  weeks: ['days', 7],
  day: ['days', 1],
  days: ['days', 1],
};

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const pad = (value: number, length = 2): string => String(value).padStart(length, '0');

/** A wall-clock time of `zone` (month 1-12) as epoch ms; the second pass settles a DST change between guess and result. */
export function fromWallTime(zone: string, year: number, month = 1, day = 1, hour = 0, minute = 0, second = 0, millisecond = 0): number {
  const guess = Date.UTC(year, month - 1, day, hour, minute, second);
  const first = guess - offsetAt(guess, zone);
  return guess - offsetAt(first, zone) + millisecond;
}

/**
 * The subset of Luxon's `DateTime` that n8n expressions use most (`$now.toISO()`,
 * `.toFormat('yyyy-MM-dd')`, `.plus({days: 1})`...), immutable and sandbox-safe.
 */
export class SafeDateTime {
  constructor(
    readonly ms: number,
    readonly zone = 'UTC',
  ) {
    if (!Number.isFinite(ms)) throw new SandboxViolation('invalid date');
  }

  private get parts(): WallTime {
    return wallTimeOf(this.ms, this.zone);
  }

  toISO(): string {
    const offset = offsetAt(this.ms, this.zone);
    const p = wallTimeOf(this.ms, this.zone);
    const sign = offset < 0 ? '-' : '+';
    const abs = Math.abs(offset) / 60_000;
    const zone = offset === 0 && this.zone === 'UTC' ? 'Z' : `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
    return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}.${pad(this.ms % 1000 < 0 ? 0 : this.ms % 1000, 3)}${zone}`;
  }

  toISODate(): string {
    return this.toFormat('yyyy-MM-dd');
  }

  toMillis(): number {
    return this.ms;
  }

  toSeconds(): number {
    return this.ms / 1000;
  }

  toJSDate(): Date {
    return new Date(this.ms);
  }

  toString(): string {
    return this.toISO();
  }

  toJSON(): string {
    return this.toISO();
  }

  valueOf(): number {
    return this.ms;
  }

  /** Luxon tokens: yyyy yy MM M LLL dd d HH H mm ss SSS ccc, text in single quotes. */
  toFormat(format: unknown): string {
    const p = this.parts;
    const tokens: Record<string, string> = {
      yyyy: String(p.year),
      yy: pad(p.year % 100),
      MM: pad(p.month),
      M: String(p.month),
      LLL: MONTHS[p.month - 1]!,
      dd: pad(p.day),
      d: String(p.day),
      HH: pad(p.hour),
      H: String(p.hour),
      mm: pad(p.minute),
      ss: pad(p.second),
      SSS: pad(((this.ms % 1000) + 1000) % 1000, 3),
      ccc: WEEKDAYS[p.weekday - 1]!,
    };
    return String(format).replace(
      /'([^']*)'|yyyy|yy|LLL|MM|M|dd|d|HH|H|mm|ss|SSS|ccc/g,
      (match, quoted: string | undefined) => quoted ?? tokens[match] ?? match,
    );
  }

  plus(duration: unknown): SafeDateTime {
    return this.shift(duration, 1);
  }

  minus(duration: unknown): SafeDateTime {
    return this.shift(duration, -1);
  }

  setZone(zone: unknown): SafeDateTime {
    wallTimeOf(this.ms, String(zone));
    return new SafeDateTime(this.ms, String(zone));
  }

  startOf(unit: unknown): SafeDateTime {
    const p = this.parts;
    const local = { year: p.year, month: unit === 'year' ? 1 : p.month, day: unit === 'year' || unit === 'month' ? 1 : p.day };
    const hour = unit === 'hour' || unit === 'minute' ? p.hour : 0;
    const minute = unit === 'minute' ? p.minute : 0;
    if (!['year', 'month', 'day', 'hour', 'minute'].includes(String(unit))) throw new SandboxViolation(`startOf("${String(unit)}") is not supported`);
    return new SafeDateTime(fromWallTime(this.zone, local.year, local.month, local.day, hour, minute), this.zone);
  }

  get year(): number {
    return this.parts.year;
  }

  get month(): number {
    return this.parts.month;
  }

  get day(): number {
    return this.parts.day;
  }

  get hour(): number {
    return this.parts.hour;
  }

  get minute(): number {
    return this.parts.minute;
  }

  get second(): number {
    return this.parts.second;
  }

  get weekday(): number {
    return this.parts.weekday;
  }

  /**
   * Luxon's arithmetic: years, quarters, months, weeks and days move the date on the
   * zone's calendar and keep the wall-clock time (Jan 31 plus a month is the last day of
   * February; a day across a DST change is 23 or 25 hours); hours and smaller add elapsed time.
   */
  private shift(duration: unknown, sign: number): SafeDateTime {
    if (typeof duration === 'number') return new SafeDateTime(this.ms + sign * duration, this.zone);
    if (duration === null || typeof duration !== 'object') throw new SandboxViolation('plus/minus take {days: n, ...} or milliseconds');
    const calendar = { months: 0, days: 0 };
    let elapsed = 0;
    for (const [unit, raw] of Object.entries(duration)) {
      const amount = sign * Number(raw);
      if (!Number.isFinite(amount)) throw new SandboxViolation(`plus/minus: "${unit}" must be a number`);
      const field = CALENDAR_UNITS[unit];
      if (field !== undefined) calendar[field[0]] += Math.trunc(amount * field[1]);
      else if (TIME_MS[unit] !== undefined) elapsed += amount * TIME_MS[unit];
      else throw new SandboxViolation(`unknown duration unit "${unit}"`);
    }
    const moved = calendar.months === 0 && calendar.days === 0 ? this.ms : this.onCalendar(calendar.months, calendar.days);
    return new SafeDateTime(moved + elapsed, this.zone);
  }

  private onCalendar(months: number, days: number): number {
    const p = this.parts;
    const monthIndex = p.year * 12 + (p.month - 1) + months;
    const year = Math.floor(monthIndex / 12);
    const month = monthIndex - year * 12 + 1;
    const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
    const millisecond = ((this.ms % 1000) + 1000) % 1000;
    return fromWallTime(this.zone, year, month, Math.min(p.day, lastDay) + days, p.hour, p.minute, p.second, millisecond);
  }
}

/** Methods and properties expressions may use on a {@link SafeDateTime}. */
export const DATETIME_METHODS: ReadonlySet<string> = new Set([
  'toISO',
  'toISODate',
  'toMillis',
  'toSeconds',
  'toJSDate',
  'toString',
  'toJSON',
  'valueOf',
  'toFormat',
  'plus',
  'minus',
  'setZone',
  'startOf',
]);
export const DATETIME_PROPERTIES: ReadonlySet<string> = new Set(['year', 'month', 'day', 'hour', 'minute', 'second', 'weekday', 'zone']);

/**
 * A Luxon-like DateTime an expression produced, handed to a node with its zone
 * (`ctx.dateParam`): n8n's nodes format a DateTime in its own zone, a string in theirs.
 */
export class ZonedDateTime {
  constructor(
    readonly epochMs: number,
    readonly zone: string,
  ) {}
}
