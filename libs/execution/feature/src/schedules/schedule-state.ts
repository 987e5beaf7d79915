import { type Migration, type Queryable } from '@weft/postgres';
import { type ActiveSchedule } from '../catalog/index.js';

// The scheduler's tables and reads. `execution_active_workflows` is the execution
// catalog's (read only here); `execution_schedule_state` is the scheduler's own.

/**
 * `execution_schedule_state`: per schedule trigger (workflow, node), the `scheduledAt`
 * of the last tick queued, by any replica. It only bounds the catch-up window after a
 * restart; the exactly-once guard is the tick id (README.md). Platform table (no
 * organization, no RLS): the scheduler reads it across organizations before any tenant.
 */
export const scheduleStateMigrations: readonly Migration[] = [
  {
    id: '202612020800_execution_schedule_state',
    up: `create table execution_schedule_state (
       workflow_id uuid not null,
       node_id text not null,
       version integer not null,
       last_fired_at timestamptz not null,
       updated_at timestamptz not null default now(),
       constraint execution_schedule_state_pkey primary key (workflow_id, node_id)
     )`,
    down: 'drop table if exists execution_schedule_state',
  },
];

/** An active workflow with schedules, with the activation time its intervals count from. */
export interface ScheduledWorkflow {
  readonly workflowId: string;
  readonly organizationId: string;
  readonly version: number;
  readonly schedules: readonly ActiveSchedule[];
  readonly activatedAt: Date;
  /** Who activated it: the authority of its runs over credentials (`null` when unknown). */
  readonly activatedBy: string | null;
}

interface ScheduledRow {
  workflow_id: string;
  organization_id: string;
  version: number;
  schedules: ActiveSchedule[] | null;
  activated_at: Date;
  activated_by: string | null;
}

/** Every active workflow that has schedules, across organizations (a platform read of the catalog). */
export async function listScheduledWorkflows(db: Queryable): Promise<ScheduledWorkflow[]> {
  const { rows } = await db.query<ScheduledRow>(
    `select workflow_id, organization_id, version, schedules, activated_at, activated_by from execution_active_workflows
      where jsonb_typeof(schedules) = 'array' and jsonb_array_length(schedules) > 0 order by workflow_id`,
  );
  return rows.map((row) => ({
    workflowId: row.workflow_id,
    organizationId: row.organization_id,
    version: row.version,
    schedules: row.schedules ?? [],
    activatedAt: row.activated_at,
    activatedBy: row.activated_by,
  }));
}

export const scheduleKey = (workflowId: string, nodeId: string) => `${workflowId}/${nodeId}`;

/** The last fired tick of each schedule of these workflows, by `scheduleKey`. */
export async function readLastFired(db: Queryable, workflowIds: readonly string[]): Promise<Map<string, Date>> {
  if (workflowIds.length === 0) return new Map();
  const { rows } = await db.query<{ workflow_id: string; node_id: string; last_fired_at: Date }>(
    'select workflow_id, node_id, last_fired_at from execution_schedule_state where workflow_id = any($1::uuid[])',
    [workflowIds],
  );
  return new Map(rows.map((row) => [scheduleKey(row.workflow_id, row.node_id), row.last_fired_at]));
}

/** Records that the tick at `scheduledAt` was queued; the stored time only grows (replicas race, `greatest` wins). */
export async function recordFired(db: Queryable, workflowId: string, nodeId: string, version: number, scheduledAt: Date): Promise<void> {
  await db.query(
    `insert into execution_schedule_state as s (workflow_id, node_id, version, last_fired_at) values ($1, $2, $3, $4)
     on conflict (workflow_id, node_id) do update
       set last_fired_at = greatest(s.last_fired_at, excluded.last_fired_at),
           version = case when excluded.last_fired_at > s.last_fired_at then excluded.version else s.version end,
           updated_at = now()`,
    [workflowId, nodeId, version, scheduledAt],
  );
}
