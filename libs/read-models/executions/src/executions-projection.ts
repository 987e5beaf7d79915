import {
  type ExecutionCanceledData,
  type ExecutionFailedData,
  type ExecutionNodeCompletedData,
  type ExecutionNodeFailedData,
  type ExecutionQueuedData,
  type ExecutionResumedData,
  type ExecutionRetriedData,
  type ExecutionStartedData,
  type ExecutionSucceededData,
  type ExecutionTimedOutData,
  type ExecutionWaitingData,
} from '@weft/contracts';
import { type RecordedEvent, contextOfStream } from '@weft/kernel';
import { type ProjectionDefinition, type ProjectionTransaction } from '@weft/projections';
import { ensureExecutionPartitions, uncoveredMonths } from './executions-partitions.js';
import { executionsTables } from './executions-tables.js';

/** The projection's name: its checkpoint row, and what read-your-writes waits for. */
export const EXECUTIONS_PROJECTION = 'executions';

// Every write is idempotent and commutes with the others, so one event at a time and a
// whole batch grouped by type give the same tables:
// - inserts are `on conflict do nothing` (queued rows by (created_at, execution_id), node
//   runs by (execution_id, seq) with seq = the stream version of the event);
// - the status and what belongs to it (engine status, waiting_until) follow the event
//   with the highest stream version (`status_version`), so a late or redelivered
//   ExecutionStarted never overwrites success;
// - the worker follows the highest lease, `started_at` keeps the first start, node_count
//   is counted from the node rows and credential_ids is a set union;
// - the terminal columns come from the one terminal event a run has.
// Only the queued insert must come first (the updates need its row): within a batch,
// inserts run before updates. ExecutionCheckpointed (internal, never published) and
// anything else is ignored.

/** `applyBatch` is `apply` for many events: one statement per event type in the batch. */
export const executionsProjection: ProjectionDefinition = {
  name: EXECUTIONS_PROJECTION,
  tables: executionsTables,
  // Checkpoints are internal and never read here; nobody waits on an execution by stream version.
  accepts: (event) => event.type !== 'ExecutionCheckpointed',
  tracksStream: () => false,
  apply: (event, tx) => write([event], tx),
  applyBatch: (events, tx) => write(events, tx),
};

// The rows to update, found by the execution_id index of each partition (the events do
// not know created_at, the partition key). Without it the planner joins the unnest with
// a scan of every partition, which grows with the table.
const BY_ID = 'e.execution_id = any($1::uuid[])';

type Data<T> = T & { readonly version: number };

/** One event per execution and type: the one with the highest stream version. */
function latest<T extends { executionId: string }>(events: readonly RecordedEvent[], type: string): Data<T>[] {
  const byExecution = new Map<string, Data<T>>();
  for (const event of events) {
    if (event.type !== type) continue;
    const data = { ...(event.data as T), version: event.streamVersion };
    const known = byExecution.get(data.executionId);
    if (!known || known.version < data.version) byExecution.set(data.executionId, data);
  }
  return [...byExecution.values()];
}

const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

