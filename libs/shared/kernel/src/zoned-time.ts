/**
 * Wall-clock arithmetic in IANA time zones with nothing but `Intl` (no Temporal on
 * Node 24 yet). Instants are epoch milliseconds; wall times carry no zone.
 */

/** A local date and time as a clock on the wall of the zone shows it. `month` is 1–12. */
export interface WallTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** ISO weekday: 1 is Monday, 7 is Sunday. */
  readonly weekday: number;
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

const HOUR_MS = 3_600_000;
/** One formatter per zone: building an `Intl.DateTimeFormat` costs far more than using one. Bounded: zones can come from user expressions. */
const formatters = new Map<string, Intl.DateTimeFormat>();
const MAX_CACHED_ZONES = 1_000;

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    if (formatters.size < MAX_CACHED_ZONES) formatters.set(zone, formatter);
  }
  return formatter;
}

/** True when `zone` is an IANA time zone name (or an offset) this runtime knows. */
export function isKnownTimeZone(zone: string): boolean {
  if (zone.trim() === '') return false;
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

/** The wall time of `instantMs` in `zone`, to the whole second (milliseconds dropped). */
export function wallTimeOf(instantMs: number, zone: string): WallTime {
  const fields: Record<string, string> = {};
  for (const part of formatterFor(zone).formatToParts(new Date(instantMs))) fields[part.type] = part.value;
  return {
    year: Number(fields['year']),
    month: Number(fields['month']),
    day: Number(fields['day']),
    hour: Number(fields['hour']) % 24,
    minute: Number(fields['minute']),
    second: Number(fields['second']),
    weekday: WEEKDAYS.indexOf(fields['weekday'] ?? 'Mon') + 1,
  };
}

/** The wall time read as if it were UTC: a number to compare and subtract wall times with. */
export function wallAsUtcMs(wall: Omit<WallTime, 'weekday'>): number {
  const date = new Date(Date.UTC(2000, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second));
  date.setUTCFullYear(wall.year);
  return date.getTime();
}

/** The zone's UTC offset at `instantMs`, in milliseconds (east positive). */
export function offsetAt(instantMs: number, zone: string): number {
  return wallAsUtcMs(wallTimeOf(instantMs, zone)) - Math.floor(instantMs / 1000) * 1000;
}

/**
 * The instant a wall time names in `zone`, with the DST rules of this module:
 * - a wall time that occurs twice (fall back) names its **earlier** occurrence;
 * - a wall time that does not occur (spring forward) names the **first instant after
 *   the gap**, e.g. 02:30 on 2026-03-29 in Europe/Berlin is 03:00 CEST (01:00Z).
 * Both match croner's handling of fixed-time cron jobs, so intervals and crons agree.
 */
export function instantOf(wall: Omit<WallTime, 'weekday'>, zone: string): number {
  const local = wallAsUtcMs(wall);
  const before = offsetAt(local - 24 * HOUR_MS, zone);
  const after = offsetAt(local + 24 * HOUR_MS, zone);
  const candidates = [...new Set([before, offsetAt(local, zone), after])]
    .map((offset) => local - offset)
    .filter((instant) => wallAsUtcMs(wallTimeOf(instant, zone)) === local);
  if (candidates.length > 0) return Math.min(...candidates);
  // A gap: find the transition between the two readings by bisection on whole seconds.
  let low = Math.min(local - before, local - after);
  let high = Math.max(local - before, local - after);
  const offsetLow = offsetAt(low, zone);
  while (high - low > 1000) {
    const middle = low + Math.floor((high - low) / 2000) * 1000;
    if (offsetAt(middle, zone) === offsetLow) low = middle;
    else high = middle;
  }
  return high;
}

/** Days in `month` (1–12) of `year`, proleptic Gregorian. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
