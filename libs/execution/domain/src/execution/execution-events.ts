import { type DomainEvent } from '@weft/kernel';

// The Execution aggregate's events. Public as they are, with one exception:
// `ExecutionCheckpointed` carries the engine's checkpoint (every node's output so far,
// node state, logs) so that another worker resumes from the last recorded node; it is
// the execution context's own business and is never published (@weft/contracts
// publication.ts). @weft/contracts mirrors the others field for field
// (execution/execution-events.ts): the compiler holds them together
// (libs/execution/feature/src/public-events.unit.spec.ts fails the type check when they
// drift), and schema versions go with `executionUpcasters`.

/** A JSON value as the execution carries it (items, errors, checkpoints). */
export type ExecutionJson = string | number | boolean | null | readonly ExecutionJson[] | { readonly [key: string]: ExecutionJson };

/** One item, as the engine passes it between nodes (`json`, optional base64 `binary`). */
export interface ExecutionItem {
  readonly json: { readonly [key: string]: ExecutionJson };
  readonly binary?: { readonly [name: string]: { readonly data: string; readonly mimeType: string; readonly fileName?: string } };
  readonly pairedItem?: number;
}

/** Items per output port of a node run. */
export type ExecutionOutputs = { readonly [port: string]: readonly ExecutionItem[] };

/** The API's modes: how the run was asked for. */
export const EXECUTION_MODES = ['manual', 'webhook', 'api', 'schedule'] as const;
export type ExecutionMode = (typeof EXECUTION_MODES)[number];

/**
 * Why the execution exists, beside its mode: its trigger (`trigger`), a retry of
 * `retryOf`, or a run started by the execution `parentExecutionId` (its error workflow,
 * or an Execute Workflow node).
 */
export const EXECUTION_ORIGINS = ['trigger', 'retry', 'error-workflow', 'sub-workflow'] as const;
export type ExecutionOrigin = (typeof EXECUTION_ORIGINS)[number];

/** An error as recorded: the engine's `ErrorInfo`, texts truncated (a failure is always recordable). */
export interface ExecutionError {
  readonly message: string;
  readonly name?: string;
  readonly nodeId?: string;
  readonly description?: string;
}

/** What one run cost the worker, for billing and quotas. */
export interface ExecutionUsage {
  readonly cpuMs: number;
  readonly memoryBytes: number;
  readonly networkBytes: number;
}

/** The levels of a log line, lowest first: a level filter means that level and the ones after it. */
export const EXECUTION_LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type ExecutionLogLevel = (typeof EXECUTION_LOG_LEVELS)[number];

/** A line of a node run's log: what its node wrote (the Code node's console, bounded per execution by the engine). */
export interface ExecutionLogLine {
  readonly level: ExecutionLogLevel;
  readonly message: string;
}

export interface ExecutionWaitingOn {
  readonly nodeId: string;
  /** ISO time a timer resumes the run; `null`: no timer. */
  readonly until: string | null;
  /** Whether a call of the execution's resume webhook resumes it. */
  readonly webhook: boolean;
}

type Ids = { executionId: string; organizationId: string };

/**
 * A run of `workflowVersion` was asked for. `input` is the trigger's items when small
 * enough to travel in events, else `null` with `inputRef` naming where the caller
 * stored them; `inputItemCount` is `null` when unknown.
 */
export type ExecutionQueued = DomainEvent<
  'ExecutionQueued',
  Ids & {
    workflowId: string;
    workflowVersion: number;
    mode: ExecutionMode;
    triggerNodeId: string | null;
    input: readonly ExecutionItem[] | null;
    inputRef: string | null;
    inputItemCount: number | null;
    triggeredBy: ExecutionOrigin;
    retryOf: string | null;
    retryAttempt: number;
    parentExecutionId: string | null;
    queuedBy: string | null;
    /** Whose authority the run has over credentials (QueueExecution); absent in runs queued before it was recorded. */
    authorityId?: string | null;
    /** Automatic retries the workflow allowed when the run was queued; absent in runs queued before it was recorded. */
    maxRetries?: number;
    queuedAt: string;
  }
>;
/**
 * Worker `workerId` holds the run under `lease` (1, 2, ...: one more per claim); later
 * worker commands must name it. `takeover`: the previous lease expired and
 * `previousWorkerId` lost the run; `resumed`: the worker starts from the last checkpoint.
 */
