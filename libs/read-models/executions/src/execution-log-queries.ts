import { type Page, decodeCursor, pageOf, isUuid } from '@weft/kernel';
import { type TenantTransaction } from '@weft/postgres';
import { iso, numberOrNull } from './row-values.js';

// An execution's log: its node runs and log lines in order, a page at a time, read as
// the organization (tenancy by type, as executions-queries.ts).

/** One entry of an execution's log: a node run, or a log line. */
export interface ExecutionLogEntry {
  readonly seq: number;
  readonly kind: 'node' | 'log';
  readonly nodeId: string | null;
  readonly runIndex: number | null;
  readonly status: string | null;
  readonly level: string | null;
  readonly message: string | null;
  readonly startedAt: string | null;
  readonly durationMs: number | null;
  readonly inputItemCount: number | null;
  readonly outputItemCount: number | null;
  readonly output: Record<string, unknown[]> | null;
  readonly outputRef: string | null;
  readonly error: Record<string, unknown> | null;
  readonly createdAt: string;
}

interface LogRow {
  seq: number;
  kind: ExecutionLogEntry['kind'];
  node_id: string | null;
  run_index: number | null;
  status: string | null;
  level: string | null;
  message: string | null;
  started_at: Date | null;
  duration_ms: string | null;
  input_item_count: number | null;
  output_item_count: number | null;
  output: Record<string, unknown[]> | null;
  output_ref: string | null;
  error: Record<string, unknown> | null;
  created_at: Date;
}

const logOf = (row: LogRow): ExecutionLogEntry => ({
  seq: row.seq,
  kind: row.kind,
  nodeId: row.node_id,
  runIndex: row.run_index,
  status: row.status,
  level: row.level,
  message: row.message,
  startedAt: iso(row.started_at),
  durationMs: numberOrNull(row.duration_ms),
  inputItemCount: row.input_item_count,
  outputItemCount: row.output_item_count,
  output: row.output,
  outputRef: row.output_ref,
  error: row.error,
  createdAt: row.created_at.toISOString(),
});

/**
 * The execution's node runs and log lines in the order they were recorded (seq),
 * keyset-paged on seq; undefined when the execution does not exist (in this organization).
 */
export async function executionLogs(tx: TenantTransaction, executionId: string, limit: number, cursor?: string): Promise<Page<ExecutionLogEntry> | undefined> {
  if (!isUuid(executionId)) return undefined;
  const after = decodeCursor(cursor, ['int']);
  const { organizationId } = tx;
  const found = await tx.query('select 1 from executions where organization_id = $1 and execution_id = $2', [organizationId, executionId]);
  if (found.rows.length === 0) return undefined;
  const { rows } = await tx.query<LogRow>(
    `select seq, kind, node_id, run_index, status, level, message, started_at, duration_ms, input_item_count, output_item_count, output, output_ref, error, created_at
       from execution_logs where organization_id = $1 and execution_id = $2 and ($3::int is null or seq > $3) order by seq limit $4`,
    [organizationId, executionId, after?.[0] ?? null, limit + 1],
  );
  return pageOf(rows, limit, logOf, (row) => [row.seq]);
}
