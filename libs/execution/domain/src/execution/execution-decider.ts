import { type Decider, UserError } from '@weft/kernel';
import {
  type CancelExecution,
  type ExecutionCommand,
  type QueueExecution,
  type ResumeExecution,
  type RetryExecution,
  type StartExecution,
  type TimeOutExecution,
} from './execution-commands.js';
import { alreadyFinished, executionNotFound } from './execution-errors.js';
import { EXECUTION_MODES, EXECUTION_ORIGINS, type ExecutionEvent, type ExecutionQueued } from './execution-events.js';
import {
  invalid,
  millisSince,
  optionalId,
  payloadOrRef,
  recordedActorOf,
  requireCount,
  requireExecutePermission,
  requireId,
  requireItems,
} from './execution-rules.js';
import { failExecution, parkExecution, recordNodeRuns, succeedExecution } from './execution-progress.js';
import { type ExecutionState, type ExistingExecution, evolveExecution, initialExecutionState, isFinished } from './execution-state.js';

const REASON_MAX_LENGTH = 500;

/** Decides the Execution aggregate's events; time and ids come with the command. */
export function decideExecution(command: ExecutionCommand, state: ExecutionState): ExecutionEvent[] {
  if (command.type === 'QueueExecution') return queue(command, state);
  // Tenant isolation: another organization's execution is missing.
  if (state.status === 'none' || state.organizationId !== command.metadata.organizationId) throw executionNotFound();
  switch (command.type) {
    case 'StartExecution':
      return start(command, state);
    case 'RecordNodeRuns':
      return recordNodeRuns(command, state);
    case 'ParkExecution':
      return parkExecution(command, state);
    case 'ResumeExecution':
      return resume(command, state);
    case 'SucceedExecution':
      return succeedExecution(command, state);
    case 'FailExecution':
      return failExecution(command, state);
    case 'CancelExecution':
      return cancel(command, state);
    case 'TimeOutExecution':
      return timeOut(command, state);
    case 'RetryExecution':
      return retry(command, state);
  }
}

/**
 * The Execution aggregate as a decider: one stream per run (`executionStreamId`).
 * Workers re-deliver, crash and get replaced, so every worker command is idempotent: a
 * command whose effect is already recorded decides nothing, and a worker whose lease was
 * taken over is refused (`execution.lease_lost`) — a run is never recorded twice.
 */
export const executionDecider = {
  decide: decideExecution,
  evolve: evolveExecution,
  initialState: initialExecutionState,
} satisfies Decider<ExecutionState, ExecutionCommand, ExecutionEvent>;

function queue(command: QueueExecution, state: ExecutionState): ExecutionEvent[] {
  const data = queuedData(command);
  if (state.status !== 'none') {
    const same =
      state.organizationId === data.organizationId &&
      state.workflowId === data.workflowId &&
      state.workflowVersion === data.workflowVersion &&
      state.mode === data.mode &&
      state.triggeredBy === data.triggeredBy &&
      state.retryOf === data.retryOf &&
      state.parentExecutionId === data.parentExecutionId;
    if (same) return [];
    throw new UserError('conflict', 'execution.exists', 'This execution already exists.');
  }
  return [{ type: 'ExecutionQueued', data }];
}