export type ExecutionStarted = DomainEvent<
  'ExecutionStarted',
  Ids & { workerId: string; lease: number; takeover: boolean; previousWorkerId: string | null; resumed: boolean; startedAt: string }
>;
/** One node run finished (`waiting`: a Wait node parked the run). Run keys `nodeId`/`runIndex` are unique. */
export type ExecutionNodeCompleted = DomainEvent<
  'ExecutionNodeCompleted',
  Ids & {
    nodeId: string;
    runIndex: number;
    status: 'success' | 'waiting';
    startedAt: string;
    durationMs: number;
    inputItemCount: number;
    outputItemCount: number;
    output: ExecutionOutputs | null;
    outputRef: string | null;
    credentialIds: readonly string[];
    /** Tries the run took, when more than one (`retryOnFail`); absent: one. */
    tries?: number;
    /** What the node logged, in order; absent: nothing (most nodes). */
    logs?: readonly ExecutionLogLine[];
  }
>;
export type ExecutionNodeFailed = DomainEvent<
  'ExecutionNodeFailed',
  Ids & {
    nodeId: string;
    runIndex: number;
    status: 'error';
    startedAt: string;
    durationMs: number;
    inputItemCount: number;
    error: ExecutionError;
    credentialIds: readonly string[];
    /** Tries made before it failed for good, when more than one; absent: one. */
    tries?: number;
    /** What the node logged, in order (its failed tries' lines included); absent: nothing. */
    logs?: readonly ExecutionLogLine[];
  }
>;
/**
 * Internal: the engine state after `nodeRunCount` recorded node runs, as JSON inline
 * (`checkpoint`, opaque to the domain) or by reference (`checkpointRef`, `checkpoint` `null`).
 */
export type ExecutionCheckpointed = DomainEvent<
  'ExecutionCheckpointed',
  Ids & { lease: number; checkpoint: unknown; checkpointRef: string | null; nodeRunCount: number; checkpointedAt: string }
>;
/** The run is parked (the worker let it go) until a timer or its resume webhook. */
export type ExecutionWaiting = DomainEvent<'ExecutionWaiting', Ids & { lease: number; waitingOn: ExecutionWaitingOn; waitingSince: string }>;
/** Back in the queue: the next worker resumes from the checkpoint, with `resumedWith` as the Wait node's output. */
export type ExecutionResumed = DomainEvent<
  'ExecutionResumed',
  Ids & { resumedBy: 'timer' | 'webhook'; resumedWith: readonly ExecutionItem[] | null; resumedWithRef: string | null; resumedAt: string }
>;
/** `durationMs` from the first start; `output` the last node's items (or by `outputRef`). */
export type ExecutionSucceeded = DomainEvent<
  'ExecutionSucceeded',
  Ids & {
    lease: number;
    output: readonly ExecutionItem[] | null;
    outputRef: string | null;
    lastNodeId: string | null;
    usage: ExecutionUsage;
    finishedAt: string;
    durationMs: number;
  }
>;
/** `lease` `null`: the service failed it without a worker (it could not be run or resumed). */
export type ExecutionFailed = DomainEvent<
  'ExecutionFailed',
  Ids & { lease: number | null; error: ExecutionError; willRetry: boolean; usage: ExecutionUsage | null; finishedAt: string; durationMs: number | null }
>;
export type ExecutionCanceled = DomainEvent<
  'ExecutionCanceled',
  Ids & { reason: string | null; canceledBy: string | null; canceledAt: string; durationMs: number | null }
>;
/** The run exceeded its time limit; its status becomes `error` (reason `timeout`). */
export type ExecutionTimedOut = DomainEvent<'ExecutionTimedOut', Ids & { timeoutMs: number; timedOutAt: string; durationMs: number | null }>;
/** This failed or canceled execution is retried as `retryExecutionId`, attempt `retryAttempt` (its own + 1). */
export type ExecutionRetried = DomainEvent<
  'ExecutionRetried',
  Ids & { retryExecutionId: string; retryAttempt: number; retriedBy: string | null; retriedAt: string }
>;

/** Every event of the Execution aggregate. */
export type ExecutionEvent =
  | ExecutionQueued
  | ExecutionStarted
  | ExecutionNodeCompleted
  | ExecutionNodeFailed
  | ExecutionCheckpointed
  | ExecutionWaiting
  | ExecutionResumed
  | ExecutionSucceeded
  | ExecutionFailed
  | ExecutionCanceled
  | ExecutionTimedOut
  | ExecutionRetried;
