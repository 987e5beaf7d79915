import { type RecordedEvent, contextOfStream } from '@weft/kernel';
import { type ProjectionDefinition, type ProjectionTransaction } from '@weft/projections';
import { type ExecutionChange, foldExecutionChanges } from './execution-changes.js';
import { insertExecutionLogs } from './execution-log-rows.js';
import { ensureExecutionPartitions, uncoveredMonths } from './executions-partitions.js';
import { executionsTables } from './executions-tables.js';
import { rollUpFinishedRuns, runsNotFinishedYet } from './workflow-daily-stats.js';

/** The projection's name: its checkpoint row, and what read-your-writes waits for. */
export const EXECUTIONS_PROJECTION = 'executions';

// A batch is folded into one change per execution (execution-changes.ts), written with at
// most three statements whatever the batch holds: the node runs, with their lines of the
// log (execution-log-rows.ts; one statement more when a node logged; `on conflict do
// nothing` by (execution_id, seq, line), seq = the event's stream version), the runs the batch queued
// (inserted as they stand at the batch's end), and the changes to runs queued earlier.
// Each change is merged into its row by rules that commute and are idempotent (`merged`),
// so one event at a time and any split into batches give the same tables, redelivered
// and late events included. ExecutionCheckpointed (internal, never published) and
// anything else is ignored.

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

const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

async function write(all: readonly RecordedEvent[], tx: ProjectionTransaction): Promise<void> {
  const events = all.filter((e) => contextOfStream(e.streamId) === 'execution');
  if (events.length === 0) return;
  await insertExecutionLogs(tx, events);
  const changes = foldExecutionChanges(events);
  // The daily stats count a run once, as its row turns final in this transaction (workflow-daily-stats.ts).
  const ending = await runsNotFinishedYet(tx, changes);
  await insertQueued(
    tx,
    changes.filter((c) => c.queued),
  );
  await updateEarlier(
    tx,
    changes.filter((c) => !c.queued),
  );
  await rollUpFinishedRuns(tx, ending);
}

/**
 * A change merged into the row `e`, `s` being the change's columns: the status follows
 * the higher status version, started_at the earliest start, the worker the higher lease;
 * node_count is recounted from the node rows, credential ids are a union; the terminal
 * columns come from the change when it has the run's end (`finished_at`).
 */
function merged(s: string, credentialIds: string, logs: string): string {
  const newer = `${s}.status_version > e.status_version`;
  const ended = `${s}.finished_at is not null`;
  const ending = ['output', 'output_ref', 'last_node_id', 'error', 'error_message', 'error_reason', 'finished_at', 'duration_ms'];
  return [
    ...['status', 'engine_status', 'waiting_until'].map((c) => `${c} = case when ${newer} then ${s}.${c} else e.${c} end`),
    `status_version = greatest(e.status_version, ${s}.status_version)`,
    `started_at = least(e.started_at, ${s}.started_at)`,
    `worker_id = case when ${s}.lease > e.lease then ${s}.worker_id else e.worker_id end`,
    `lease = greatest(e.lease, ${s}.lease)`,
    `node_count = case when ${s}.node_count > 0 then (select count(*) from ${logs} l where l.execution_id = e.execution_id and l.kind = 'node') else e.node_count end`,
    `credential_ids = array(select distinct c from unnest(e.credential_ids || ${credentialIds}) as c order by c)`,
    ...ending.map((c) => `${c} = case when ${ended} then ${s}.${c} else e.${c} end`),
    `metadata = e.metadata || ${s}.metadata`,
    `updated_at = greatest(e.updated_at, ${s}.updated_at)`,
    `retried_as = coalesce(${s}.retried_as, e.retried_as)`,
  ].join(',\n            ');
}

type Column = readonly [name: string, type: string, value: (c: ExecutionChange) => unknown];

/** What every change carries, whether it creates the row or is merged into it. */
const changeColumns: readonly Column[] = [
  ['execution_id', 'uuid', (c) => c.executionId],
  ['organization_id', 'uuid', (c) => c.organizationId],
  ['status', 'text', (c) => c.status?.status],
  ['engine_status', 'text', (c) => c.status?.engineStatus],
  ['waiting_until', 'timestamptz', (c) => c.status?.waitingUntil],
  ['status_version', 'int', (c) => c.status?.version],
  ['started_at', 'timestamptz', (c) => c.startedAt],
  ['worker_id', 'text', (c) => c.lease?.workerId],
  ['lease', 'int', (c) => c.lease?.lease],
  ['node_count', 'int', (c) => c.nodeRuns.size],
  // A set per row: unnest cannot take an array of arrays, so it travels as a list.
  ['credential_ids', 'text', (c) => [...c.credentialIds].join(',')],
  ['output', 'jsonb', (c) => json(c.ending?.output)],
  ['output_ref', 'text', (c) => c.ending?.outputRef],
  ['last_node_id', 'text', (c) => c.ending?.lastNodeId],
  ['error', 'jsonb', (c) => json(c.ending?.error)],
  ['error_message', 'text', (c) => c.ending?.errorMessage],
  ['error_reason', 'text', (c) => c.ending?.errorReason],
  ['finished_at', 'timestamptz', (c) => c.ending?.finishedAt],
  ['duration_ms', 'bigint', (c) => c.ending?.durationMs],
  ['metadata', 'jsonb', (c) => JSON.stringify(metadataOf(c))],
  ['updated_at', 'timestamptz', (c) => c.updatedAt],
  ['retried_as', 'uuid', (c) => c.retriedAs],
];

