import { type Page, decodeCursor, pageOf, isUuid } from '@weft/kernel';
import { SqlWhere, type TenantTransaction } from '@weft/postgres';
import { iso, numberOrNull } from './row-values.js';

// The executions API's reads. Tenancy by type: each takes the tenant transaction
// (`withTenant(db, organizationId, tx => ...)`), reads only as its organization
// (`tx.organizationId`, and row-level security as the second line), and cannot be
// called with a plain connection. Platform reads across organizations (retention,
// partitions) are in executions-partitions.ts.

export type ExecutionStatus = 'waiting' | 'running' | 'success' | 'error' | 'canceled';
export type ExecutionMode = 'manual' | 'webhook' | 'api' | 'schedule';

/** An execution in the list: no payloads, no nodes. */
export interface ExecutionSummary {
  readonly executionId: string;
  readonly workflowId: string;
  readonly workflowVersion: number;
  readonly status: ExecutionStatus;
  readonly mode: ExecutionMode;
  readonly triggeredBy: string;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly durationMs: number | null;
  /** The error's message (error and canceled runs), else null. */
  readonly error: string | null;
  readonly errorReason: 'failed' | 'timeout' | 'canceled' | null;
  /** The API's retryCount: the retry attempt this run is (0 for the first run). */
  readonly retryCount: number;
  readonly retryOf: string | null;
  readonly retriedAs: string | null;
  readonly nodeCount: number;
  /** Read from `executions_archive`: retention moved it out of the hot table (`?archived=true`). */
  readonly archived: boolean;
}

/** One node of `ExecutionView.nodes`: its last run. */
export interface ExecutionNodeView {
  readonly status: 'success' | 'waiting' | 'error';
  readonly startedAt: string;
  readonly durationMs: number;
  /** The last run's output items by output port, or null when stored by reference (`itemsRef`). */
  readonly items: Record<string, readonly unknown[]> | null;
  readonly itemsRef: string | null;
  readonly itemCount: number;
  readonly error: Record<string, unknown> | null;
  /** How often the node ran in this execution. */
  readonly runs: number;
}

/** One execution as `GET .../executions/{executionId}` answers. */
export interface ExecutionView extends ExecutionSummary {
  readonly triggerNodeId: string | null;
  readonly parentExecutionId: string | null;
  readonly input: readonly unknown[] | null;
  readonly inputRef: string | null;
  readonly output: readonly unknown[] | null;
  readonly outputRef: string | null;
  readonly errorDetails: Record<string, unknown> | null;
  readonly lastNodeId: string | null;
  readonly waitingUntil: string | null;
  readonly usage: { readonly cpuMs: number; readonly memoryBytes: number; readonly networkBytes: number } | null;
  readonly credentialIds: readonly string[];
  readonly nodes: Readonly<Record<string, ExecutionNodeView>>;
}

interface ExecutionRow {
  execution_id: string;
  workflow_id: string;
  workflow_version: number;
  status: ExecutionStatus;
  mode: ExecutionMode;
  triggered_by: string;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  duration_ms: string | null;
  error_message: string | null;
  error_reason: ExecutionSummary['errorReason'];
  retry_attempt: number;
  retry_of: string | null;
  retried_as: string | null;
  node_count: number;
}

interface ExecutionDetailRow extends ExecutionRow {
  trigger_node_id: string | null;
  parent_execution_id: string | null;
  input: unknown[] | null;
  input_ref: string | null;
  output: unknown[] | null;
  output_ref: string | null;
  error: Record<string, unknown> | null;
  last_node_id: string | null;
  waiting_until: Date | null;
  metadata: { usage?: ExecutionView['usage'] };
  credential_ids: string[];
}

const SUMMARY_COLUMNS = `execution_id, workflow_id, workflow_version, status, mode, triggered_by, created_at, started_at, finished_at, duration_ms,
  error_message, error_reason, retry_attempt, retry_of, retried_as, node_count`;

const summaryOf = (row: ExecutionRow, archived: boolean): ExecutionSummary => ({
  executionId: row.execution_id,
  workflowId: row.workflow_id,
  workflowVersion: row.workflow_version,
  status: row.status,
  mode: row.mode,
  triggeredBy: row.triggered_by,
  createdAt: row.created_at.toISOString(),
  startedAt: iso(row.started_at),
  finishedAt: iso(row.finished_at),
  durationMs: numberOrNull(row.duration_ms),
  error: row.error_message,
  errorReason: row.error_reason,
  retryCount: row.retry_attempt,
  retryOf: row.retry_of,
  retriedAs: row.retried_as,
  nodeCount: row.node_count,
  archived,
});

