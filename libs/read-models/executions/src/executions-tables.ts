import { tenantIsolationDdl } from '@weft/postgres';
import { type ProjectionTable, REBUILD_SUFFIX } from '@weft/projections';
import { monthStart, monthlyPartitionDdl, normalizePartitionNamesSql } from './executions-partitions.js';
import { workflowDailyStatsTable } from './workflow-daily-stats.js';

// `executions` (one row per run, RANGE-partitioned by month of created_at = queuedAt)
// and `execution_logs` (one row per node run or log line, HASH-partitioned by
// execution_id into 16), with row-level security on organization_id. The policy is on
// the partitioned parent, and queries go through the parent; the partitions have no
// grant, so the reader role cannot read one directly.

/** Months of partitions a fresh `executions` gets ahead: the current one and the next two. */
export const PARTITION_MONTHS_AHEAD = 3;
export const EXECUTION_LOG_PARTITIONS = 16;

export const API_STATUSES = ['waiting', 'running', 'success', 'error', 'canceled'] as const;
export const ENGINE_STATUSES = ['queued', 'running', 'waiting', 'success', 'error', 'canceled'] as const;
export const MODES = ['manual', 'webhook', 'api', 'schedule'] as const;

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * A rebuild creates `<table>__rebuild` while the live table may still own partitions
 * named so (left by the previous swap): they get the live name first.
 */
function freeShadowNames(t: string): string[] {
  return t.endsWith(REBUILD_SUFFIX) ? [normalizePartitionNamesSql(t.slice(0, -REBUILD_SUFFIX.length))] : [];
}

/** The stats' running and waiting counts of a workflow's window: only the unfinished runs are in it (workflow-daily-stats.ts has the finished ones). */
const openRunsIndex = (t: string, ifNotExists = '') =>
  `create index ${ifNotExists}${t}_open_idx on ${t} (organization_id, workflow_id, created_at) where status in ('running', 'waiting')`;

// Added after the first release, in place on start (a partitioned table's columns reach every partition):
// the reference's user_id (who queued the run), updated_at (its latest event) and max_retries (null on rows from before).
const upgradeExecutions = (t: string) => [
  openRunsIndex(t, 'if not exists '),
  `alter table ${t} add column if not exists user_id uuid`,
  `alter table ${t} add column if not exists updated_at timestamptz`,
  `alter table ${t} add column if not exists max_retries integer`,
];

/** The columns of a run, shared by `executions` and `executions_archive` (executions-archive.ts). */
export const EXECUTION_COLUMNS = `     execution_id uuid not null,
     organization_id uuid not null,
     workflow_id uuid not null,
     workflow_version integer not null,
     status text not null,
     engine_status text not null,
     status_version integer not null,
     mode text not null,
     triggered_by text not null,
     trigger_node_id text,
     queued_by text,
     retry_of uuid,
     retry_attempt integer not null default 0,
     retried_as uuid,
     parent_execution_id uuid,
     input jsonb,
     input_ref text,
     input_item_count integer,
     output jsonb,
     output_ref text,
     last_node_id text,
     error_message text,
     error jsonb,
     error_reason text,
     node_count integer not null default 0,
     worker_id text,
     lease integer not null default 0,
     created_at timestamptz not null,
     started_at timestamptz,
     finished_at timestamptz,
     duration_ms bigint,
     waiting_until timestamptz,
     metadata jsonb not null default '{}',
     credential_ids uuid[] not null default '{}',
     user_id uuid,
     updated_at timestamptz,
     max_retries integer,`;

/** The value checks of a run's columns, on `executions` and `executions_archive`. */
export const executionChecks = (t: string) =>
  [
    `constraint ${t}_status_check check (status in (${list(API_STATUSES)}))`,
    `constraint ${t}_engine_status_check check (engine_status in (${list(ENGINE_STATUSES)}))`,
    `constraint ${t}_mode_check check (mode in (${list(MODES)}))`,
    `constraint ${t}_error_reason_check check (error_reason in ('failed', 'timeout', 'canceled'))`,
  ].join(',\n     ');

const executions = (t: string) => [
  ...freeShadowNames(t),
  `create table ${t} (
${EXECUTION_COLUMNS}
     constraint ${t}_pkey primary key (created_at, execution_id),
     ${executionChecks(t)}
   ) partition by range (created_at)`,
  ...executionPartitionsAndIndexes(t),
  openRunsIndex(t),
  ...tenantIsolationDdl(t),
];