async function write(all: readonly RecordedEvent[], tx: ProjectionTransaction): Promise<void> {
  const events = all.filter((e) => contextOfStream(e.streamId) === 'execution');
  if (events.length === 0) return;
  await insertQueued(tx, latest<ExecutionQueuedData>(events, 'ExecutionQueued'));
  await insertNodeRuns(tx, events);
  await started(tx, events);
  await transition(tx, latest<ExecutionWaitingData>(events, 'ExecutionWaiting'), { status: 'waiting', engine: 'waiting', waitingUntil: 'u.until' }, [
    ['until', 'timestamptz', (d) => d.waitingOn.until],
  ]);
  // Resumed: queued again for a worker. The API has no `queued`: a run that has waited shows `waiting` until it runs.
  await transition(tx, latest<ExecutionResumedData>(events, 'ExecutionResumed'), { status: 'waiting', engine: 'queued' }, []);
  await transition(
    tx,
    latest<ExecutionSucceededData>(events, 'ExecutionSucceeded'),
    {
      status: 'success',
      engine: 'success',
      set: `output = u.output, output_ref = u.output_ref, last_node_id = u.last_node_id, metadata = e.metadata || jsonb_build_object('usage', u.usage),
            finished_at = u.finished_at, duration_ms = u.duration_ms`,
    },
    [
      ['output', 'jsonb', (d) => json(d.output)],
      ['output_ref', 'text', (d) => d.outputRef],
      ['last_node_id', 'text', (d) => d.lastNodeId],
      ['usage', 'jsonb', (d) => json(d.usage)],
      ['finished_at', 'timestamptz', (d) => d.finishedAt],
      ['duration_ms', 'bigint', (d) => d.durationMs],
    ],
  );
  await transition(
    tx,
    latest<ExecutionFailedData>(events, 'ExecutionFailed'),
    {
      status: 'error',
      engine: 'error',
      set: `error = u.error, error_message = u.error_message, error_reason = 'failed', finished_at = u.finished_at, duration_ms = u.duration_ms,
            metadata = case when u.usage is null then e.metadata else e.metadata || jsonb_build_object('usage', u.usage) end`,
    },
    [
      ['error', 'jsonb', (d) => json({ ...d.error, willRetry: d.willRetry })],
      ['error_message', 'text', (d) => d.error.message],
      ['usage', 'jsonb', (d) => json(d.usage)],
      ['finished_at', 'timestamptz', (d) => d.finishedAt],
      ['duration_ms', 'bigint', (d) => d.durationMs],
    ],
  );
  const ended = `error = u.error, error_message = u.error_message, finished_at = u.finished_at, duration_ms = u.duration_ms`;
  await transition(tx, latest<ExecutionCanceledData>(events, 'ExecutionCanceled'), { status: 'canceled', engine: 'canceled', set: `${ended}, error_reason = 'canceled'` }, [
    ['error', 'jsonb', (d) => json({ message: d.reason ?? 'Execution canceled', name: 'ExecutionCanceled', canceledBy: d.canceledBy })],
    ['error_message', 'text', (d) => d.reason ?? 'Execution canceled'],
    ['finished_at', 'timestamptz', (d) => d.canceledAt],
    ['duration_ms', 'bigint', (d) => d.durationMs],
  ]);
  await transition(tx, latest<ExecutionTimedOutData>(events, 'ExecutionTimedOut'), { status: 'error', engine: 'error', set: `${ended}, error_reason = 'timeout'` }, [
    ['error', 'jsonb', (d) => json({ message: timedOut(d), name: 'ExecutionTimedOut', timeoutMs: d.timeoutMs })],
    ['error_message', 'text', (d) => timedOut(d)],
    ['finished_at', 'timestamptz', (d) => d.timedOutAt],
    ['duration_ms', 'bigint', (d) => d.durationMs],
  ]);
  await retried(tx, latest<ExecutionRetriedData>(events, 'ExecutionRetried'));
}

/** `<table>/<year>-<month>` of months known to have a partition (per process). */
const coveredMonths = new Set<string>();

const timedOut = (d: ExecutionTimedOutData) => `Execution timed out after ${d.timeoutMs} ms`;

