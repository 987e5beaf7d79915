/** The units an interval schedule may repeat in. */
export const INTERVAL_UNITS = ['seconds', 'minutes', 'hours', 'days', 'weeks', 'months'] as const;
export type IntervalUnit = (typeof INTERVAL_UNITS)[number];

/**
 * One schedule trigger of an active workflow: the shape of `ActiveSchedule` in
 * `WorkflowActivated` (workflows context) plus the anchor intervals count from.
 * Exactly one of `cron` and `interval` is set.
 */
export interface ScheduleDefinition {
  readonly nodeId: string;
  readonly cron: string | null;
  readonly interval: { readonly every: number; readonly unit: string } | null;
  /** IANA zone of this trigger; when null the workflow's `settings.timezone`, else UTC. */
  readonly timezone: string | null;
  /**
   * Where intervals count from: the activation time (`WorkflowActivated.activatedAt`).
   * Required for interval schedules, ignored by cron schedules.
   */
  readonly anchor?: Date | string | null;
}

/** The zone a schedule is evaluated in: its own, else the workflow's, else UTC. */
export function effectiveZone(schedule: Pick<ScheduleDefinition, 'timezone'>, workflowZone?: string | null): string {
  const own = schedule.timezone?.trim();
  if (own) return own;
  const fallback = workflowZone?.trim();
  return fallback ? fallback : 'UTC';
}