/** The table a read goes to: the hot runs, or the ones retention archived. */
const tableOf = (archived: boolean) => (archived ? 'executions_archive' : 'executions');

export interface ExecutionFilter {
  readonly workflowId?: string;
  /** An API status. */
  readonly status?: ExecutionStatus;
  readonly mode?: ExecutionMode;
  /** created_at (queued) at or after. */
  readonly from?: Date | string;
  /** created_at (queued) before. */
  readonly to?: Date | string;
  /** Read the archive (`executions_archive`) instead of the hot table. */
  readonly archived?: boolean;
}

/**
 * The organization's executions, newest first, filtered; keyset-paged on
 * (created_at, execution_id) by the `(organization_id, [workflow_id | status,] created_at desc, execution_id desc)` indexes.
 * A `from` / `to` window also prunes the monthly partitions.
 */
export async function listExecutions(tx: TenantTransaction, filter: ExecutionFilter, limit: number, cursor?: string): Promise<Page<ExecutionSummary>> {
  const after = decodeCursor(cursor, ['timestamp', 'uuid']);
  const archived = filter.archived === true;
  if (filter.workflowId !== undefined && !isUuid(filter.workflowId)) return { data: [], nextCursor: null };
  const where = new SqlWhere();
  where.and(`organization_id = ${where.param(tx.organizationId)}`);
  if (filter.workflowId) where.and(`workflow_id = ${where.param(filter.workflowId)}::uuid`);
  if (filter.status) where.and(`status = ${where.param(filter.status)}`);
  if (filter.mode) where.and(`mode = ${where.param(filter.mode)}`);
  if (filter.from !== undefined) where.and(`created_at >= ${where.param(filter.from)}::timestamptz`);
  if (filter.to !== undefined) where.and(`created_at < ${where.param(filter.to)}::timestamptz`);
  if (after) where.and(`(created_at, execution_id) < (${where.param(after[0])}::timestamptz, ${where.param(after[1])}::uuid)`);
  const { rows } = await tx.query<ExecutionRow>(
    `select ${SUMMARY_COLUMNS} from ${tableOf(archived)} where ${where.sql} order by created_at desc, execution_id desc limit ${where.param(limit + 1)}`,
    where.values,
  );
  return pageOf(
    rows,
    limit,
    (row) => summaryOf(row, archived),
    (row) => [row.created_at.toISOString(), row.execution_id],
  );
}

interface NodeRow {
  node_id: string;
  status: ExecutionNodeView['status'];
  started_at: Date;
  duration_ms: string;
  output: Record<string, unknown[]> | null;
  output_ref: string | null;
  output_item_count: number;
  error: Record<string, unknown> | null;
  runs: string;
}

/**
 * One execution with its nodes (each node's last run, and how many runs it had), from
 * the hot table or, with `archived`, from the archive; undefined when there is none. An
 * archived run's nodes are there while its logs are kept (log retention is never longer
 * than the run's), its stored payloads (`inputRef`, `outputRef`) not after retention.
 */
export async function findExecution(tx: TenantTransaction, executionId: string, archived = false): Promise<ExecutionView | undefined> {
  if (!isUuid(executionId)) return undefined;
  const { organizationId } = tx;
  const { rows } = await tx.query<ExecutionDetailRow>(`select * from ${tableOf(archived)} where organization_id = $1 and execution_id = $2`, [
    organizationId,
    executionId,
  ]);
  const row = rows[0];
  if (row === undefined) return undefined;
  const nodes = await tx.query<NodeRow>(
    `select distinct on (node_id) node_id, status, started_at, duration_ms, output, output_ref, output_item_count, error,
            count(*) over (partition by node_id) as runs
       from execution_logs where organization_id = $1 and execution_id = $2 and kind = 'node'
      order by node_id, run_index desc, seq desc`,
    [organizationId, executionId],
  );
  return {
    ...summaryOf(row, archived),
    triggerNodeId: row.trigger_node_id,
    parentExecutionId: row.parent_execution_id,
    input: row.input,
    inputRef: row.input_ref,
    output: row.output,
    outputRef: row.output_ref,
    errorDetails: row.error,
    lastNodeId: row.last_node_id,
    waitingUntil: iso(row.waiting_until),
    usage: row.metadata.usage ?? null,
    credentialIds: row.credential_ids,
    nodes: Object.fromEntries(
      nodes.rows.map((n) => [
        n.node_id,
        {
          status: n.status,
          startedAt: n.started_at.toISOString(),
          durationMs: Number(n.duration_ms),
          items: n.output,
          itemsRef: n.output_ref,
          itemCount: n.output_item_count,
          error: n.error,
          runs: Number(n.runs),
        },
      ]),
    ),
  };
}
