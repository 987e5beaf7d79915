import { tenantIsolationDdl } from '@weft/postgres';
import { type ProjectionTable, type ProjectionTransaction, REBUILD_SUFFIX } from '@weft/projections';
import { type ExecutionChange } from './execution-changes.js';

// `workflow_daily_stats`: the finished runs of each workflow per UTC day of their queue
// time (`executions.created_at`), kept by the executions projection in the transaction
// that writes the runs, so the stats API reads whole days here instead of scanning
// `executions` (execution-stats-queries.ts).
//
// A run is counted once, when its `executions` row goes from not finished (or absent)
// to a final status (success, error, canceled) within the batch's transaction: the batch
// first notes which of its ending runs are not finished yet, writes the runs, then adds
// those that are now finished. A redelivered or replayed terminal event finds its row
// finished already and adds nothing. A run's end is final in the domain (one terminal
// event per run), so a counted run never leaves its bucket.

export const WORKFLOW_DAILY_STATS = 'workflow_daily_stats';

const FINISHED = `e.status in ('success', 'error', 'canceled')`;

const COLUMNS = 'organization_id, workflow_id, day, succeeded, failed, canceled, timed, sum_duration_ms, min_duration_ms, max_duration_ms';

/** The finished runs of `executions` matching `where`, per organization, workflow and UTC day of `created_at`, in key order. */
const rollupOf = (executions: string, where: string) =>
  `select e.organization_id, e.workflow_id, (e.created_at at time zone 'UTC')::date as day,
          count(*) filter (where e.status = 'success'), count(*) filter (where e.status = 'error'), count(*) filter (where e.status = 'canceled'),
          count(e.duration_ms), coalesce(sum(e.duration_ms), 0), min(e.duration_ms), max(e.duration_ms)
     from ${executions} e
    where ${FINISHED} and ${where}
    group by 1, 2, 3
    order by 1, 2, 3`;

/** The `executions` table beside `t`: the live one, or the rebuild's shadow. */
const executionsBeside = (t: string) => (t.endsWith(REBUILD_SUFFIX) ? `executions${REBUILD_SUFFIX}` : 'executions');

/**
 * One row per organization, workflow and UTC day with finished runs: counts by final
 * status, and `timed` (the finished runs with a duration) with the sum, min and max of
 * their durations. A table created beside an `executions` that has rows (an existing
 * deployment) is filled from it in the same transaction.
 */
const workflowDailyStats = (t: string) => [
  `create table ${t} (
     organization_id uuid not null,
     workflow_id uuid not null,
     day date not null,
     succeeded bigint not null default 0,
     failed bigint not null default 0,
     canceled bigint not null default 0,
     timed bigint not null default 0,
     sum_duration_ms bigint not null default 0,
     min_duration_ms bigint,
     max_duration_ms bigint,
     constraint ${t}_pkey primary key (organization_id, workflow_id, day)
   )`,
  ...tenantIsolationDdl(t),
  `insert into ${t} (${COLUMNS}) ${rollupOf(executionsBeside(t), 'true')}`,
];

export const workflowDailyStatsTable: ProjectionTable = { name: WORKFLOW_DAILY_STATS, create: workflowDailyStats };

/**
 * Before the batch's writes: the runs the batch ends (a terminal event) whose row is
 * not finished yet (or not there yet). Only these may be counted afterwards.
 */
export async function runsNotFinishedYet(tx: ProjectionTransaction, changes: readonly ExecutionChange[]): Promise<string[]> {
  const ending = changes.filter((c) => c.ending !== undefined).map((c) => c.executionId);
  if (ending.length === 0) return ending;
  const { rows } = await tx.query<{ execution_id: string }>(
    `select e.execution_id from ${tx.table('executions')} e where e.execution_id = any($1::uuid[]) and ${FINISHED}`,
    [ending],
  );
  const finished = new Set(rows.map((r) => r.execution_id));
  return ending.filter((id) => !finished.has(id));
}

/**
 * After the batch's writes: adds the runs of `candidates` (from `runsNotFinishedYet`)
 * whose row is finished now to their day. Rows are upserted in key order, so
 * concurrent batches (one per bus partition) wait for each other instead of deadlocking.
 */
export async function rollUpFinishedRuns(tx: ProjectionTransaction, candidates: readonly string[]): Promise<void> {
  if (candidates.length === 0) return;
  const add = (column: string) => `${column} = r.${column} + excluded.${column}`;
  await tx.query(
    `insert into ${tx.table(WORKFLOW_DAILY_STATS)} as r (${COLUMNS})
     ${rollupOf(tx.table('executions'), 'e.execution_id = any($1::uuid[])')}
     on conflict (organization_id, workflow_id, day) do update
        set ${['succeeded', 'failed', 'canceled', 'timed', 'sum_duration_ms'].map(add).join(', ')},
            min_duration_ms = least(r.min_duration_ms, excluded.min_duration_ms),
            max_duration_ms = greatest(r.max_duration_ms, excluded.max_duration_ms)`,
    [candidates],
  );
}