const queued = (c: ExecutionChange) => c.queued!;

/** What only the run's first event knows. */
const queuedColumns: readonly Column[] = [
  ['workflow_id', 'uuid', (c) => queued(c).workflowId],
  ['workflow_version', 'int', (c) => queued(c).workflowVersion],
  ['mode', 'text', (c) => queued(c).mode],
  ['triggered_by', 'text', (c) => queued(c).triggeredBy],
  ['trigger_node_id', 'text', (c) => queued(c).triggerNodeId],
  ['queued_by', 'text', (c) => queued(c).queuedBy],
  ['retry_of', 'uuid', (c) => queued(c).retryOf],
  ['retry_attempt', 'int', (c) => queued(c).retryAttempt],
  ['parent_execution_id', 'uuid', (c) => queued(c).parentExecutionId],
  ['input', 'jsonb', (c) => json(queued(c).input)],
  ['input_ref', 'text', (c) => queued(c).inputRef],
  ['input_item_count', 'int', (c) => queued(c).inputItemCount],
  ['created_at', 'timestamptz', (c) => queued(c).queuedAt],
  ['user_id', 'uuid', (c) => c.origin?.userId],
  ['max_retries', 'int', (c) => queued(c).maxRetries],
];

/** The run's metadata: where it was asked for from (its first event) and what it used (its end). */
function metadataOf(c: ExecutionChange): Record<string, unknown> {
  const metadata: Record<string, unknown> = {};
  if (c.origin?.ip) metadata['ip'] = c.origin.ip;
  if (c.origin?.userAgent) metadata['userAgent'] = c.origin.userAgent;
  if (c.ending?.usage) metadata['usage'] = c.ending.usage;
  return metadata;
}

function unnest(columns: readonly Column[], changes: readonly ExecutionChange[]): { from: string; values: unknown[][] } {
  const types = columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
  const from = `unnest(${types}) as u(${columns.map(([name]) => name).join(', ')})`;
  return { from, values: columns.map(([, , value]) => changes.map((c) => value(c) ?? null)) };
}

/** `<table>/<year>-<month>` of months known to have a partition (per process). */
const coveredMonths = new Set<string>();

async function ensurePartitions(tx: ProjectionTransaction, table: string, changes: readonly ExecutionChange[]): Promise<void> {
  // Normally a no-op (partitions are created ahead); during a rebuild it gives the replayed months their partitions.
  // Months seen covered are remembered: at hundreds of runs a second the catalog lookup per batch adds up, and
  // a month dropped later by retention only sends a late row to the default partition.
  const month = (at: Date) => `${table}/${at.getUTCFullYear()}-${at.getUTCMonth()}`;
  const unseen = changes.map((c) => new Date(queued(c).queuedAt)).filter((at) => !coveredMonths.has(month(at)));
  if (unseen.length === 0) return;
  for (const start of await uncoveredMonths(tx, table, unseen)) await ensureExecutionPartitions(tx, table, start, 1);
  for (const at of unseen) coveredMonths.add(month(at));
}

/** Inserted columns that are not the change's value as it is (a new row has no null lease). */
const insertedValue: Readonly<Record<string, string>> = {
  lease: 'coalesce(u.lease, 0)',
  credential_ids: `array(select distinct c from unnest(string_to_array(u.credential_ids, ',')::uuid[]) as c order by c)`,
};

/**
 * Runs queued in this batch, inserted as the batch leaves them (usually finished). The
 * node count is the batch's: a run's node runs never precede its queued event. A row that
 * exists already (a redelivered batch) gets the change merged instead.
 */
async function insertQueued(tx: ProjectionTransaction, changes: readonly ExecutionChange[]): Promise<void> {
  if (changes.length === 0) return;
  const table = tx.table('executions');
  await ensurePartitions(tx, table, changes);
  const columns = [...changeColumns, ...queuedColumns];
  const { from, values } = unnest(columns, changes);
  const select = columns.map(([name]) => insertedValue[name] ?? `u.${name}`);
  await tx.query(
    `insert into ${table} as e (${columns.map(([name]) => name).join(', ')})
     select ${select.join(', ')} from ${from}
     on conflict (created_at, execution_id) do update
        set ${merged('excluded', 'excluded.credential_ids', tx.table('execution_logs'))}`,
    values,
  );
}

/** Changes to runs queued in an earlier batch. */
async function updateEarlier(tx: ProjectionTransaction, changes: readonly ExecutionChange[]): Promise<void> {
  if (changes.length === 0) return;
  const { from, values } = unnest(changeColumns, changes);
  await tx.query(
    `update ${tx.table('executions')} e
        set ${merged('u', `string_to_array(u.credential_ids, ',')::uuid[]`, tx.table('execution_logs'))}
       from ${from}
      where e.organization_id = u.organization_id and e.execution_id = u.execution_id and ${BY_ID}`,
    values,
  );
}
