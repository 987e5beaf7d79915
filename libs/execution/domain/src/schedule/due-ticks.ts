/**
 * Which ticks fire now, after the scheduler was away or late. A tick is *on time* when
 * it is at most `graceMs` old at evaluation, else *missed* (Quartz calls that a misfire);
 * on-time ticks always fire, missed ones follow the policy.
 */
import { latestTicksBetween, nextTick, previousTick } from './schedule.js';
import { type ScheduleDefinition } from './schedule-types.js';

/**
 * - `skip` (default): fire no missed tick; only on-time ones, then wait for the next.
 * - `fireOnce`: fire one catch-up tick, the most recent missed one.
 * - `fireAll`: fire every missed tick, the most recent `maxCatchUp` of them.
 */
export type MissedTickPolicy = 'skip' | 'fireOnce' | 'fireAll';

export const DEFAULT_MISSED_TICK_POLICY: MissedTickPolicy = 'skip';
/** How late a tick may fire and still count as on time (Quartz's default misfire threshold). */
export const DEFAULT_GRACE_MS = 60_000;
/** The most ticks one `dueTicks` call returns, catch-up and on-time together. */
export const DEFAULT_MAX_CATCH_UP = 100;

export interface DueTicksOptions {
  /** The workflow's `settings.timezone`, used when the schedule has no zone of its own. */
  readonly zone?: string | null;
  readonly graceMs?: number;
  readonly maxCatchUp?: number;
}

export interface DueTick {
  readonly scheduledAt: Date;
  /** True for a missed tick fired late by `fireOnce`/`fireAll`; false for an on-time one. */
  readonly catchUp: boolean;
}

export interface DueTicks {
  /** The ticks to fire now, oldest first; each one's id is `tickId(workflowId, nodeId, scheduledAt)`. */
  readonly fire: readonly DueTick[];
  /** True when missed ticks were left unfired (by `skip`, by `fireOnce`, or over the cap). */
  readonly droppedMissed: boolean;
  /** The first tick after both `now` and `lastFiredAt`: when to evaluate again; null when none is left. */
  readonly next: Date | null;
}

/**
 * The ticks of `schedule` due at `now` given the last one fired. Ticks are looked for in
 * `(since, now]` where `since` is `lastFiredAt` (the `scheduledAt` of the last tick fired),
 * else the schedule's anchor (activation time), else `now - graceMs` (no history: only
 * on-time ticks). Throws a validation `UserError` for an invalid schedule.
 */
export function dueTicks(
  schedule: ScheduleDefinition,
  lastFiredAt: Date | null,
  now: Date,
  policy: MissedTickPolicy = DEFAULT_MISSED_TICK_POLICY,
  options: DueTicksOptions = {},
): DueTicks {
  const zone = options.zone ?? null;
  const graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
  const cap = options.maxCatchUp ?? DEFAULT_MAX_CATCH_UP;
  if (!Number.isFinite(graceMs) || graceMs < 0) throw new RangeError(`graceMs must be a finite number >= 0, got ${graceMs}`);
  if (!Number.isInteger(cap) || cap < 1) throw new RangeError(`maxCatchUp must be a whole number >= 1, got ${cap}`);

  const nowMs = now.getTime();
  const sinceMs = lastFiredAt?.getTime() ?? (schedule.anchor ? new Date(schedule.anchor).getTime() : nowMs - graceMs);
  const next = nextTick(schedule, new Date(Math.max(nowMs, sinceMs)), zone);
  if (sinceMs >= nowMs) return { fire: [], droppedMissed: false, next };

  const cutoffMs = Math.max(sinceMs, nowMs - graceMs);
  const onTime = latestTicksBetween(schedule, new Date(cutoffMs), now, cap, zone).map((scheduledAt) => ({ scheduledAt, catchUp: false }));
  const room = cap - onTime.length;
  const wanted = policy === 'skip' ? 0 : policy === 'fireOnce' ? 1 : cap;
  const catchUp =
    room > 0 && wanted > 0 && cutoffMs > sinceMs
      ? latestTicksBetween(schedule, new Date(sinceMs), new Date(cutoffMs), Math.min(room, wanted), zone).map((scheduledAt) => ({ scheduledAt, catchUp: true }))
      : [];

  // Is any missed tick older than the oldest one fired (or any at all, if none fired)?
  const oldestFiredMissed = catchUp[0]?.scheduledAt.getTime();
  const lastUnfired = cutoffMs <= sinceMs ? null : previousTick(schedule, new Date(oldestFiredMissed === undefined ? cutoffMs : oldestFiredMissed - 1), zone);
  const droppedMissed = lastUnfired !== null && lastUnfired.getTime() > sinceMs;
  return { fire: [...catchUp, ...onTime], droppedMissed, next };
}
