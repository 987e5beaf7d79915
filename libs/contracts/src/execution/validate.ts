import {
  ExecutionCanceledSchemaVersion,
  ExecutionFailedSchemaVersion,
  ExecutionNodeCompletedSchemaVersion,
  ExecutionNodeFailedSchemaVersion,
  ExecutionQueuedSchemaVersion,
  ExecutionResumedSchemaVersion,
  ExecutionRetriedSchemaVersion,
  ExecutionStartedSchemaVersion,
  ExecutionSucceededSchemaVersion,
  ExecutionTimedOutSchemaVersion,
  ExecutionWaitingSchemaVersion,
  type PublicExecutionEvent,
} from './execution-events.js';
import { type ExecutionFieldSpec, executionProblemsOf } from './execution-shape.js';

/** The type names of the execution context's public events. */
export type PublicExecutionEventType = PublicExecutionEvent['type'];

const execution = { executionId: 'string', organizationId: 'string' } as const;
const nodeRun = {
  ...execution,
  nodeId: 'string',
  runIndex: 'number',
  status: 'string',
  startedAt: 'string',
  durationMs: 'number',
  inputItemCount: 'number',
  credentialIds: 'array',
  tries: 'number?',
  logs: 'array?',
} as const;

// No `checkpoint` anywhere: `ExecutionCheckpointed` is not a public event, and a
// published event carrying a checkpoint field is refused.
const executionEventSpecs: Readonly<Record<PublicExecutionEventType, ExecutionFieldSpec>> = {
  ExecutionQueued: {
    ...execution,
    workflowId: 'string',
    workflowVersion: 'number',
    mode: 'string',
    triggerNodeId: 'string|null',
    input: 'array|null',
    inputRef: 'string|null',
    inputItemCount: 'number|null',
    triggeredBy: 'string',
    retryOf: 'string|null',
    retryAttempt: 'number',
    parentExecutionId: 'string|null',
    queuedBy: 'string|null',
    authorityId: 'string|null?',
    maxRetries: 'number?',
    queuedAt: 'string',
  },
  ExecutionStarted: {
    ...execution,
    workerId: 'string',
    lease: 'number',
    takeover: 'boolean',
    previousWorkerId: 'string|null',
    resumed: 'boolean',
    startedAt: 'string',
  },
  ExecutionNodeCompleted: { ...nodeRun, outputItemCount: 'number', output: 'object|null', outputRef: 'string|null' },
  ExecutionNodeFailed: { ...nodeRun, error: 'object' },
  ExecutionWaiting: { ...execution, lease: 'number', waitingOn: 'object', waitingSince: 'string' },
  ExecutionResumed: { ...execution, resumedBy: 'string', resumedWith: 'array|null', resumedWithRef: 'string|null', resumedAt: 'string' },
  ExecutionSucceeded: {
    ...execution,
    lease: 'number',
    output: 'array|null',
    outputRef: 'string|null',
    lastNodeId: 'string|null',
    usage: 'object',
    finishedAt: 'string',
    durationMs: 'number',
  },
  ExecutionFailed: {
    ...execution,
    lease: 'number|null',
    error: 'object',
    willRetry: 'boolean',
    usage: 'object|null',
    finishedAt: 'string',
    durationMs: 'number|null',
  },
  ExecutionCanceled: { ...execution, reason: 'string|null', canceledBy: 'string|null', canceledAt: 'string', durationMs: 'number|null' },
  ExecutionTimedOut: { ...execution, timeoutMs: 'number', timedOutAt: 'string', durationMs: 'number|null' },
  ExecutionRetried: { ...execution, retryExecutionId: 'string', retryAttempt: 'number', retriedBy: 'string|null', retriedAt: 'string' },
};

/** Schema version of each execution event type, as published. */
export const executionEventSchemaVersions: Readonly<Record<PublicExecutionEventType, number>> = {
  ExecutionQueued: ExecutionQueuedSchemaVersion,
  ExecutionStarted: ExecutionStartedSchemaVersion,
  ExecutionNodeCompleted: ExecutionNodeCompletedSchemaVersion,
  ExecutionNodeFailed: ExecutionNodeFailedSchemaVersion,
  ExecutionWaiting: ExecutionWaitingSchemaVersion,
  ExecutionResumed: ExecutionResumedSchemaVersion,
  ExecutionSucceeded: ExecutionSucceededSchemaVersion,
  ExecutionFailed: ExecutionFailedSchemaVersion,
  ExecutionCanceled: ExecutionCanceledSchemaVersion,
  ExecutionTimedOut: ExecutionTimedOutSchemaVersion,
  ExecutionRetried: ExecutionRetriedSchemaVersion,
};

/** True for the type names of public execution events. */
export function isPublicExecutionEventType(type: string): type is PublicExecutionEventType {
  return Object.hasOwn(executionEventSpecs, type);
}

/**
 * Problems of an event against the execution contracts (`[]` when valid). Run on
 * produce (after `publishedForm`) and on consume; `ExecutionCheckpointed`, and any
 * field outside the contract, are problems.
 */
export function validateExecutionEvent(event: { readonly type: string; readonly data: unknown }): string[] {
  if (!isPublicExecutionEventType(event.type)) return [`${event.type} is not a public execution event`];
  return executionProblemsOf(event.data, executionEventSpecs[event.type]);
}