/** The lookup by id and the list's indexes: on `executions` and on `executions_archive` (executions-archive.ts). */
export const executionReadIndexes = (t: string, ifNotExists = '') => [
  // Later events know only the execution id: each partition's index finds the row, also
  // for a batch's `execution_id = any(...)` (why execution_id leads; lookups give both).
  `create index ${ifNotExists}${t}_execution_id_idx on ${t} (execution_id, organization_id)`,
  // The list, newest first, keyset-paged on (created_at, execution_id), and its filters.
  `create index ${ifNotExists}${t}_organization_id_created_at_idx on ${t} (organization_id, created_at desc, execution_id desc)`,
  `create index ${ifNotExists}${t}_organization_id_workflow_id_idx on ${t} (organization_id, workflow_id, created_at desc, execution_id desc)`,
  `create index ${ifNotExists}${t}_organization_id_status_idx on ${t} (organization_id, status, created_at desc, execution_id desc)`,
];

/** The default partition, the months ahead, and the indexes every partition gets. */
const executionPartitionsAndIndexes = (t: string) => [
  `create table ${t}_default partition of ${t} default`,
  ...Array.from({ length: PARTITION_MONTHS_AHEAD }, (_, i) => {
    const now = monthStart(new Date());
    return monthlyPartitionDdl(t, new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + i, 1)));
  }),
  ...executionReadIndexes(t),
  // The execution service's scans across organizations: due waits every second, unfinished runs at start-up.
  `create index ${t}_waiting_until_idx on ${t} (waiting_until) where engine_status = 'waiting'`,
  `create index ${t}_unfinished_idx on ${t} (created_at) where engine_status in ('queued', 'running')`,
  `create index ${t}_retry_due_idx on ${t} (created_at) where engine_status = 'error' and retried_as is null and (error ->> 'willRetry')::boolean`,
];

/** An execution's log by level (`?level=`: a few warnings among many lines). */
// The reference's (execution_id, node_id) is absent on purpose: no query reads one node's lines (the
// primary key's execution_id prefix finds an execution's rows), and every index is paid per logged line.
const logLookupIndexes = (t: string, ifNotExists = '') => [`create index ${ifNotExists}${t}_execution_id_level_idx on ${t} (execution_id, level)`];

/**
 * An existing `execution_logs` gets the column and the indexes at start. Its primary key
 * stays `(execution_id, seq)` until a rebuild of the projection gives it `line` (and its
 * older node runs their level and message): until then a node run's console lines, which
 * share its seq, are not stored (`on conflict do nothing`).
 */
const upgradeExecutionLogs = (t: string) => [
  `alter table ${t} add column if not exists line integer not null default 0`,
  ...logLookupIndexes(t, 'if not exists '),
];

const executionLogs = (t: string) => [
  ...freeShadowNames(t),
  `create table ${t} (
     execution_id uuid not null,
     seq integer not null,
     line integer not null default 0,
     organization_id uuid not null,
     kind text not null,
     node_id text,
     run_index integer,
     status text,
     level text,
     message text,
     started_at timestamptz,
     duration_ms bigint,
     input_item_count integer,
     output_item_count integer,
     output jsonb,
     output_ref text,
     error jsonb,
     credential_ids uuid[] not null default '{}',
     created_at timestamptz not null,
     constraint ${t}_pkey primary key (execution_id, seq, line),
     constraint ${t}_kind_check check (kind in ('node', 'log'))
   ) partition by hash (execution_id)`,
  ...Array.from(
    { length: EXECUTION_LOG_PARTITIONS },
    (_, i) => `create table ${t}_h${i} partition of ${t} for values with (modulus ${EXECUTION_LOG_PARTITIONS}, remainder ${i})`,
  ),
  `create index ${t}_organization_id_execution_id_idx on ${t} (organization_id, execution_id)`,
  ...logLookupIndexes(t),
  // Retention deletes by age: rows arrive in time order, so a BRIN index finds them for little upkeep.
  `create index ${t}_created_at_idx on ${t} using brin (created_at)`,
  ...tenantIsolationDdl(t),
];

export const executionsTables: readonly ProjectionTable[] = [
  { name: 'executions', create: executions, upgrade: upgradeExecutions },
  { name: 'execution_logs', create: executionLogs, upgrade: upgradeExecutionLogs },
  workflowDailyStatsTable,
];
