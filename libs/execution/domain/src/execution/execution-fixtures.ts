import { type OrganizationRole } from '@weft/kernel';
import { type ExecutionCommand, type NodeRunReport } from './execution-commands.js';
import { type ExecutionEvent } from './execution-events.js';

// Test data shared by the Execution specs (not exported from the library).
export const orgId = 'org-1';
export const queuedAt = '2026-12-02T10:00:00.000Z';
export const now = new Date('2026-12-02T10:00:05.000Z');
export const at = now.toISOString();
export const ids = { executionId: 'exec-1', organizationId: orgId };
export const claim = { workerId: 'worker-a', lease: 1 };
export const usage = { cpuMs: 120, memoryBytes: 4096, networkBytes: 512 };
export const checkpoint = { version: 1, executionId: 'exec-1', stack: [], runData: {} };

type Options = { organizationId?: string; actorId?: string | null; at?: Date };

/** A command of `type` in `organizationId` (default org-1), by `actorId` (default none: the platform). */
export function command<T extends ExecutionCommand['type']>(
  type: T,
  data: Extract<ExecutionCommand, { type: T }>['data'],
  options: Options = {},
): ExecutionCommand {
  const { organizationId = orgId, actorId = null, at: time = now } = options;
  const metadata = { commandId: 'cmd-1', now: time, organizationId, ...(actorId === null ? {} : { actorId }) };
  return { type, data, metadata } as ExecutionCommand;
}

export const queue = (extra: Partial<Extract<ExecutionCommand, { type: 'QueueExecution' }>['data']> = {}, options: Options = {}) =>
  command(
    'QueueExecution',
    {
      executionId: 'exec-1',
      workflowId: 'wf-1',
      workflowVersion: 3,
      mode: 'webhook',
      triggerNodeId: 'hook',
      input: [{ json: { total: 1200 } }],
      authorityId: 'user-activator',
      ...extra,
    },
    { at: new Date(queuedAt), ...options },
  );

export const queued: ExecutionEvent = {
  type: 'ExecutionQueued',
  data: {
    ...ids,
    workflowId: 'wf-1',
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
    authorityId: 'user-activator',
    queuedAt,
  },
};

export const started = (
  lease = 1,
  workerId = 'worker-a',
  extra: { takeover?: boolean; previousWorkerId?: string | null; resumed?: boolean; startedAt?: string } = {},
): ExecutionEvent => ({
  type: 'ExecutionStarted',
  data: { ...ids, workerId, lease, takeover: false, previousWorkerId: null, resumed: false, startedAt: queuedAt, ...extra },
});

export const run = (nodeId: string, runIndex = 0, extra: Partial<NodeRunReport> = {}): NodeRunReport => ({
  nodeId,
  runIndex,
  status: 'success',
  startedAt: new Date('2026-12-02T10:00:01.000Z'),
  durationMs: 12,
  inputItemCount: 1,
  outputItemCount: 1,
  output: { main: [{ json: { ok: true } }] },
  credentialIds: ['cred-1'],
  ...extra,
});

export const completed = (nodeId: string, runIndex = 0): ExecutionEvent => ({
  type: 'ExecutionNodeCompleted',
  data: {
    ...ids,
    nodeId,
    runIndex,
    status: 'success',
    startedAt: '2026-12-02T10:00:01.000Z',
    durationMs: 12,
    inputItemCount: 1,
    outputItemCount: 1,
    output: { main: [{ json: { ok: true } }] },
    outputRef: null,
    credentialIds: ['cred-1'],
  },
});

export const checkpointed = (nodeRunCount: number, lease = 1): ExecutionEvent => ({
  type: 'ExecutionCheckpointed',
  data: { ...ids, lease, checkpoint, checkpointRef: null, nodeRunCount, checkpointedAt: at },
});

export const record = (runs: NodeRunReport[], by = claim, options: Options = {}) => command('RecordNodeRuns', { ...by, runs, checkpoint }, options);

export const waitingOn = { nodeId: 'wait', until: null, webhook: true };
export const waiting = (lease = 1): ExecutionEvent => ({ type: 'ExecutionWaiting', data: { ...ids, lease, waitingOn, waitingSince: at } });
export const resumed: ExecutionEvent = {
  type: 'ExecutionResumed',
  data: { ...ids, resumedBy: 'webhook', resumedWith: [{ json: { approved: true } }], resumedWithRef: null, resumedAt: at },
};

export const succeeded = (lease = 1): ExecutionEvent => ({
  type: 'ExecutionSucceeded',
  data: { ...ids, lease, output: [{ json: { ok: true } }], outputRef: null, lastNodeId: 'notify', usage, finishedAt: at, durationMs: 5000 },
});
export const failed: ExecutionEvent = {
  type: 'ExecutionFailed',
  data: { ...ids, lease: 1, error: { message: 'HTTP 500', nodeId: 'notify' }, willRetry: false, usage, finishedAt: at, durationMs: 5000 },
};
export const canceled: ExecutionEvent = { type: 'ExecutionCanceled', data: { ...ids, reason: null, canceledBy: 'user-1', canceledAt: at, durationMs: 5000 } };
export const timedOut: ExecutionEvent = { type: 'ExecutionTimedOut', data: { ...ids, timeoutMs: 5000, timedOutAt: at, durationMs: 5000 } };

/** Commands an organization member sends (`actorRole` member, actor user-1). */
export const asMember = (actorRole: OrganizationRole | null = 'member'): { actorRole: OrganizationRole | null } => ({ actorRole });
