import { type Migration, type Queryable } from '@weft/postgres';

/** A worker that has not beaten for this long is gone: its running executions are taken over. */
export const WORKER_STALE_MS = 6_000;
export const HEARTBEAT_MS = 2_000;

export const executionWorkerMigrations: readonly Migration[] = [
  {
    id: '202612020910_execution_workers',
    up: `create table execution_workers (
  worker_id text primary key,
  started_at timestamptz not null default now(),
  heartbeat_at timestamptz not null default now()
)`,
    down: 'drop table execution_workers',
  },
];

/** This process is alive (called every HEARTBEAT_MS). */
export async function heartbeat(db: Queryable, workerId: string): Promise<void> {
  await db.query('insert into execution_workers (worker_id) values ($1) on conflict (worker_id) do update set heartbeat_at = now()', [workerId]);
}

/**
 * Executions to take over: running under a worker without a recent heartbeat (or none
 * recorded), or queued for longer than `queuedForMs` (the process that accepted them
 * may be gone with its in-memory queue; if it is not, the lease decides who runs it).
 * `includeOwn` at start-up: what still runs under this worker's id is a previous life's.
 */
export async function orphanedExecutions(db: Queryable, workerId: string, queuedForMs: number, includeOwn: boolean): Promise<string[]> {
  const { rows } = await db.query<{ execution_id: string }>(
    `select e.execution_id from executions e
       left join execution_workers w on w.worker_id = e.worker_id
      where e.engine_status in ('queued', 'running')
        and ($4 or e.worker_id is distinct from $1)
        and (($4 and e.worker_id = $1)
          or (e.engine_status = 'running' and (w.heartbeat_at is null or w.heartbeat_at < now() - make_interval(secs => $2::float8)))
          or (e.engine_status = 'queued' and e.created_at < now() - make_interval(secs => $3::float8)))
      order by e.created_at limit 500`,
    [workerId, WORKER_STALE_MS / 1000, queuedForMs / 1000, includeOwn],
  );
  return rows.map((row) => row.execution_id);
}

/**
 * Running executions of live workers (a fresh heartbeat) other than this one, started
 * more than `abandonedAfterMs` ago: the candidates for a stalled holder, whose last
 * recorded event the caller then checks (`isAbandoned`).
 */
export async function longRunningExecutions(db: Queryable, workerId: string, abandonedAfterMs: number): Promise<{ executionId: string; workerId: string }[]> {
  const { rows } = await db.query<{ execution_id: string; worker_id: string }>(
    `select e.execution_id, e.worker_id from executions e
       join execution_workers w on w.worker_id = e.worker_id
      where e.engine_status = 'running' and e.worker_id <> $1
        and w.heartbeat_at >= now() - make_interval(secs => $2::float8)
        and e.started_at < now() - make_interval(secs => $3::float8)
      order by e.started_at limit 100`,
    [workerId, WORKER_STALE_MS / 1000, abandonedAfterMs / 1000],
  );
  return rows.map((row) => ({ executionId: row.execution_id, workerId: row.worker_id }));
}

/** What the executions read model shows of these executions' holders. */
export async function recordedHolders(
  db: Queryable,
  executionIds: readonly string[],
): Promise<Map<string, { engineStatus: string; workerId: string | null; lease: number }>> {
  if (executionIds.length === 0) return new Map();
  const { rows } = await db.query<{ execution_id: string; engine_status: string; worker_id: string | null; lease: number }>(
    'select execution_id::text as execution_id, engine_status, worker_id, lease from executions where execution_id = any($1::uuid[])',
    [executionIds],
  );
  return new Map(rows.map((row) => [row.execution_id, { engineStatus: row.engine_status, workerId: row.worker_id, lease: Number(row.lease) }]));
}
