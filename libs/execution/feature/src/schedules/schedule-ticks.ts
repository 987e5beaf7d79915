import { type DueTick, type MissedTickPolicy, type ScheduleDefinition, dueTicks, effectiveZone, tickId } from '@weft/execution-domain';

// The pure part of the scheduler: which ticks of one active workflow's schedules are due
// now, under which id, with which input item. No clock, no database (README.md).

export const MISSED_TICK_POLICIES: readonly MissedTickPolicy[] = ['skip', 'fireOnce', 'fireAll'];

/** The workflow's `settings.missedTicks` when it is a known policy, else `skip`. */
export function missedTickPolicyOf(settings: Readonly<Record<string, unknown>> | undefined): MissedTickPolicy {
  const value = settings?.['missedTicks'];
  return MISSED_TICK_POLICIES.includes(value as MissedTickPolicy) ? (value as MissedTickPolicy) : 'skip';
}

/** The workflow's `settings.timezone` when it is a non-empty string (the fallback zone of its schedules). */
export function workflowZoneOf(settings: Readonly<Record<string, unknown>> | undefined): string | null {
  const value = settings?.['timezone'];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** The scheduleTrigger's output for one tick, as n8n's Schedule Trigger gives it (fewer fields), in `zone`. */
export interface TickItem {
  /** The tick's `scheduledAt`, ISO 8601 UTC (`2026-12-02T07:05:00.000Z`): the same on every replica and retry. */
  readonly timestamp: string;
  /** The zone the schedule was evaluated in (IANA). */
  readonly timezone: string;
  /** `December 2nd 2026, 8:05:00 am` (n8n's `MMMM Do YYYY, h:mm:ss a`). */
  readonly 'Readable date': string;
  /** `8:05:00 am`. */
  readonly 'Readable time': string;
  readonly 'Day of week': string;
  readonly Year: string;
  readonly Month: string;
  /** Two digits, `02`. */
  readonly 'Day of month': string;
  /** Two digits, 24-hour clock, `08`. */
  readonly Hour: string;
  readonly Minute: string;
  readonly Second: string;
  /** `Europe/Berlin (UTC+01:00)`. */
  readonly Timezone: string;
  [key: string]: string;
}

const formats = new Map<string, Intl.DateTimeFormat>();
function formatIn(zone: string): Intl.DateTimeFormat {
  let format = formats.get(zone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: 'long',
      day: '2-digit',
      weekday: 'long',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
    });
    if (formats.size > 500) formats.clear();
    formats.set(zone, format);
  }
  return format;
}

const ordinal = (day: number): string => {
  const tens = day % 100;
  if (tens >= 11 && tens <= 13) return `${day}th`;
  return `${day}${['th', 'st', 'nd', 'rd'][day % 10] ?? 'th'}`;
};

/** The input item of the tick at `scheduledAt` evaluated in `zone` (throws a RangeError for a zone `Intl` does not know). */
export function tickItem(scheduledAt: Date, zone: string): TickItem {
  const parts = Object.fromEntries(
    formatIn(zone)
      .formatToParts(scheduledAt)
      .map((part) => [part.type, part.value]),
  ) as Record<string, string>;
  const offset = (parts['timeZoneName'] ?? 'GMT').replace(/^GMT/, '') || '+00:00';
  const hour = Number(parts['hour']);
  const day = Number(parts['day']);
  const time = `${hour % 12 === 0 ? 12 : hour % 12}:${parts['minute']}:${parts['second']} ${hour < 12 ? 'am' : 'pm'}`;
  return {
    timestamp: scheduledAt.toISOString(),
    timezone: zone,
    'Readable date': `${parts['month']} ${ordinal(day)} ${parts['year']}, ${time}`,
    'Readable time': time,
    'Day of week': parts['weekday'] ?? '',
    Year: parts['year'] ?? '',
    Month: parts['month'] ?? '',
    'Day of month': parts['day'] ?? '',
    Hour: parts['hour'] ?? '',
    Minute: parts['minute'] ?? '',
    Second: parts['second'] ?? '',
    Timezone: `${zone} (UTC${offset})`,
  };
}

/** One schedule of an active workflow, as the scheduler reads it. */
export interface ScheduledTrigger {
  readonly workflowId: string;
  readonly version: number;
  readonly schedule: Omit<ScheduleDefinition, 'anchor'>;
  /** When the active version was activated: the interval anchor and the start of the window. */
  readonly activatedAt: Date;
}

/** One tick to queue: its execution id is the tick id (the exactly-once guard). */
export interface PlannedTick extends DueTick {
  readonly executionId: string;
  readonly item: TickItem;
}

export interface TickPlan {
  readonly ticks: readonly PlannedTick[];
  readonly droppedMissed: boolean;
  /** When the schedule has its next tick (evaluate again then); null when it has none left. */
  readonly next: Date | null;
  readonly zone: string;
}

/**
 * The ticks of `trigger` due at `now`. `lastFiredAt` (the `scheduledAt` of the last tick
 * queued, by any replica, under any activation) counts only when it is not before the
 * activation: ticks of an earlier activation, and those while the workflow was inactive,
 * are never fired by this one. Throws for a schedule that does not compute (bad cron, unknown zone).
 */
export function planTicks(
  trigger: ScheduledTrigger,
  lastFiredAt: Date | null,
  now: Date,
  settings: Readonly<Record<string, unknown>> | undefined,
  options: { graceMs?: number; maxCatchUp?: number } = {},
): TickPlan {
  const workflowZone = workflowZoneOf(settings);
  const zone = effectiveZone(trigger.schedule, workflowZone);
  const definition: ScheduleDefinition = { ...trigger.schedule, anchor: trigger.activatedAt };
  const since = lastFiredAt !== null && lastFiredAt.getTime() >= trigger.activatedAt.getTime() ? lastFiredAt : null;
  const due = dueTicks(definition, since, now, missedTickPolicyOf(settings), { zone: workflowZone, ...options });
  const ticks = due.fire.map((tick) => ({
    ...tick,
    executionId: tickId(trigger.workflowId, trigger.schedule.nodeId, tick.scheduledAt),
    item: tickItem(tick.scheduledAt, zone),
  }));
  return { ticks, droppedMissed: due.droppedMissed, next: due.next, zone };
}
