import { SandboxViolation } from './errors.js';

const UNIT_MS: Record<string, number> = {
  millisecond: 1, milliseconds: 1, second: 1000, seconds: 1000, minute: 60_000, minutes: 60_000,
  hour: 3_600_000, hours: 3_600_000, day: 86_400_000, days: 86_400_000, week: 604_800_000, weeks: 604_800_000,
};

interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function zonedParts(ms: number, zone: string): ZonedParts {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', weekday: 'short', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  });
  const parts = Object.fromEntries(format.formatToParts(new Date(ms)).map((part) => [part.type, part.value]));
  return {
    year: Number(parts['year']), month: Number(parts['month']), day: Number(parts['day']), hour: Number(parts['hour']),
    minute: Number(parts['minute']), second: Number(parts['second']), weekday: WEEKDAYS.indexOf(parts['weekday'] ?? 'Mon') + 1,
  };
}

/** Offset of `zone` from UTC at `ms`, in ms. */
function offsetOf(ms: number, zone: string): number {
  const p = zonedParts(ms, zone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(ms / 1000) * 1000;
}

const pad = (value: number, length = 2): string => String(value).padStart(length, '0');

/** A wall-clock time of `zone` (month 1-12) as epoch ms; the second pass settles a DST change between guess and result. */
export function fromWallTime(zone: string, year: number, month = 1, day = 1, hour = 0, minute = 0, second = 0, millisecond = 0): number {
  const guess = Date.UTC(year, month - 1, day, hour, minute, second);
  const first = guess - offsetOf(guess, zone);
  return guess - offsetOf(first, zone) + millisecond;
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

  private get parts(): ZonedParts {
    return zonedParts(this.ms, this.zone);
  }

  toISO(): string {
    const offset = offsetOf(this.ms, this.zone);
    const p = zonedParts(this.ms, this.zone);
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
      yyyy: String(p.year), yy: pad(p.year % 100), MM: pad(p.month), M: String(p.month), LLL: MONTHS[p.month - 1]!, dd: pad(p.day), d: String(p.day),
      HH: pad(p.hour), H: String(p.hour), mm: pad(p.minute), ss: pad(p.second), SSS: pad(((this.ms % 1000) + 1000) % 1000, 3), ccc: WEEKDAYS[p.weekday - 1]!,
    };
    return String(format).replace(/'([^']*)'|yyyy|yy|LLL|MM|M|dd|d|HH|H|mm|ss|SSS|ccc/g, (match, quoted: string | undefined) => quoted ?? tokens[match] ?? match);
  }

  plus(duration: unknown): SafeDateTime {
    return this.shift(duration, 1);
  }

  minus(duration: unknown): SafeDateTime {
    return this.shift(duration, -1);
  }

  setZone(zone: unknown): SafeDateTime {
    zonedParts(this.ms, String(zone));
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

  private shift(duration: unknown, sign: number): SafeDateTime {
    if (typeof duration === 'number') return new SafeDateTime(this.ms + sign * duration, this.zone);
    if (duration === null || typeof duration !== 'object') throw new SandboxViolation('plus/minus take {days: n, ...} or milliseconds');
    let ms = this.ms;
    for (const [unit, raw] of Object.entries(duration)) {
      const amount = sign * Number(raw);
      if (unit === 'months' || unit === 'month' || unit === 'years' || unit === 'year') {
        const date = new Date(ms);
        date.setUTCMonth(date.getUTCMonth() + amount * (unit.startsWith('year') ? 12 : 1));
        ms = date.getTime();
      } else if (UNIT_MS[unit] !== undefined) ms += amount * UNIT_MS[unit];
      else throw new SandboxViolation(`unknown duration unit "${unit}"`);
    }
    return new SafeDateTime(ms, this.zone);
  }
}

/** Methods and properties expressions may use on a {@link SafeDateTime}. */
export const DATETIME_METHODS: ReadonlySet<string> = new Set(['toISO', 'toISODate', 'toMillis', 'toSeconds', 'toJSDate', 'toString', 'toJSON', 'valueOf', 'toFormat', 'plus', 'minus', 'setZone', 'startOf']);
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
