import { UserError, canonicalJson } from '@weft/kernel';
import {
  type CheckpointReport,
  type FailExecution,
  type NodeRunReport,
  type ParkExecution,
  type RecordNodeRuns,
  type SucceedExecution,
  type WorkerClaim,
} from './execution-commands.js';
import { alreadyFinished, leaseLost, notRunning } from './execution-errors.js';
import { type ExecutionCheckpointed, type ExecutionEvent, type ExecutionLogLine } from './execution-events.js';
import {
  invalid,
  millisSince,
  optionalId,
  payloadOrRef,
  recordableError,
  recordableLogs,
  requireCount,
  requireId,
  requireItems,
  requireUsage,
} from './execution-rules.js';
import { type ExistingExecution, isFinished, nodeRunKey } from './execution-state.js';

// What a worker reports while it holds the run. Each command is checked for a repeat
// first (a re-delivered message, a retry after a lost reply, a zombie worker's late
// copy): what is recorded already decides nothing, whatever the state is now. Anything
// new needs the current claim of a running execution.

/** The current claim of a running execution, or a refusal. */
function requireHeld(state: ExistingExecution, claim: WorkerClaim): void {
  if (isFinished(state)) throw alreadyFinished(state);
  if (state.status !== 'running') throw notRunning(state);
  if (claim.lease !== state.lease || claim.workerId !== state.workerId) throw leaseLost(state);
}

/** Node runs not recorded yet, then the checkpoint after them; only repeats: nothing. */
export function recordNodeRuns(command: RecordNodeRuns, state: ExistingExecution): ExecutionEvent[] {
  const { runs } = command.data;
  if (!Array.isArray(runs) || runs.length === 0) throw invalid('node_runs_empty', 'runs', 'must list at least one node run');
  const keys = runs.map((run) => nodeRunKey(requireId(run.nodeId, 'nodeId'), requireCount(run.runIndex, 'runIndex')));
  if (new Set(keys).size !== keys.length) throw invalid('node_run_duplicate', 'runs', 'must name each node run (nodeId, runIndex) once');
  const fresh = freshRuns(state, runs, keys);
  if (fresh.length === 0) return [];
  requireHeld(state, command.data);
  const events = nodeRunEvents(state, fresh);
  return [...events, checkpointed(state, command, state.nodeRuns.length + fresh.length)];
}

function freshRuns(state: ExistingExecution, runs: readonly NodeRunReport[], keys: readonly string[]): NodeRunReport[] {
  const recorded = new Set(state.nodeRuns);
  return runs.filter((_run, index) => !recorded.has(keys[index] ?? ''));
}

function nodeRunEvents(state: ExistingExecution, runs: readonly NodeRunReport[]): ExecutionEvent[] {
  const ids = { executionId: state.executionId, organizationId: state.organizationId };
  return runs.map((run) => nodeRunEvent(ids, run));
}

/**
 * The node runs a finishing worker reports with the outcome (`runs` of Succeed/Fail):
 * recorded in the same append, so they need no checkpoint — nobody resumes a finished
 * run. A run that ends fast is then one append, however many nodes it has.
 */
function finalRuns(state: ExistingExecution, runs: readonly NodeRunReport[] | undefined): ExecutionEvent[] {
  if (runs === undefined || runs.length === 0) return [];
  const keys = runs.map((run) => nodeRunKey(requireId(run.nodeId, 'nodeId'), requireCount(run.runIndex, 'runIndex')));
  if (new Set(keys).size !== keys.length) throw invalid('node_run_duplicate', 'runs', 'must name each node run (nodeId, runIndex) once');
  return nodeRunEvents(state, freshRuns(state, runs, keys));
}

function nodeRunEvent(ids: { executionId: string; organizationId: string }, run: NodeRunReport): ExecutionEvent {
  if (!(run.startedAt instanceof Date) || Number.isNaN(run.startedAt.getTime())) throw invalid('started_at_invalid', 'startedAt', 'must be a valid time');
  if (typeof run.durationMs !== 'number' || !Number.isFinite(run.durationMs) || run.durationMs < 0)
    throw invalid('duration_invalid', 'durationMs', 'must be a number ≥ 0');
  const credentialIds = [...new Set((run.credentialIds ?? []).map((id) => requireId(id, 'credentialIds')))];
  const common = {
    ...ids,
    nodeId: run.nodeId.trim(),
    runIndex: run.runIndex,
    startedAt: run.startedAt.toISOString(),
    durationMs: run.durationMs,
    inputItemCount: requireCount(run.inputItemCount, 'inputItemCount'),
  };
  if (run.status === 'error') {
    if (run.error === undefined) throw invalid('node_error_missing', 'error', 'is required for a failed node run');
    return { type: 'ExecutionNodeFailed', data: withRunLog({ ...common, status: 'error', error: recordableError(run.error), credentialIds }, run) };
  }
  if (run.status !== 'success' && run.status !== 'waiting') throw invalid('node_status_invalid', 'status', 'must be success, error or waiting');
  const outputs = run.output ?? null;
  if (outputs !== null && (typeof outputs !== 'object' || Array.isArray(outputs))) throw invalid('output_invalid', 'output', 'must be items by output port');
  for (const items of Object.values(outputs ?? {})) requireItems(items, 'output');
  const output = payloadOrRef(outputs, run.outputRef, 'output');
  const outputItemCount = requireCount(run.outputItemCount, 'outputItemCount');
  return {
    type: 'ExecutionNodeCompleted',
    data: withRunLog({ ...common, status: run.status, outputItemCount, output: output.inline, outputRef: output.ref, credentialIds }, run),
  };
}

