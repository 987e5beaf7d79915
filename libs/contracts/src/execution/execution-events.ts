import { type PublicEvent } from '../public-event.js';

// Execution events as published. Ids, statuses, timings, counts, errors and small
// payloads; a payload too large to travel in an event (trigger input, node output, run
// output) is named by its `...Ref` instead. The engine checkpoint is never published:
// `ExecutionCheckpointed` stays in the execution context (publication.ts), so no
// consumer depends on the engine's internal state.

/** A JSON value as carried in items. */
export type ExecutionJsonData = string | number | boolean | null | readonly ExecutionJsonData[] | { readonly [key: string]: ExecutionJsonData };

/** One item: `json`, optional base64 `binary`, the index of the item it came from. */
export interface ExecutionItemData {
  readonly json: { readonly [key: string]: ExecutionJsonData };
  readonly binary?: { readonly [name: string]: { readonly data: string; readonly mimeType: string; readonly fileName?: string } };
  readonly pairedItem?: number;
}

export type ExecutionOutputsData = { readonly [port: string]: readonly ExecutionItemData[] };
export type ExecutionMode = 'manual' | 'webhook' | 'api' | 'schedule';
export type ExecutionOrigin = 'trigger' | 'retry' | 'error-workflow' | 'sub-workflow';

export interface ExecutionErrorData {
  readonly message: string;
  readonly name?: string;
  readonly nodeId?: string;
  readonly description?: string;
}

export interface ExecutionUsageData {
  readonly cpuMs: number;
  readonly memoryBytes: number;
  readonly networkBytes: number;
}

/** A line of a node run's log: what its node wrote (the Code node's console, bounded per execution by the engine). */
export interface ExecutionLogLineData {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly message: string;
}

export interface ExecutionWaitingOnData {
  readonly nodeId: string;
  readonly until: string | null;
  readonly webhook: boolean;
}

/** Status `queued`. `input` inline when small, else `null` and `inputRef`; `retryAttempt` is the API's `retryCount`. */
export const ExecutionQueuedSchemaVersion = 1;
export interface ExecutionQueuedData {
  readonly executionId: string;
  readonly organizationId: string;
  readonly workflowId: string;
  readonly workflowVersion: number;
  readonly mode: ExecutionMode;
  readonly triggerNodeId: string | null;
  readonly input: readonly ExecutionItemData[] | null;
  readonly inputRef: string | null;
  readonly inputItemCount: number | null;
  readonly triggeredBy: ExecutionOrigin;
  readonly retryOf: string | null;
  readonly retryAttempt: number;
  readonly parentExecutionId: string | null;
  readonly queuedBy: string | null;
  /** Whose authority the run has over credentials: who last saved, published or activated what it runs. Absent before it was recorded. */
  readonly authorityId?: string | null;
  /** Automatic retries the workflow allowed when the run was queued (the reference's max_retries). Absent before it was recorded. */
  readonly maxRetries?: number;
  readonly queuedAt: string;
}
export type ExecutionQueued = PublicEvent<'ExecutionQueued', ExecutionQueuedData>;

/** Status `running` under `lease`; a read model keeps the first `startedAt`. */
export const ExecutionStartedSchemaVersion = 1;
export interface ExecutionStartedData {
  readonly executionId: string;
  readonly organizationId: string;
  readonly workerId: string;
  readonly lease: number;
  readonly takeover: boolean;
  readonly previousWorkerId: string | null;
  readonly resumed: boolean;
  readonly startedAt: string;
}
export type ExecutionStarted = PublicEvent<'ExecutionStarted', ExecutionStartedData>;

/** One node run (`nodeId`, `runIndex` unique in the execution): the API's `nodes.<nodeId>`. */
export const ExecutionNodeCompletedSchemaVersion = 1;
export interface ExecutionNodeCompletedData {
  readonly executionId: string;
  readonly organizationId: string;
  readonly nodeId: string;
  readonly runIndex: number;
  readonly status: 'success' | 'waiting';
  readonly startedAt: string;
  readonly durationMs: number;
  readonly inputItemCount: number;
  readonly outputItemCount: number;
  readonly output: ExecutionOutputsData | null;
  readonly outputRef: string | null;
  readonly credentialIds: readonly string[];
  /** Tries the run took, when more than one (`retryOnFail`); absent: one. */
  readonly tries?: number;
  /** What the node logged, in order; absent: nothing. */
  readonly logs?: readonly ExecutionLogLineData[];
}
export type ExecutionNodeCompleted = PublicEvent<'ExecutionNodeCompleted', ExecutionNodeCompletedData>;

