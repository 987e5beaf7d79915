import { isUuid } from '@weft/kernel';
import { type TenantTransaction } from '@weft/postgres';
import { numberOrNull } from './row-values.js';

// Workflow execution statistics (counts by status, durations) for the stats API, read
// as the organization (tenancy by type, as executions-queries.ts).

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
  total: string;
  succeeded: string;
  failed: string;
  canceled: string;
  running: string;
  waiting: string;
  avg: string | null;
  min: string | null;
  max: string | null;
}

/** Counts by API status and durations of the runs queued in [from, to); one scan of the window's partitions. */
export async function executionStats(tx: TenantTransaction, filter: ExecutionStatsFilter): Promise<ExecutionStats> {
  const workflowId = filter.workflowId === undefined ? null : filter.workflowId;
  const none = {
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
  if (workflowId !== null && !isUuid(workflowId)) return none;
  const finished = `status in ('success', 'error', 'canceled') and duration_ms is not null`;
  const { rows } = await tx.query<StatsRow>(
    `select count(*) as total,
            count(*) filter (where status = 'success') as succeeded,
            count(*) filter (where status = 'error') as failed,
            count(*) filter (where status = 'canceled') as canceled,
            count(*) filter (where status = 'running') as running,
            count(*) filter (where status = 'waiting') as waiting,
            avg(duration_ms) filter (where ${finished}) as avg,
            min(duration_ms) filter (where ${finished}) as min,
            max(duration_ms) filter (where ${finished}) as max
       from executions
      where organization_id = $1 and created_at >= $2::timestamptz and created_at < $3::timestamptz and ($4::uuid is null or workflow_id = $4::uuid)`,
    [tx.organizationId, filter.from, filter.to, workflowId],
  );
  const row = rows[0];
  if (row === undefined) return none;
  const [succeeded, failed, canceled] = [Number(row.succeeded), Number(row.failed), Number(row.canceled)];
  const ended = succeeded + failed + canceled;
  return {
    total: Number(row.total),
    succeeded,
    failed,
    canceled,
    running: Number(row.running),
    waiting: Number(row.waiting),
    successRate: ended === 0 ? null : succeeded / ended,
    avgDurationMs: row.avg === null ? null : Math.round(Number(row.avg)),
    minDurationMs: numberOrNull(row.min),
    maxDurationMs: numberOrNull(row.max),
  };
}
