/**
 * When a schedule trigger fires: the next tick after an instant, the ticks in a window
 * and the last tick before an instant. Pure: time comes in as arguments.
 */
import { UserError, daysInMonth, instantOf, wallAsUtcMs, wallTimeOf, type WallTime } from '@weft/kernel';
import { compileCron } from './cron-engine.js';
import { effectiveZone, type IntervalUnit, type ScheduleDefinition } from './schedule-types.js';
import { validateSchedule } from './schedule-validation.js';

/** Finds ticks strictly after / strictly before an instant (epoch ms). */
interface TickRule {
  next(afterMs: number): number | null;
  previous(beforeMs: number): number | null;
}

const DAY_MS = 86_400_000;
const FIXED_STEP_MS: Partial<Record<IntervalUnit, number>> = { seconds: 1000, minutes: 60_000, hours: 3_600_000 };

/** The first tick strictly after `after`, or null when the schedule never fires again. Throws a validation `UserError` for an invalid schedule. */
export function nextTick(schedule: ScheduleDefinition, after: Date, zone?: string | null): Date | null {
  const next = ruleOf(schedule, zone).next(after.getTime());
  return next === null ? null : new Date(next);
}

/** The last tick at or before `atOrBefore`, or null when there is none (before the first tick). */
export function previousTick(schedule: ScheduleDefinition, atOrBefore: Date, zone?: string | null): Date | null {
  const previous = ruleOf(schedule, zone).previous(atOrBefore.getTime() + 1);
  return previous === null ? null : new Date(previous);
}

/** The ticks in `(from, to]`, ascending, at most `limit` of them (the earliest). */
export function ticksBetween(schedule: ScheduleDefinition, from: Date, to: Date, limit: number, zone?: string | null): Date[] {
  requireLimit(limit);
  const rule = ruleOf(schedule, zone);
  const ticks: Date[] = [];
  const end = to.getTime();
  for (let at = rule.next(from.getTime()); at !== null && at <= end && ticks.length < limit; at = rule.next(at)) ticks.push(new Date(at));
  return ticks;
}

/** The most recent ticks in `(from, to]`, ascending, at most `limit` of them (the latest). */
export function latestTicksBetween(schedule: ScheduleDefinition, from: Date, to: Date, limit: number, zone?: string | null): Date[] {
  requireLimit(limit);
  const rule = ruleOf(schedule, zone);
  const ticks: Date[] = [];
  const start = from.getTime();
  for (let at = rule.previous(to.getTime() + 1); at !== null && at > start && ticks.length < limit; at = rule.previous(at)) ticks.push(new Date(at));
  return ticks.reverse();
}

function requireLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a whole number >= 1, got ${limit}`);
}

function ruleOf(schedule: ScheduleDefinition, workflowZone: string | null | undefined): TickRule {
  const problems = validateSchedule(schedule, workflowZone);
  if (problems.length > 0) {
    throw new UserError('validation', 'schedule.invalid', `The schedule of node "${schedule.nodeId}" is invalid: ${problems.map((p) => p.message).join(' ')}`, {
      errors: problems.map(({ field, message }) => ({ field, message })),
    });
  }
  const zone = effectiveZone(schedule, workflowZone);
  const cron = schedule.cron?.trim();
  if (cron) return compileCron(cron, zone);
  const { every, unit } = schedule.interval!;
  return intervalRule(anchorMs(schedule.anchor!), every, unit as IntervalUnit, zone);
}

/** The anchor to the whole second: interval ticks land on whole seconds like cron ticks. */
function anchorMs(anchor: Date | string): number {
  return Math.floor(new Date(anchor).getTime() / 1000) * 1000;
}

/**
 * Tick k (k >= 1) is `anchor + k * every`. Seconds, minutes and hours are real elapsed
 * time; days, weeks and months step the anchor's wall-clock date in the zone and keep
 * its wall time, clamping the day to the month's last day (Jan 31 + 1 month = Feb 28).
 */
function intervalRule(anchor: number, every: number, unit: IntervalUnit, zone: string): TickRule {
  const tickAt = tickFunction(anchor, every, unit, zone);
  const estimate = estimateFunction(anchor, every, unit, zone);
  /** The smallest k >= 1 whose tick is strictly after `t`. */
  const firstAfter = (t: number): number => {
    let k = Math.max(1, estimate(t));
    while (k > 1 && tickAt(k - 1) > t) k--;
    while (tickAt(k) <= t) k++;
    return k;
  };
  return {
    next: (afterMs) => tickAt(firstAfter(afterMs)),
    previous: (beforeMs) => {
      const k = firstAfter(beforeMs - 1) - 1;
      return k >= 1 ? tickAt(k) : null;
    },
  };
}

function tickFunction(anchor: number, every: number, unit: IntervalUnit, zone: string): (k: number) => number {
  const step = FIXED_STEP_MS[unit];
  if (step !== undefined) return (k) => anchor + k * every * step;
  const wall = wallTimeOf(anchor, zone);
  if (unit === 'months') {
    return (k) => {
      const months = wall.month - 1 + k * every;
      const year = wall.year + Math.floor(months / 12);
      const month = (months % 12) + 1;
      return instantOf({ ...wall, year, month, day: Math.min(wall.day, daysInMonth(year, month)) }, zone);
    };
  }
  const days = unit === 'weeks' ? 7 * every : every;
  return (k) => {
    const date = new Date(wallAsUtcMs({ ...wall, hour: 0, minute: 0, second: 0 }) + k * days * DAY_MS);
    return instantOf({ ...wall, year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() }, zone);
  };
}

/** A k close below the first tick after `t`, so that finding it walks a few steps only. */
function estimateFunction(anchor: number, every: number, unit: IntervalUnit, zone: string): (t: number) => number {
  const step = FIXED_STEP_MS[unit];
  if (step !== undefined) return (t) => Math.floor((t - anchor) / (every * step));
  const start: WallTime = wallTimeOf(anchor, zone);
  if (unit === 'months') {
    return (t) => {
      const at = wallTimeOf(t, zone);
      return Math.floor(((at.year - start.year) * 12 + (at.month - start.month)) / every) - 1;
    };
  }
  const days = unit === 'weeks' ? 7 * every : every;
  return (t) => Math.floor((wallAsUtcMs(wallTimeOf(t, zone)) - wallAsUtcMs(start)) / (days * DAY_MS)) - 1;
}
