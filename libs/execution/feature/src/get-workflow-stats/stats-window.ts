import { UserError } from '@weft/kernel';

// The window of a stats query: `since` (a duration up to now) or `from`/`to`, never both.

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const DAY_MS = UNIT_MS.d;

/** The longest `since`: a year and a day, so "the last 365 days" fits in a leap year too. */
export const SINCE_MAX_DAYS = 366;

const DURATION = /^([1-9][0-9]*)([mhd])$/;

export const SINCE_RULE = `since must be a positive whole number of minutes, hours or days (90m, 24h, 7d), at most ${SINCE_MAX_DAYS} days`;
export const SINCE_ALONE_RULE = 'since cannot be combined with from or to: give since, or from and/or to';

/** `since` (`90m`, `24h`, `7d`) in milliseconds; undefined when it is not such a duration of at most SINCE_MAX_DAYS days. */
export function sinceMs(since: string): number | undefined {
  const match = DURATION.exec(since);
  if (match === null) return undefined;
  const ms = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  return ms <= SINCE_MAX_DAYS * DAY_MS ? ms : undefined;
}

export interface StatsWindowQuery {
  readonly since?: string;
  readonly from?: string;
  readonly to?: string;
}

/** What the read model gets: runs queued at or after `from` and before `to`. */
export interface StatsWindow {
  readonly from: string;
  readonly to: string;
}

const invalid = (code: string, field: string, message: string) => new UserError('validation', code, message, { errors: [{ field, message }] });

/**
 * The window at `now`: `since` gives [now - since, now); otherwise `to` defaults to now
 * and `from` to 24 hours before `to` (given values are passed on as they are, for the
 * database to read).
 */
export function statsWindow(query: StatsWindowQuery, now: Date): StatsWindow {
  if (query.since !== undefined) {
    if (query.from !== undefined || query.to !== undefined) throw invalid('stats.window_ambiguous', 'since', SINCE_ALONE_RULE);
    const ms = sinceMs(query.since);
    if (ms === undefined) throw invalid('stats.since_invalid', 'since', SINCE_RULE);
    return { from: new Date(now.getTime() - ms).toISOString(), to: now.toISOString() };
  }
  const to = query.to ?? now.toISOString();
  if (query.from !== undefined) return { from: query.from, to };
  const end = Date.parse(to);
  if (Number.isNaN(end)) throw invalid('stats.window_invalid', 'to', 'to must be a date-time such as 2026-06-01T10:00:00Z (or give from as well)');
  return { from: new Date(end - DAY_MS).toISOString(), to };
}