function queuedData(command: QueueExecution): ExecutionQueued['data'] {
  const { organizationId, now } = command.metadata;
  const { workflowVersion, mode, triggeredBy = 'trigger', retryAttempt = 0 } = command.data;
  if (!Number.isSafeInteger(workflowVersion) || workflowVersion < 1) throw invalid('workflow_version_invalid', 'workflowVersion', 'must be a positive integer');
  if (!(EXECUTION_MODES as readonly string[]).includes(mode)) throw invalid('mode_invalid', 'mode', `must be one of ${EXECUTION_MODES.join(', ')}`);
  if (!(EXECUTION_ORIGINS as readonly string[]).includes(triggeredBy))
    throw invalid('origin_invalid', 'triggeredBy', `must be one of ${EXECUTION_ORIGINS.join(', ')}`);
  const retryOf = optionalId(command.data.retryOf, 'retryOf');
  const parentExecutionId = optionalId(command.data.parentExecutionId, 'parentExecutionId');
  requireCount(retryAttempt, 'retryAttempt');
  const isRetry = triggeredBy === 'retry';
  if (isRetry !== (retryOf !== null) || isRetry !== retryAttempt > 0)
    throw invalid('origin_invalid', 'retryOf', 'and retryAttempt ≥ 1 go with triggeredBy retry, and only with it');
  const hasParent = triggeredBy === 'error-workflow' || triggeredBy === 'sub-workflow';
  if (hasParent !== (parentExecutionId !== null))
    throw invalid('origin_invalid', 'parentExecutionId', 'goes with triggeredBy error-workflow or sub-workflow, and only with them');
  const input = payloadOrRef(requireItems(command.data.input ?? null, 'input'), command.data.inputRef, 'input');
  const givenCount = command.data.inputItemCount ?? null;
  return {
    executionId: requireId(command.data.executionId, 'executionId'),
    organizationId,
    workflowId: requireId(command.data.workflowId, 'workflowId'),
    workflowVersion,
    mode,
    triggerNodeId: optionalId(command.data.triggerNodeId, 'triggerNodeId'),
    input: input.inline,
    inputRef: input.ref,
    inputItemCount: input.inline ? input.inline.length : givenCount === null ? null : requireCount(givenCount, 'inputItemCount'),
    triggeredBy,
    retryOf,
    retryAttempt,
    parentExecutionId,
    queuedBy: recordedActorOf(command.metadata),
    authorityId: optionalId(command.data.authorityId, 'authorityId'),
    ...(command.data.maxRetries === undefined ? {} : { maxRetries: requireCount(command.data.maxRetries, 'maxRetries') }),
    queuedAt: now.toISOString(),
  };
}

/** A claim: the first, one after a resume, or a takeover of an expired lease. A re-delivered claim is a no-op. */
function start(command: StartExecution, state: ExistingExecution): ExecutionEvent[] {
  const workerId = requireId(command.data.workerId, 'workerId');
  if (isFinished(state)) throw alreadyFinished(state);
  if (state.status === 'waiting') throw new UserError('conflict', 'execution.waiting', 'The execution waits; it starts again once resumed.');
  const takeover = state.status === 'running';
  if (takeover && command.data.takeover !== true) {
    if (state.workerId === workerId) return [];
    throw new UserError('conflict', 'execution.already_running', 'Another worker runs this execution.', { lease: state.lease });
  }
  if (takeover && optionalId(command.data.previousWorkerId, 'previousWorkerId') !== state.workerId) {
    throw new UserError('conflict', 'execution.lease_changed', 'The execution changed hands since its lease expired; it is not yours to take over.', {
      lease: state.lease,
    });
  }
  const data = {
    executionId: state.executionId,
    organizationId: state.organizationId,
    workerId,
    lease: state.lease + 1,
    takeover,
    previousWorkerId: takeover ? state.workerId : null,
    resumed: state.checkpoint !== null || state.checkpointRef !== null,
    startedAt: command.metadata.now.toISOString(),
  };
  return [{ type: 'ExecutionStarted', data }];
}