async function insertQueued(tx: ProjectionTransaction, rows: readonly Data<ExecutionQueuedData>[]): Promise<void> {
  if (rows.length === 0) return;
  const table = tx.table('executions');
  // Normally a no-op (partitions are created ahead); during a rebuild it gives the replayed months their partitions.
  // Months seen covered are remembered: at hundreds of runs a second the catalog lookup per batch adds up, and
  // a month dropped later by retention only sends a late row to the default partition.
  const unseen = rows.map((d) => new Date(d.queuedAt)).filter((at) => !coveredMonths.has(`${table}/${at.getUTCFullYear()}-${at.getUTCMonth()}`));
  if (unseen.length > 0) {
    for (const month of await uncoveredMonths(tx, table, unseen)) await ensureExecutionPartitions(tx, table, month, 1);
    for (const at of unseen) coveredMonths.add(`${table}/${at.getUTCFullYear()}-${at.getUTCMonth()}`);
  }
  await tx.query(
    `insert into ${table} (execution_id, organization_id, workflow_id, workflow_version, status, engine_status, status_version, mode, triggered_by, trigger_node_id,
                           queued_by, retry_of, retry_attempt, parent_execution_id, input, input_ref, input_item_count, created_at)
     select u.execution_id, u.organization_id, u.workflow_id, u.workflow_version, 'running', 'queued', u.version, u.mode, u.triggered_by, u.trigger_node_id,
            u.queued_by, u.retry_of, u.retry_attempt, u.parent_execution_id, u.input, u.input_ref, u.input_item_count, u.created_at
       from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::int[], $5::int[], $6::text[], $7::text[], $8::text[], $9::text[], $10::uuid[], $11::int[], $12::uuid[],
                   $13::jsonb[], $14::text[], $15::int[], $16::timestamptz[])
         as u(execution_id, organization_id, workflow_id, workflow_version, version, mode, triggered_by, trigger_node_id, queued_by, retry_of, retry_attempt,
              parent_execution_id, input, input_ref, input_item_count, created_at)
     on conflict do nothing`,
    [
      rows.map((d) => d.executionId),
      rows.map((d) => d.organizationId),
      rows.map((d) => d.workflowId),
      rows.map((d) => d.workflowVersion),
      rows.map((d) => d.version),
      rows.map((d) => d.mode),
      rows.map((d) => d.triggeredBy),
      rows.map((d) => d.triggerNodeId),
      rows.map((d) => d.queuedBy),
      rows.map((d) => d.retryOf),
      rows.map((d) => d.retryAttempt),
      rows.map((d) => d.parentExecutionId),
      rows.map((d) => json(d.input)),
      rows.map((d) => d.inputRef),
      rows.map((d) => d.inputItemCount),
      rows.map((d) => d.queuedAt),
    ],
  );
}

type NodeRun = (ExecutionNodeCompletedData | ExecutionNodeFailedData) & { readonly seq: number };

/** Node runs into `execution_logs` (seq = the event's stream version), then the run's node_count and credential_ids. */
async function insertNodeRuns(tx: ProjectionTransaction, events: readonly RecordedEvent[]): Promise<void> {
  const runs: NodeRun[] = events
    .filter((e) => e.type === 'ExecutionNodeCompleted' || e.type === 'ExecutionNodeFailed')
    .map((e) => ({ ...(e.data as ExecutionNodeCompletedData | ExecutionNodeFailedData), seq: e.streamVersion }));
  if (runs.length === 0) return;
  const completed = (r: NodeRun) => (r.status === 'error' ? undefined : r);
  const failed = (r: NodeRun) => (r.status === 'error' ? r : undefined);
  const logs = tx.table('execution_logs');
  await tx.query(
    `insert into ${logs} (execution_id, seq, organization_id, kind, node_id, run_index, status, started_at, duration_ms, input_item_count, output_item_count,
                          output, output_ref, error, credential_ids, created_at)
     select u.execution_id, u.seq, u.organization_id, 'node', u.node_id, u.run_index, u.status, u.started_at, u.duration_ms, u.input_item_count, u.output_item_count,
            u.output, u.output_ref, u.error, string_to_array(u.credential_ids, ',')::uuid[], u.started_at
       from unnest($1::uuid[], $2::int[], $3::uuid[], $4::text[], $5::int[], $6::text[], $7::timestamptz[], $8::bigint[], $9::int[], $10::int[], $11::jsonb[],
                   $12::text[], $13::jsonb[], $14::text[])
         as u(execution_id, seq, organization_id, node_id, run_index, status, started_at, duration_ms, input_item_count, output_item_count, output, output_ref,
              error, credential_ids)
     on conflict do nothing`,
    [
      runs.map((r) => r.executionId),
      runs.map((r) => r.seq),
      runs.map((r) => r.organizationId),
      runs.map((r) => r.nodeId),
      runs.map((r) => r.runIndex),
      runs.map((r) => r.status),
      runs.map((r) => r.startedAt),
      runs.map((r) => r.durationMs),
      runs.map((r) => r.inputItemCount),
      runs.map((r) => completed(r)?.outputItemCount ?? 0),
      runs.map((r) => json(completed(r)?.output)),
      runs.map((r) => completed(r)?.outputRef ?? null),
      runs.map((r) => json(failed(r)?.error)),
      runs.map((r) => r.credentialIds.join(',')),
    ],
  );
  const perExecution = new Map<string, { organizationId: string; credentials: Set<string> }>();
  for (const r of runs) {
    const entry = perExecution.get(r.executionId) ?? { organizationId: r.organizationId, credentials: new Set<string>() };
    for (const id of r.credentialIds) entry.credentials.add(id);
    perExecution.set(r.executionId, entry);
  }
  const entries = [...perExecution.entries()];
  await tx.query(
    `update ${tx.table('executions')} e
        set node_count = (select count(*) from ${logs} l where l.execution_id = e.execution_id and l.kind = 'node'),
            credential_ids = array(select distinct c from unnest(e.credential_ids || string_to_array(u.credential_ids, ',')::uuid[]) as c order by c)
       from unnest($1::uuid[], $2::uuid[], $3::text[]) as u(execution_id, organization_id, credential_ids)
      where e.organization_id = u.organization_id and e.execution_id = u.execution_id and ${BY_ID}`,
    [entries.map(([id]) => id), entries.map(([, x]) => x.organizationId), entries.map(([, x]) => [...x.credentials].join(','))],
  );
}