export const ExecutionNodeFailedSchemaVersion = 1;
export interface ExecutionNodeFailedData {
  readonly executionId: string;
  readonly organizationId: string;
  readonly nodeId: string;
  readonly runIndex: number;
  readonly status: 'error';
  readonly startedAt: string;
  readonly durationMs: number;
  readonly inputItemCount: number;
  readonly error: ExecutionErrorData;
  readonly credentialIds: readonly string[];
  /** Tries made before it failed for good, when more than one; absent: one. */
  readonly tries?: number;
  /** What the node logged, in order (its failed tries' lines included); absent: nothing. */
  readonly logs?: readonly ExecutionLogLineData[];
}
export type ExecutionNodeFailed = PublicEvent<'ExecutionNodeFailed', ExecutionNodeFailedData>;

/** Status `waiting`: until `waitingOn.until`, or a call of the resume webhook. */
export const ExecutionWaitingSchemaVersion = 1;
export interface ExecutionWaitingData {
  readonly executionId: string;
  readonly organizationId: string;
  readonly lease: number;
  readonly waitingOn: ExecutionWaitingOnData;
  readonly waitingSince: string;
}
export type ExecutionWaiting = PublicEvent<'ExecutionWaiting', ExecutionWaitingData>;

/** Status `queued` again; the next worker resumes from the checkpoint. */
export const ExecutionResumedSchemaVersion = 1;
export interface ExecutionResumedData {
  readonly executionId: string;
  readonly organizationId: string;
  readonly resumedBy: 'timer' | 'webhook';
  readonly resumedWith: readonly ExecutionItemData[] | null;
  readonly resumedWithRef: string | null;
  readonly resumedAt: string;
}
export type ExecutionResumed = PublicEvent<'ExecutionResumed', ExecutionResumedData>;

/** Status `success`; `usage` is metered by billing. */
export const ExecutionSucceededSchemaVersion = 1;
export interface ExecutionSucceededData {
  readonly executionId: string;
  readonly organizationId: string;
  readonly lease: number;
  readonly output: readonly ExecutionItemData[] | null;
  readonly outputRef: string | null;
  readonly lastNodeId: string | null;
  readonly usage: ExecutionUsageData;
  readonly finishedAt: string;
  readonly durationMs: number;
}
export type ExecutionSucceeded = PublicEvent<'ExecutionSucceeded', ExecutionSucceededData>;

/** Status `error`; `willRetry`: a retry will be queued. */
export const ExecutionFailedSchemaVersion = 1;
export interface ExecutionFailedData {
  readonly executionId: string;
  readonly organizationId: string;
  readonly lease: number | null;
  readonly error: ExecutionErrorData;
  readonly willRetry: boolean;
  readonly usage: ExecutionUsageData | null;
  readonly finishedAt: string;
  readonly durationMs: number | null;
}
export type ExecutionFailed = PublicEvent<'ExecutionFailed', ExecutionFailedData>;

/** Status `canceled`; `durationMs` `null` when it never started. */
export const ExecutionCanceledSchemaVersion = 1;
export interface ExecutionCanceledData {
  readonly executionId: string;
  readonly organizationId: string;
  readonly reason: string | null;
  readonly canceledBy: string | null;
  readonly canceledAt: string;
  readonly durationMs: number | null;
}
export type ExecutionCanceled = PublicEvent<'ExecutionCanceled', ExecutionCanceledData>;

/** Status `error` (reason `timeout`). */
export const ExecutionTimedOutSchemaVersion = 1;
export interface ExecutionTimedOutData {
  readonly executionId: string;
  readonly organizationId: string;
  readonly timeoutMs: number;
  readonly timedOutAt: string;
  readonly durationMs: number | null;
}
export type ExecutionTimedOut = PublicEvent<'ExecutionTimedOut', ExecutionTimedOutData>;

/** The execution is retried as `retryExecutionId` (attempt `retryAttempt`). */
export const ExecutionRetriedSchemaVersion = 1;
export interface ExecutionRetriedData {
  readonly executionId: string;
  readonly organizationId: string;
  readonly retryExecutionId: string;
  readonly retryAttempt: number;
  readonly retriedBy: string | null;
  readonly retriedAt: string;
}
export type ExecutionRetried = PublicEvent<'ExecutionRetried', ExecutionRetriedData>;

/** Every public event of the Execution aggregate. */
export type PublicExecutionEvent =
  | ExecutionQueued
  | ExecutionStarted
  | ExecutionNodeCompleted
  | ExecutionNodeFailed
  | ExecutionWaiting
  | ExecutionResumed
  | ExecutionSucceeded
  | ExecutionFailed
  | ExecutionCanceled
  | ExecutionTimedOut
  | ExecutionRetried;
