import { isUuid } from '@weft/kernel';
import { type TenantTransaction } from '@weft/postgres';
import { numberOrNull } from './row-values.js';

// Workflow execution statistics (counts by status, durations) for the stats API, read
// as the organization (tenancy by type, as executions-queries.ts): whole days from the
// daily rollup (workflow-daily-stats.ts), the rest from `executions`.

export interface ExecutionStatsFilter {
  readonly workflowId?: string;
  /** created_at (queued) at or after. */
  readonly from: Date | string;
  /** created_at (queued) before. */
  readonly to: Date | string;
}

export interface ExecutionStats {
  readonly total: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly canceled: number;
  readonly running: number;
  readonly waiting: number;
  /** succeeded / (succeeded + failed + canceled); null when none finished. */
  readonly successRate: number | null;
  /** Over the finished runs with a duration; null when there is none. */
  readonly avgDurationMs: number | null;
  readonly minDurationMs: number | null;
  readonly maxDurationMs: number | null;
}

interface StatsRow {
  succeeded: string;
  failed: string;
  canceled: string;
  running: string;
  waiting: string;
  avg: string | null;
  min: string | null;
  max: string | null;
}

const NONE: ExecutionStats = {
  total: 0,
  succeeded: 0,
  failed: 0,
  canceled: 0,
  running: 0,
  waiting: 0,
  successRate: null,
  avgDurationMs: null,
  minDurationMs: null,
  maxDurationMs: null,
};

// The window [lo, hi) in UTC days: F is lo rounded up to a day, E is hi rounded down.
// The whole days [F, E) come from the rollup; the finished runs of the head [lo, min(hi, F))
// and of the tail [max(F, E), hi) from `executions` (each under a day; when the window
// holds no whole day, the head is all of it and the tail is empty). Bounds are
// expressions of the parameters, so the planner prunes partitions and ranges the indexes.
const LO = '$2::timestamptz';
const HI = '$3::timestamptz';
const F_UTC = `date_trunc('day', (${LO} at time zone 'UTC') + interval '1 day' - interval '1 microsecond')`;
const E_UTC = `date_trunc('day', ${HI} at time zone 'UTC')`;
const F = `(${F_UTC} at time zone 'UTC')`;
const E = `(${E_UTC} at time zone 'UTC')`;
const FINISHED = `status in ('success', 'error', 'canceled')`;

/** One statement (one snapshot): the rollup's whole days, the edges' finished runs, the window's unfinished runs. */
function statsSql(workflow: string): string {
  const edge = (from: string, to: string) =>
    `select status, duration_ms from executions where organization_id = $1${workflow} and ${FINISHED} and created_at >= ${from} and created_at < ${to}`;
  return `with days as (
       select coalesce(sum(succeeded), 0) as succeeded, coalesce(sum(failed), 0) as failed, coalesce(sum(canceled), 0) as canceled,
              coalesce(sum(timed), 0) as timed, coalesce(sum(sum_duration_ms), 0) as duration, min(min_duration_ms) as min, max(max_duration_ms) as max
         from workflow_daily_stats
        where organization_id = $1${workflow} and day >= ${F_UTC}::date and day < ${E_UTC}::date),
     edges as (
       select count(*) filter (where status = 'success') as succeeded, count(*) filter (where status = 'error') as failed,
              count(*) filter (where status = 'canceled') as canceled, count(duration_ms) as timed, coalesce(sum(duration_ms), 0) as duration, min(duration_ms) as min, max(duration_ms) as max
         from (${edge(LO, `least(${HI}, ${F})`)} union all ${edge(`greatest(${F}, ${E})`, HI)}) x),
     open as (
       select count(*) filter (where status = 'running') as running, count(*) filter (where status = 'waiting') as waiting
         from executions
        where organization_id = $1${workflow} and status in ('running', 'waiting') and created_at >= ${LO} and created_at < ${HI})
     select d.succeeded + x.succeeded as succeeded, d.failed + x.failed as failed, d.canceled + x.canceled as canceled, o.running, o.waiting,
            (d.duration + x.duration)::numeric / nullif(d.timed + x.timed, 0) as avg,
            least(d.min, x.min) as min, greatest(d.max, x.max) as max
       from days d, edges x, open o`;
}

/**
 * Counts by API status and durations of the runs queued in [from, to), as they stand now
 * (exactly what a scan of `executions` over the window would say): finished runs of the
 * whole UTC days from `workflow_daily_stats`, of the partial first and last day from
 * `executions`; running and waiting runs from `executions` (its index of unfinished runs).
 */
export async function executionStats(tx: TenantTransaction, filter: ExecutionStatsFilter): Promise<ExecutionStats> {
  const workflowId = filter.workflowId;
  if (workflowId !== undefined && !isUuid(workflowId)) return NONE;
  const { rows } = await tx.query<StatsRow>(workflowId === undefined ? statsSql('') : statsSql(' and workflow_id = $4::uuid'), [
    tx.organizationId,
    filter.from,
    filter.to,
    ...(workflowId === undefined ? [] : [workflowId]),
  ]);
  const row = rows[0];
  if (row === undefined) return NONE;
  const [succeeded, failed, canceled, running, waiting] = [
    Number(row.succeeded),
    Number(row.failed),
    Number(row.canceled),
    Number(row.running),
    Number(row.waiting),
  ];
  const ended = succeeded + failed + canceled;
  return {
    total: ended + running + waiting,
    succeeded,
    failed,
    canceled,
    running,
    waiting,
    successRate: ended === 0 ? null : succeeded / ended,
    avgDurationMs: row.avg === null ? null : Math.round(Number(row.avg)),
    minDurationMs: numberOrNull(row.min),
    maxDurationMs: numberOrNull(row.max),
  };
}
