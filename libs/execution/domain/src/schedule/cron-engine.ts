/**
 * The one place that knows the cron library. Everything else asks a `CronRule`, so
 * croner can be swapped for another engine by rewriting this file alone.
 */
import { Cron } from 'croner';

/** A parsed cron expression in one zone. Both searches are strict and whole-second. */
export interface CronRule {
  /** The first matching instant strictly after `afterMs`, or null when none is left. */
  next(afterMs: number): number | null;
  /** The last matching instant strictly before `beforeMs`, or null when none is. */
  previous(beforeMs: number): number | null;
}

/** The cron library refused the expression; `reason` is its explanation. */
export class CronSyntaxError extends Error {
  constructor(
    readonly expression: string,
    readonly reason: string,
  ) {
    super(`invalid cron expression "${expression}": ${reason}`);
    this.name = 'CronSyntaxError';
  }
}

const OPTIONS = {
  // 5 fields (minute first) or 6 (seconds first); croner's 7th "year" field is refused.
  mode: '5-or-6-parts',
  // Day-of-month and day-of-week are OR-ed when both are restricted, as in Vixie cron.
  domAndDow: false,
  // Only `*/n` and `a-b/n` steps; `5/15` (Quartz) is refused instead of guessed at.
  sloppyRanges: false,
  // A job whose second, minute and hour fields have no `*` and no step is "fixed-time":
  // it fires once in a DST gap (right after it) and once in a repeated hour (the first).
  fixedTimeRule: 'no-wildcard',
  paused: true,
} as const;

const MAX_CACHED = 512;
const cache = new Map<string, CronRule>();

/** Parses `expression` for `zone`; throws `CronSyntaxError` when the library refuses it. */
export function compileCron(expression: string, zone: string): CronRule {
  const key = `${zone}\u0000${expression}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  let job: Cron;
  try {
    job = new Cron(expression, { ...OPTIONS, timezone: zone });
  } catch (error) {
    throw new CronSyntaxError(expression, reasonOf(error));
  }
  const rule: CronRule = {
    next: (afterMs) => job.nextRun(new Date(afterMs))?.getTime() ?? null,
    previous: (beforeMs) => job.previousRuns(1, new Date(beforeMs))[0]?.getTime() ?? null,
  };
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(key, rule);
  return rule;
}

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^Cron(Pattern|Options)?:\s*/, '');
}