/** The run's tries (when more than one) and log lines (when any) added to its event's data: absent facts take no bytes. */
function withRunLog<T extends object>(data: T, run: NodeRunReport): T & { tries?: number; logs?: ExecutionLogLine[] } {
  const recorded: T & { tries?: number; logs?: ExecutionLogLine[] } = data;
  if (run.tries !== undefined && requireCount(run.tries, 'tries') > 1) recorded.tries = run.tries;
  const logs = recordableLogs(run.logs);
  if (logs !== undefined) recorded.logs = logs;
  return recorded;
}

/** The engine checkpoint the next worker resumes from: required with every report. */
function checkpointed(state: ExistingExecution, command: RecordNodeRuns | ParkExecution, nodeRunCount: number): ExecutionCheckpointed {
  const report: CheckpointReport = command.data;
  const checkpoint = report.checkpoint ?? null;
  const checkpointRef = optionalId(report.checkpointRef, 'checkpointRef');
  if ((checkpoint === null) === (checkpointRef === null)) throw invalid('checkpoint_invalid', 'checkpoint', 'or checkpointRef is required, not both');
  const data = {
    executionId: state.executionId,
    organizationId: state.organizationId,
    lease: state.lease,
    checkpoint,
    checkpointRef,
    nodeRunCount,
    checkpointedAt: command.metadata.now.toISOString(),
  };
  return { type: 'ExecutionCheckpointed', data };
}

/** The checkpoint, then the wait; the same wait reported again under the same lease is a no-op. */
export function parkExecution(command: ParkExecution, state: ExistingExecution): ExecutionEvent[] {
  const { waitingOn } = command.data;
  const nodeId = requireId(waitingOn?.nodeId, 'waitingOn.nodeId');
  if (state.status === 'waiting' && state.lease === command.data.lease && state.waitingOn?.nodeId === nodeId) return [];
  requireHeld(state, command.data);
  const until = waitingOn.until ?? null;
  if (until !== null && (!(until instanceof Date) || Number.isNaN(until.getTime())))
    throw invalid('waiting_on_invalid', 'waitingOn.until', 'must be a valid time');
  if (until === null && waitingOn.webhook !== true) throw invalid('waiting_on_invalid', 'waitingOn', 'must name a time (until), a webhook, or both');
  const { now } = command.metadata;
  const data = {
    executionId: state.executionId,
    organizationId: state.organizationId,
    lease: state.lease,
    waitingOn: { nodeId, until: until?.toISOString() ?? null, webhook: waitingOn.webhook === true },
    waitingSince: now.toISOString(),
  };
  return [checkpointed(state, command, state.nodeRuns.length), { type: 'ExecutionWaiting', data }];
}

/** Success under the current claim; the same worker's repeat is a no-op. */
export function succeedExecution(command: SucceedExecution, state: ExistingExecution): ExecutionEvent[] {
  if (state.status === 'success' && state.lease === command.data.lease && state.workerId === command.data.workerId) return [];
  requireHeld(state, command.data);
  const output = payloadOrRef(requireItems(command.data.output ?? null, 'output'), command.data.outputRef, 'output');
  const { now } = command.metadata;
  const data = {
    executionId: state.executionId,
    organizationId: state.organizationId,
    lease: state.lease,
    output: output.inline,
    outputRef: output.ref,
    lastNodeId: optionalId(command.data.lastNodeId, 'lastNodeId'),
    usage: requireUsage(command.data.usage),
    finishedAt: now.toISOString(),
    durationMs: millisSince(state.startedAt, now) ?? 0,
  };
  return [...finalRuns(state, command.data.runs), { type: 'ExecutionSucceeded', data }];
}

/** A worker's failure (its claim) or the service's (`claim: null`, never while a worker runs it); the same failure again is a no-op. */
export function failExecution(command: FailExecution, state: ExistingExecution): ExecutionEvent[] {
  const error = recordableError(command.data.error);
  if (state.status === 'error' && state.errorReason === 'failed' && canonicalJson(state.error) === canonicalJson(error)) return [];
  const { claim } = command.data;
  if (claim !== null) requireHeld(state, claim);
  else if (isFinished(state)) throw alreadyFinished(state);
  else if (state.status === 'running')
    throw new UserError('conflict', 'execution.running', 'A worker runs this execution: it reports the failure, or cancel the execution.');
  const usage = command.data.usage ?? null;
  const { now } = command.metadata;
  const data = {
    executionId: state.executionId,
    organizationId: state.organizationId,
    lease: claim === null ? null : state.lease,
    error,
    willRetry: command.data.willRetry === true,
    usage: usage === null ? null : requireUsage(usage),
    finishedAt: now.toISOString(),
    durationMs: millisSince(state.startedAt, now),
  };
  const runs = claim === null ? [] : finalRuns(state, command.data.runs);
  return [...runs, { type: 'ExecutionFailed', data }];
}
