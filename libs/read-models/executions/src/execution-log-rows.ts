import { type ExecutionNodeCompletedData, type ExecutionNodeFailedData } from '@weft/contracts';
import { type RecordedEvent } from '@weft/kernel';
import { type ProjectionTransaction } from '@weft/projections';

// `execution_logs` from the node-run events, the log derived from what the events say
// (no event of its own, so a run's events are as many as before):
// - each node run is a row of kind `node` (seq = its event's stream version, line 0)
//   and its line in the log: `info` "Node "x" finished in 3 ms: 1 item in, 2 out",
//   `warn` when it took more than one try, `info` when it parked the run (a wait),
//   `error` "Node "x" failed after 7 ms: <its error>";
// - what the node logged (the Code node's console, `logs` of the event) follows as rows
//   of kind `log` with the same seq, lines 1, 2, ... in order, at the node run's start.
// Rows are inserted `on conflict do nothing`: a redelivered event writes nothing.

type NodeRun = (ExecutionNodeCompletedData | ExecutionNodeFailedData) & { readonly seq: number };

const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));
const items = (count: number) => `${count} ${count === 1 ? 'item' : 'items'}`;

/** A node run's line in the log: its level, and what happened in words (never more than its event says). */
function nodeRunLine(run: ExecutionNodeCompletedData | ExecutionNodeFailedData): { level: string; message: string } {
  const node = `Node "${run.nodeId}"`;
  const tries = run.tries !== undefined && run.tries > 1 ? run.tries : undefined;
  if (run.status === 'error') {
    const after = tries === undefined ? `${run.durationMs} ms` : `${run.durationMs} ms and ${tries} tries`;
    return { level: 'error', message: `${node} failed after ${after}: ${run.error.message}` };
  }
  if (run.status === 'waiting')
    return { level: 'info', message: `${node} is waiting (${run.durationMs} ms, ${items(run.inputItemCount)} in): the run is parked until it resumes` };
  const took = tries === undefined ? '' : ` after ${tries} tries`;
  const counts = `${items(run.inputItemCount)} in, ${run.outputItemCount} out`;
  return { level: tries === undefined ? 'info' : 'warn', message: `${node} finished in ${run.durationMs} ms${took}: ${counts}` };
}

/** The node runs of a batch, and what their nodes logged, into `execution_logs`. */
export async function insertExecutionLogs(tx: ProjectionTransaction, events: readonly RecordedEvent[]): Promise<void> {
  const runs: NodeRun[] = events
    .filter((e) => e.type === 'ExecutionNodeCompleted' || e.type === 'ExecutionNodeFailed')
    .map((e) => ({ ...(e.data as ExecutionNodeCompletedData | ExecutionNodeFailedData), seq: e.streamVersion }));
  if (runs.length === 0) return;
  await insertNodeRuns(tx, runs);
  await insertLogLines(tx, runs);
}

/** One row per node run, with its line; seq = the event's stream version, line 0. */
async function insertNodeRuns(tx: ProjectionTransaction, runs: readonly NodeRun[]): Promise<void> {
  const completed = (r: NodeRun) => (r.status === 'error' ? undefined : r);
  const failed = (r: NodeRun) => (r.status === 'error' ? r : undefined);
  const lines = runs.map(nodeRunLine);
  await tx.query(
    `insert into ${tx.table('execution_logs')} (execution_id, seq, line, organization_id, kind, node_id, run_index, status, level, message, started_at, duration_ms,
                          input_item_count, output_item_count, output, output_ref, error, credential_ids, created_at)
     select u.execution_id, u.seq, 0, u.organization_id, 'node', u.node_id, u.run_index, u.status, u.level, u.message, u.started_at, u.duration_ms,
            u.input_item_count, u.output_item_count, u.output, u.output_ref, u.error, string_to_array(u.credential_ids, ',')::uuid[], u.started_at
       from unnest($1::uuid[], $2::int[], $3::uuid[], $4::text[], $5::int[], $6::text[], $7::timestamptz[], $8::bigint[], $9::int[], $10::int[], $11::jsonb[],
                   $12::text[], $13::jsonb[], $14::text[], $15::text[], $16::text[])
         as u(execution_id, seq, organization_id, node_id, run_index, status, started_at, duration_ms, input_item_count, output_item_count, output, output_ref,
              error, credential_ids, level, message)
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
      lines.map((l) => l.level),
      lines.map((l) => l.message),
    ],
  );
}

/** What the batch's nodes logged, one row each after its node run's row (same seq, lines 1, 2, ...); no statement when they logged nothing. */
async function insertLogLines(tx: ProjectionTransaction, runs: readonly NodeRun[]): Promise<void> {
  const logged = runs.filter((r) => r.logs !== undefined && r.logs.length > 0);
  if (logged.length === 0) return;
  const rows = logged.flatMap((r) => (r.logs ?? []).map((entry, index) => ({ run: r, line: index + 1, entry })));
  await tx.query(
    `insert into ${tx.table('execution_logs')} (execution_id, seq, line, organization_id, kind, node_id, run_index, level, message, created_at)
     select u.execution_id, u.seq, u.line, u.organization_id, 'log', u.node_id, u.run_index, u.level, u.message, u.created_at
       from unnest($1::uuid[], $2::int[], $3::int[], $4::uuid[], $5::text[], $6::int[], $7::text[], $8::text[], $9::timestamptz[])
         as u(execution_id, seq, line, organization_id, node_id, run_index, level, message, created_at)
     on conflict do nothing`,
    [
      rows.map((r) => r.run.executionId),
      rows.map((r) => r.run.seq),
      rows.map((r) => r.line),
      rows.map((r) => r.run.organizationId),
      rows.map((r) => r.run.nodeId),
      rows.map((r) => r.run.runIndex),
      rows.map((r) => r.entry.level),
      rows.map((r) => r.entry.message),
      rows.map((r) => r.run.startedAt),
    ],
  );
}