/** Started: running under the highest lease; `started_at` keeps the first start of the run. */
async function started(tx: ProjectionTransaction, events: readonly RecordedEvent[]): Promise<void> {
  const rows = latest<ExecutionStartedData>(events, 'ExecutionStarted');
  const first = new Map<string, string>();
  for (const e of events) {
    if (e.type !== 'ExecutionStarted') continue;
    const d = e.data as ExecutionStartedData;
    const known = first.get(d.executionId);
    if (known === undefined || Date.parse(d.startedAt) < Date.parse(known)) first.set(d.executionId, d.startedAt);
  }
  await transition(
    tx,
    rows,
    {
      status: 'running',
      engine: 'running',
      set: `started_at = least(e.started_at, u.started_at), lease = greatest(e.lease, u.lease),
            worker_id = case when u.lease > e.lease then u.worker_id else e.worker_id end`,
    },
    [
      ['started_at', 'timestamptz', (d) => first.get(d.executionId) ?? d.startedAt],
      ['lease', 'int', (d) => d.lease],
      ['worker_id', 'text', (d) => d.workerId],
    ],
  );
}

interface Transition {
  /** The API status and the aggregate's. */
  readonly status: string;
  readonly engine: string;
  /** What waiting_until becomes (SQL over `u`); default null: only waiting has one. */
  readonly waitingUntil?: string;
  /** Further assignments, unguarded: they come from the one event of their kind a run has, or commute. */
  readonly set?: string;
}
type Column<T> = readonly [name: string, type: string, value: (d: Data<T>) => unknown];

/** One `update ... from unnest(...)` for one event type: the status columns guarded by the stream version. */
async function transition<T extends { executionId: string; organizationId: string }>(
  tx: ProjectionTransaction,
  rows: readonly Data<T>[],
  change: Transition,
  columns: readonly Column<T>[],
): Promise<void> {
  if (rows.length === 0) return;
  const newer = 'u.version > e.status_version';
  const extra = columns.map(([, type], i) => `, $${i + 4}::${type}[]`).join('');
  await tx.query(
    `update ${tx.table('executions')} e
        set status = case when ${newer} then '${change.status}' else e.status end,
            engine_status = case when ${newer} then '${change.engine}' else e.engine_status end,
            waiting_until = case when ${newer} then ${change.waitingUntil ?? 'null::timestamptz'} else e.waiting_until end,
            status_version = greatest(e.status_version, u.version)${change.set ? `, ${change.set}` : ''}
       from unnest($1::uuid[], $2::uuid[], $3::int[]${extra})
         as u(execution_id, organization_id, version${columns.map(([name]) => `, ${name}`).join('')})
      where e.organization_id = u.organization_id and e.execution_id = u.execution_id and ${BY_ID}`,
    [rows.map((d) => d.executionId), rows.map((d) => d.organizationId), rows.map((d) => d.version), ...columns.map(([, , value]) => rows.map(value))],
  );
}

/** The run was retried as another execution (it keeps its own status). */
async function retried(tx: ProjectionTransaction, rows: readonly Data<ExecutionRetriedData>[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `update ${tx.table('executions')} e set retried_as = u.retried_as
       from unnest($1::uuid[], $2::uuid[], $3::uuid[]) as u(execution_id, organization_id, retried_as)
      where e.organization_id = u.organization_id and e.execution_id = u.execution_id and ${BY_ID}`,
    [rows.map((d) => d.executionId), rows.map((d) => d.organizationId), rows.map((d) => d.retryExecutionId)],
  );
}
