import { streamIdOf } from '@weft/kernel';
import {
  type ExecutionError,
  type ExecutionEvent,
  type ExecutionItem,
  type ExecutionMode,
  type ExecutionOrigin,
  type ExecutionWaitingOn,
} from './execution-events.js';

/** The API's statuses plus `queued` (accepted, no worker yet). A timeout ends in `error`. */
export type ExecutionStatus = 'queued' | 'running' | 'waiting' | 'success' | 'error' | 'canceled';

/** Statuses after which nothing runs any more. */
export const FINISHED_EXECUTION_STATUSES: readonly ExecutionStatus[] = ['success', 'error', 'canceled'];

/** An execution that exists. Plain data, so the state serialises as JSON (audit replays). */
export interface ExistingExecution {
  readonly status: ExecutionStatus;
  readonly executionId: string;
  readonly organizationId: string;
  readonly workflowId: string;
  readonly workflowVersion: number;
  readonly mode: ExecutionMode;
  readonly triggeredBy: ExecutionOrigin;
  readonly retryOf: string | null;
  /** 0 for a first run, n for the n-th retry in a chain (the API's `retryCount`). */
  readonly retryAttempt: number;
  readonly parentExecutionId: string | null;
  /** What the run starts from when there is no checkpoint yet (a worker died before the first). */
  readonly triggerNodeId: string | null;
  readonly input: readonly ExecutionItem[] | null;
  readonly inputRef: string | null;
  /** Who started it; `null` for webhooks and schedules. */
  readonly queuedBy: string | null;
  /** Whose authority the run has over credentials (QueueExecution); `null` when unknown. */
  readonly authorityId: string | null;
  /** The current (or last) claim: 0 before the first start. */
  readonly lease: number;
  readonly workerId: string | null;
  /** The last checkpoint, inline (`checkpoint`) or by reference; both `null` before the first. */
  readonly checkpoint: unknown;
  readonly checkpointRef: string | null;
  /** `nodeRunKey` of every recorded node run, in order. */
  readonly nodeRuns: readonly string[];
  readonly waitingOn: ExecutionWaitingOn | null;
  readonly queuedAt: string;
  /** The first start; a takeover or a resume does not move it. */
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  /** Why an `error` is one: the run failed, or it timed out. */
  readonly errorReason: 'failed' | 'timeout' | null;
  readonly error: ExecutionError | null;
  /** The retry queued of this execution (at most one: retry the retry next). */
  readonly retriedAs: string | null;
}

export type ExecutionState = { readonly status: 'none' } | ExistingExecution;

export const initialExecutionState = (): ExecutionState => ({ status: 'none' });

/** The Execution stream of `executionId`: `execution.Execution-<id>`. */
export const executionStreamId = (executionId: string): string => streamIdOf('execution', 'Execution', executionId);

/** The key that makes a node run unique in its execution. */
export const nodeRunKey = (nodeId: string, runIndex: number): string => `${nodeId}#${runIndex}`;

/** True once the execution succeeded, failed, timed out or was canceled. */
export const isFinished = (state: ExistingExecution): boolean => FINISHED_EXECUTION_STATUSES.includes(state.status);

/** Applies one event. */
export function evolveExecution(state: ExecutionState, event: ExecutionEvent): ExecutionState {
  if (event.type === 'ExecutionQueued') return queued(event.data);
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'ExecutionStarted':
      return {
        ...state,
        status: 'running',
        lease: event.data.lease,
        workerId: event.data.workerId,
        waitingOn: null,
        startedAt: state.startedAt ?? event.data.startedAt,
      };
    case 'ExecutionNodeCompleted':
    case 'ExecutionNodeFailed':
      return { ...state, nodeRuns: [...state.nodeRuns, nodeRunKey(event.data.nodeId, event.data.runIndex)] };
    case 'ExecutionCheckpointed':
      return { ...state, checkpoint: event.data.checkpoint, checkpointRef: event.data.checkpointRef };
    case 'ExecutionWaiting':
      return { ...state, status: 'waiting', waitingOn: event.data.waitingOn };
    case 'ExecutionResumed':
      return { ...state, status: 'queued', waitingOn: null };
    case 'ExecutionSucceeded':
      return { ...state, status: 'success', finishedAt: event.data.finishedAt };
    case 'ExecutionFailed':
      return { ...state, status: 'error', errorReason: 'failed', error: event.data.error, finishedAt: event.data.finishedAt, waitingOn: null };
    case 'ExecutionTimedOut':
      return {
        ...state,
        status: 'error',
        errorReason: 'timeout',
        error: { message: `The execution timed out after ${event.data.timeoutMs} ms.` },
        finishedAt: event.data.timedOutAt,
        waitingOn: null,
      };
    case 'ExecutionCanceled':
      return { ...state, status: 'canceled', finishedAt: event.data.canceledAt, waitingOn: null };
    case 'ExecutionRetried':
      return { ...state, retriedAs: event.data.retryExecutionId };
  }
}

function queued(data: Extract<ExecutionEvent, { type: 'ExecutionQueued' }>['data']): ExistingExecution {
  const {
    executionId,
    organizationId,
    workflowId,
    workflowVersion,
    mode,
    triggeredBy,
    retryOf,
    retryAttempt,
    parentExecutionId,
    queuedAt,
    triggerNodeId,
    input,
    inputRef,
    queuedBy,
  } = data;
  const authorityId = data.authorityId ?? null;
  return {
    status: 'queued',
    executionId,
    organizationId,
    workflowId,
    workflowVersion,
    mode,
    triggeredBy,
    retryOf,
    retryAttempt,
    parentExecutionId,
    triggerNodeId,
    input,
    inputRef,
    queuedBy,
    authorityId,
    lease: 0,
    workerId: null,
    checkpoint: null,
    checkpointRef: null,
    nodeRuns: [],
    waitingOn: null,
    queuedAt,
    startedAt: null,
    finishedAt: null,
    errorReason: null,
    error: null,
    retriedAs: null,
  };
}
