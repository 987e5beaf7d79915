import { type Page, decodeCursor, pageOf, isUuid } from '@weft/kernel';
import { type TenantTransaction } from '@weft/postgres';
import { iso, numberOrNull } from './row-values.js';

// An execution's log: its node runs and log lines in order, a page at a time, read as
// the organization (tenancy by type, as executions-queries.ts), all of it or from a level up.

/** The levels of the log's lines, lowest first (a node run's line is `info`, `warn` or `error`; console.log is `info`). */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A level and every level above it: `warn` → warn, error. */
export const levelsFrom = (level: LogLevel): LogLevel[] => LOG_LEVELS.slice(LOG_LEVELS.indexOf(level));

/** One entry of an execution's log: a node run, or a log line. */
export interface ExecutionLogEntry {
  /** The stream version of the event that recorded it. */
  readonly seq: number;
  /** Its place among that event's rows: 0 the node run, 1, 2, ... what its node logged. */
  readonly line: number;
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
  line: number;
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
  line: row.line,
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

/** Past the end of any seq's lines: where a cursor of one value (seq only, before lines) goes on. */
const LAST_LINE = 2 ** 31 - 1;

/** The (seq, line) after which the page starts; a cursor of the seq alone (written before lines) goes on after every line of it. */
function afterKey(cursor: string | undefined): [number, number] | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  try {
    return decodeCursor(cursor, ['int', 'int']) as [number, number];
  } catch {
    const [seq] = decodeCursor(cursor, ['int']) as [number];
    return [seq, LAST_LINE];
  }
}

export interface ExecutionLogFilter {
  /** Only lines of this level and above (`debug` < `info` < `warn` < `error`); rows without a level then do not show. */
  readonly level?: LogLevel;
}

/**
 * The execution's node runs and log lines in the order they were recorded (seq, then
 * line), keyset-paged on (seq, line), from `filter.level` up when given (the
 * `(execution_id, level)` index finds them); undefined when the execution does not exist
 * (in this organization).
 */
export async function executionLogs(
  tx: TenantTransaction,
  executionId: string,
  limit: number,
  cursor?: string,
  filter: ExecutionLogFilter = {},
): Promise<Page<ExecutionLogEntry> | undefined> {
  if (!isUuid(executionId)) return undefined;
  const after = afterKey(cursor);
  const { organizationId } = tx;
  const found = await tx.query('select 1 from executions where organization_id = $1 and execution_id = $2', [organizationId, executionId]);
  if (found.rows.length === 0) return undefined;
  const values: unknown[] = [organizationId, executionId, limit + 1];
  const where = ['organization_id = $1', 'execution_id = $2'];
  if (after !== undefined) where.push(`(seq, line) > ($${values.push(after[0])}::int, $${values.push(after[1])}::int)`);
  if (filter.level !== undefined) where.push(`level = any($${values.push(levelsFrom(filter.level))}::text[])`);
  const { rows } = await tx.query<LogRow>(
    `select seq, line, kind, node_id, run_index, status, level, message, started_at, duration_ms, input_item_count, output_item_count, output, output_ref, error, created_at
       from execution_logs where ${where.join(' and ')} order by seq, line limit $3`,
    values,
  );
  return pageOf(rows, limit, logOf, (row) => [row.seq, row.line]);
}