function resume(command: ResumeExecution, state: ExistingExecution): ExecutionEvent[] {
  if (isFinished(state)) throw alreadyFinished(state);
  const { waitingOn } = state;
  if (state.status !== 'waiting' || waitingOn === null)
    throw new UserError('conflict', 'execution.not_waiting', `The execution is ${state.status}, not waiting.`, { status: state.status });
  const { by } = command.data;
  if (by !== 'timer' && by !== 'webhook') throw invalid('resumed_by_invalid', 'by', 'must be timer or webhook');
  const { now } = command.metadata;
  if (by === 'timer' && (waitingOn.until === null || now.getTime() < Date.parse(waitingOn.until))) {
    throw new UserError('conflict', 'execution.wait_not_due', 'The execution waits longer than that.', { until: waitingOn.until });
  }
  if (by === 'webhook' && !waitingOn.webhook)
    throw new UserError('conflict', 'execution.not_waiting_for_webhook', 'The execution does not wait for a webhook call.');
  const resumedWith = payloadOrRef(requireItems(command.data.resumedWith ?? null, 'resumedWith'), command.data.resumedWithRef, 'resumedWith');
  const ids = { executionId: state.executionId, organizationId: state.organizationId };
  return [
    {
      type: 'ExecutionResumed',
      data: { ...ids, resumedBy: by, resumedWith: resumedWith.inline, resumedWithRef: resumedWith.ref, resumedAt: now.toISOString() },
    },
  ];
}

/** Until the run finished; canceling a canceled run again is a no-op. */
function cancel(command: CancelExecution, state: ExistingExecution): ExecutionEvent[] {
  requireExecutePermission(command);
  if (state.status === 'canceled') return [];
  if (isFinished(state)) throw alreadyFinished(state);
  const reason = command.data.reason?.trim() || null;
  if (reason !== null && reason.length > REASON_MAX_LENGTH) throw invalid('reason_invalid', 'reason', `must be at most ${REASON_MAX_LENGTH} characters`);
  const { now } = command.metadata;
  const ids = { executionId: state.executionId, organizationId: state.organizationId };
  return [
    {
      type: 'ExecutionCanceled',
      data: { ...ids, reason, canceledBy: recordedActorOf(command.metadata), canceledAt: now.toISOString(), durationMs: millisSince(state.startedAt, now) },
    },
  ];
}

function timeOut(command: TimeOutExecution, state: ExistingExecution): ExecutionEvent[] {
  const { timeoutMs } = command.data;
  if (!Number.isSafeInteger(timeoutMs) || timeoutMs < 1) throw invalid('timeout_invalid', 'timeoutMs', 'must be a positive integer');
  if (state.status === 'error' && state.errorReason === 'timeout') return [];
  if (isFinished(state)) throw alreadyFinished(state);
  const { now } = command.metadata;
  const ids = { executionId: state.executionId, organizationId: state.organizationId };
  return [{ type: 'ExecutionTimedOut', data: { ...ids, timeoutMs, timedOutAt: now.toISOString(), durationMs: millisSince(state.startedAt, now) } }];
}

/** A failed or canceled run is retried once, as the next attempt of its chain; the same retry again is a no-op. */
function retry(command: RetryExecution, state: ExistingExecution): ExecutionEvent[] {
  requireExecutePermission(command);
  const retryExecutionId = requireId(command.data.retryExecutionId, 'retryExecutionId');
  if (retryExecutionId === state.executionId) throw invalid('retry_execution_id_invalid', 'retryExecutionId', 'must name a new execution');
  if (state.retriedAs === retryExecutionId) return [];
  if (state.retriedAs !== null)
    throw new UserError('conflict', 'execution.already_retried', 'This execution was retried already; retry its retry.', { retriedAs: state.retriedAs });
  if (state.status !== 'error' && state.status !== 'canceled') {
    throw new UserError('conflict', 'execution.not_retryable', `Only failed or canceled executions are retried; this one is ${state.status}.`, {
      status: state.status,
    });
  }
  const { now } = command.metadata;
  const ids = { executionId: state.executionId, organizationId: state.organizationId };
  return [
    {
      type: 'ExecutionRetried',
      data: { ...ids, retryExecutionId, retryAttempt: state.retryAttempt + 1, retriedBy: recordedActorOf(command.metadata), retriedAt: now.toISOString() },
    },
  ];
}
