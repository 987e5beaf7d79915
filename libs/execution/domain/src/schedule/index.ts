export { INTERVAL_UNITS, effectiveZone, type IntervalUnit, type ScheduleDefinition } from './schedule-types.js';
export { nextTick, previousTick, ticksBetween, latestTicksBetween } from './schedule.js';
export { validateSchedule, type ScheduleProblem } from './schedule-validation.js';
export {
  dueTicks,
  DEFAULT_GRACE_MS,
  DEFAULT_MAX_CATCH_UP,
  DEFAULT_MISSED_TICK_POLICY,
  type DueTick,
  type DueTicks,
  type DueTicksOptions,
  type MissedTickPolicy,
} from './due-ticks.js';
export { tickId, WEFT_SCHEDULE_TICK_NAMESPACE } from './tick-id.js';
