import { publishedForm } from '../publication.js';
import { executionEventSchemaVersions, isPublicExecutionEventType, validateExecutionEvent } from './validate.js';

const ids = { executionId: 'e', organizationId: 'o' };
const queued = {
  ...ids,
  workflowId: 'w',
  workflowVersion: 3,
  mode: 'webhook',
  triggerNodeId: 'hook',
  input: [{ json: { total: 1200 } }],
  inputRef: null,
  inputItemCount: 1,
  triggeredBy: 'trigger',
  retryOf: null,
  retryAttempt: 0,
  parentExecutionId: null,
  queuedBy: null,
  queuedAt: 'x',
};
const nodeRun = { ...ids, nodeId: 'notify', runIndex: 0, startedAt: 'x', durationMs: 12, inputItemCount: 1, credentialIds: ['c'] };
const usage = { cpuMs: 1, memoryBytes: 2, networkBytes: 3 };

describe('execution contracts', () => {
  it('accepts the lifecycle events with small payloads inline or by reference', () => {
    expect(validateExecutionEvent({ type: 'ExecutionQueued', data: queued })).toEqual([]);
    expect(validateExecutionEvent({ type: 'ExecutionQueued', data: { ...queued, input: null, inputRef: 'blob://in', inputItemCount: null } })).toEqual([]);
    expect(
      validateExecutionEvent({
        type: 'ExecutionStarted',
        data: { ...ids, workerId: 'w1', lease: 2, takeover: true, previousWorkerId: 'w0', resumed: true, startedAt: 'x' },
      }),
    ).toEqual([]);
    const completed = { ...nodeRun, status: 'success', outputItemCount: 1, output: { main: [{ json: {} }] }, outputRef: null };
    expect(validateExecutionEvent({ type: 'ExecutionNodeCompleted', data: completed })).toEqual([]);
    expect(validateExecutionEvent({ type: 'ExecutionNodeFailed', data: { ...nodeRun, status: 'error', error: { message: 'HTTP 500' } } })).toEqual([]);
    expect(
      validateExecutionEvent({
        type: 'ExecutionWaiting',
        data: { ...ids, lease: 1, waitingOn: { nodeId: 'wait', until: null, webhook: true }, waitingSince: 'x' },
      }),
    ).toEqual([]);
    expect(
      validateExecutionEvent({
        type: 'ExecutionResumed',
        data: { ...ids, resumedBy: 'webhook', resumedWith: null, resumedWithRef: 'blob://r', resumedAt: 'x' },
      }),
    ).toEqual([]);
    const succeeded = { ...ids, lease: 1, output: [], outputRef: null, lastNodeId: 'notify', usage, finishedAt: 'x', durationMs: 5 };
    expect(validateExecutionEvent({ type: 'ExecutionSucceeded', data: succeeded })).toEqual([]);
    const failed = { ...ids, lease: null, error: { message: 'm' }, willRetry: false, usage: null, finishedAt: 'x', durationMs: null };
    expect(validateExecutionEvent({ type: 'ExecutionFailed', data: failed })).toEqual([]);
    expect(validateExecutionEvent({ type: 'ExecutionCanceled', data: { ...ids, reason: null, canceledBy: 'u', canceledAt: 'x', durationMs: null } })).toEqual(
      [],
    );
    expect(validateExecutionEvent({ type: 'ExecutionTimedOut', data: { ...ids, timeoutMs: 5000, timedOutAt: 'x', durationMs: 5000 } })).toEqual([]);
    expect(
      validateExecutionEvent({ type: 'ExecutionRetried', data: { ...ids, retryExecutionId: 'e2', retryAttempt: 1, retriedBy: null, retriedAt: 'x' } }),
    ).toEqual([]);
  });

  it('accepts node runs with their tries and log lines, or without them, and refuses them of another kind', () => {
    const completed = { ...nodeRun, status: 'success', outputItemCount: 1, output: null, outputRef: null };
    const logs = [{ level: 'error', message: 'bad row' }];
    expect(validateExecutionEvent({ type: 'ExecutionNodeCompleted', data: { ...completed, tries: 3, logs } })).toEqual([]);
    expect(validateExecutionEvent({ type: 'ExecutionNodeFailed', data: { ...nodeRun, status: 'error', error: { message: 'm' }, tries: 2, logs } })).toEqual([]);
    expect(validateExecutionEvent({ type: 'ExecutionNodeCompleted', data: { ...completed, tries: '3', logs: 'bad row' } })).toEqual([
      'tries must be number?',
      'logs must be array?',
    ]);
  });

  it('refuses wrong kinds, missing tenants and fields outside the contract', () => {
    expect(validateExecutionEvent({ type: 'ExecutionQueued', data: { ...queued, input: {} } })).toEqual(['input must be array|null']);
    expect(validateExecutionEvent({ type: 'ExecutionQueued', data: { ...queued, inputItemCount: '1' } })).toEqual(['inputItemCount must be number|null']);
    expect(validateExecutionEvent({ type: 'ExecutionNodeFailed', data: { ...nodeRun, status: 'error', error: { message: 'm' }, credentialIds: 'c' } })).toEqual(
      ['credentialIds must be array'],
    );
    expect(
      validateExecutionEvent({ type: 'ExecutionCanceled', data: { executionId: 'e', reason: null, canceledBy: null, canceledAt: 'x', durationMs: null } }),
    ).toEqual(['organizationId must be string']);
    expect(validateExecutionEvent({ type: 'ExecutionTimedOut', data: [] })).toEqual(['data must be an object']);
  });

  it('refuses any checkpoint: the engine state is not published', () => {
    const checkpointed = {
      type: 'ExecutionCheckpointed',
      data: { ...ids, lease: 1, checkpoint: { stack: [] }, checkpointRef: null, nodeRunCount: 1, checkpointedAt: 'x' },
    };
    expect(validateExecutionEvent(checkpointed)).toEqual(['ExecutionCheckpointed is not a public execution event']);
    expect(
      validateExecutionEvent({
        type: 'ExecutionWaiting',
        data: { ...ids, lease: 1, waitingOn: { nodeId: 'w', until: null, webhook: true }, waitingSince: 'x', checkpoint: {} },
      }),
    ).toEqual(['checkpoint is not part of the contract']);
  });

  it('accepts the published form of the public events', () => {
    const published = publishedForm({ type: 'ExecutionQueued', data: queued });
    expect(published).not.toBeNull();
    expect(validateExecutionEvent(published ?? { type: 'none', data: {} })).toEqual([]);
  });

  it('versions every public event type and knows no others', () => {
    expect(Object.keys(executionEventSchemaVersions)).toHaveLength(11);
    for (const type of Object.keys(executionEventSchemaVersions)) expect(isPublicExecutionEventType(type)).toBe(true);
    expect(isPublicExecutionEventType('ExecutionCheckpointed')).toBe(false);
  });
});
