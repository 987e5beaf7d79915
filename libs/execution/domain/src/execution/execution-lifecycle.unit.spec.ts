import { DeciderSpecification, SYSTEM_ACTOR, UserError, foldEvents } from '@weft/kernel';
import { type ExecutionCommand } from './execution-commands.js';
import { executionDecider } from './execution-decider.js';
import { type ExecutionEvent } from './execution-events.js';
import { EXECUTION_INLINE_PAYLOAD_MAX_LENGTH } from './execution-rules.js';
import { executionStreamId } from './execution-state.js';
import {
  asMember,
  at,
  canceled,
  checkpointed,
  claim,
  command,
  completed,
  failed,
  ids,
  queue,
  queued,
  queuedAt,
  record,
  resumed,
  run,
  started,
  succeeded,
  timedOut,
  waiting,
} from './execution-fixtures.js';

const spec = DeciderSpecification.for(executionDecider);
const withCode = (code: string) => (error: unknown) => error instanceof UserError && error.code === code;
const start = (workerId = 'worker-a', extra: { takeover?: boolean; previousWorkerId?: string | null } = {}) =>
  command('StartExecution', { workerId, ...extra });
const cancel = (actorRole = asMember(), actorId: string | null = 'user-1') => command('CancelExecution', actorRole, { actorId });
const retry = (retryExecutionId = 'exec-2', actorRole = asMember()) => command('RetryExecution', { ...actorRole, retryExecutionId }, { actorId: 'user-1' });
const running = [queued, started()];
const parked = [...running, completed('hook'), checkpointed(1), waiting()];

describe('Execution: queueing', () => {
  it('queues a run with its small input inline and its origin', () => {
    spec.given([]).when(queue()).then([queued]);
    const [manual] = spec
      .given([])
      .when(queue({ mode: 'manual', input: null, triggerNodeId: null }, { actorId: 'user-1' }))
      .events();
    expect(manual?.data).toMatchObject({ mode: 'manual', input: null, inputItemCount: null, triggerNodeId: null, queuedBy: 'user-1' });
  });

  it('records whose authority the run has over credentials, apart from who started it; runs recorded before it have none', () => {
    const [run] = spec
      .given([])
      .when(queue({ mode: 'manual', authorityId: 'user-author' }, { actorId: 'user-1' }))
      .events();
    expect(run?.data).toMatchObject({ queuedBy: 'user-1', authorityId: 'user-author' });
    expect(
      spec
        .given([])
        .when(queue({ authorityId: null }))
        .events()[0]?.data,
    ).toMatchObject({ authorityId: null });
    const { authorityId: _none, ...before } = (queued as Extract<typeof queued, { type: 'ExecutionQueued' }>).data;
    expect(foldEvents(executionDecider, [{ type: 'ExecutionQueued', data: before }])).toMatchObject({ authorityId: null });
  });

  it('records how many automatic retries the workflow allows (the reference max_retries), and refuses a negative count', () => {
    expect(
      spec
        .given([])
        .when(queue({ maxRetries: 3 }))
        .events()[0]?.data,
    ).toMatchObject({ maxRetries: 3 });
    spec
      .given([])
      .when(queue({ maxRetries: -1 }))
      .thenThrows(withCode('execution.maxRetries_invalid'));
  });

  it('carries a large input by reference, and refuses it inline', () => {
    const [byRef] = spec
      .given([])
      .when(queue({ input: null, inputRef: 'blob://in/exec-1', inputItemCount: 5000 }))
      .events();
    expect(byRef?.data).toMatchObject({ input: null, inputRef: 'blob://in/exec-1', inputItemCount: 5000 });
    const large = [{ json: { text: 'x'.repeat(EXECUTION_INLINE_PAYLOAD_MAX_LENGTH) } }];
    spec
      .given([])
      .when(queue({ input: large }))
      .thenThrows(withCode('execution.payload_too_large'));
    spec
      .given([])
      .when(queue({ inputRef: 'blob://in/exec-1' }))
      .thenThrows(withCode('execution.input_ambiguous'));
    spec
      .given([])
      .when(queue({ input: [{ total: 1 }] as never }))
      .thenThrows(withCode('execution.input_invalid'));
  });

  it('records retries and runs started by another execution', () => {
    const [retried] = spec
      .given([])
      .when(queue({ triggeredBy: 'retry', retryOf: 'exec-0', retryAttempt: 2 }))
      .events();
    expect(retried?.data).toMatchObject({ triggeredBy: 'retry', retryOf: 'exec-0', retryAttempt: 2, parentExecutionId: null });
    const [sub] = spec
      .given([])
      .when(queue({ mode: 'api', triggeredBy: 'sub-workflow', parentExecutionId: 'exec-parent' }))
      .events();
    expect(sub?.data).toMatchObject({ mode: 'api', triggeredBy: 'sub-workflow', parentExecutionId: 'exec-parent', retryOf: null });
  });

  it('refuses a bad version, mode or origin', () => {
    spec
      .given([])
      .when(queue({ workflowVersion: 0 }))
      .thenThrows(withCode('execution.workflow_version_invalid'));
    spec
      .given([])
      .when(queue({ mode: 'retry' as never }))
      .thenThrows(withCode('execution.mode_invalid'));
    spec
      .given([])
      .when(queue({ triggeredBy: 'cron' as never }))
      .thenThrows(withCode('execution.origin_invalid'));
    spec
      .given([])
      .when(queue({ triggeredBy: 'retry' }))
      .thenThrows(withCode('execution.origin_invalid'));
    spec
      .given([])
      .when(queue({ retryOf: 'exec-0', retryAttempt: 1 }))
      .thenThrows(withCode('execution.origin_invalid'));
    spec
      .given([])
      .when(queue({ triggeredBy: 'error-workflow' }))
      .thenThrows(withCode('execution.origin_invalid'));
    spec
      .given([])
      .when(queue({ parentExecutionId: 'exec-parent' }))
      .thenThrows(withCode('execution.origin_invalid'));
    spec
      .given([])
      .when(queue({ executionId: ' ' }))
      .thenThrows(withCode('execution.executionId_invalid'));
  });

  it('decides nothing when the same run is queued again, and refuses another under its id', () => {
    spec.given([queued]).when(queue()).then([]);
    spec.given([queued, started()]).when(queue()).then([]);
    spec
      .given([queued])
      .when(queue({ workflowVersion: 4 }))
      .thenThrows(withCode('execution.exists'));
    spec
      .given([queued])
      .when(queue({}, { organizationId: 'org-2' }))
      .thenThrows(withCode('execution.exists'));
  });

  it('names its stream in the execution context', () => {
    expect(executionStreamId('exec-1')).toBe('execution.Execution-exec-1');
  });
});

describe('Execution: claims by workers', () => {
  it('starts a queued run under lease 1; a re-delivered claim is a no-op', () => {
    spec
      .given([queued])
      .when(start())
      .then([started(1, 'worker-a', { startedAt: at })]);
    spec.given(running).when(start()).then([]);
  });

  it('refuses a second worker while the lease is live', () => {
    spec.given(running).when(start('worker-b')).thenThrows(withCode('execution.already_running'));
  });

  it('lets a worker take over an expired lease from the worker that held it, only', () => {
    const takeover = started(2, 'worker-b', { takeover: true, previousWorkerId: 'worker-a', startedAt: at });
    spec
      .given(running)
      .when(start('worker-b', { takeover: true, previousWorkerId: 'worker-a' }))
      .then([takeover]);
    spec
      .given([...running, takeover])
      .when(start('worker-c', { takeover: true, previousWorkerId: 'worker-a' }))
      .thenThrows(withCode('execution.lease_changed'));
    spec
      .given(running)
      .when(start('worker-b', { takeover: true }))
      .thenThrows(withCode('execution.lease_changed'));
  });

  it('resumes from the checkpoint after a wait, under the next lease', () => {
    spec
      .given([...parked, resumed])
      .when(start('worker-b'))
      .then([started(2, 'worker-b', { resumed: true, startedAt: at })]);
    spec.given(parked).when(start('worker-b')).thenThrows(withCode('execution.waiting'));
  });

  it('refuses to start a finished run', () => {
    for (const end of [succeeded(), failed, canceled, timedOut])
      spec
        .given([...running, end])
        .when(start())
        .thenThrows(withCode('execution.already_finished'));
  });
});

describe('Execution: waiting and resuming', () => {
  it('resumes on its webhook with the call as the Wait node’s items', () => {
    spec
      .given(parked)
      .when(command('ResumeExecution', { by: 'webhook', resumedWith: [{ json: { approved: true } }] }))
      .then([resumed]);
    expect(foldEvents(executionDecider, [...parked, resumed])).toMatchObject({ status: 'queued', waitingOn: null, lease: 1 });
  });

  it('resumes on its timer once due, not before', () => {
    const timer: ExecutionEvent = {
      type: 'ExecutionWaiting',
      data: { ...ids, lease: 1, waitingOn: { nodeId: 'wait', until: '2026-12-02T11:00:00.000Z', webhook: false }, waitingSince: at },
    };
    const history = [...running, checkpointed(0), timer];
    const [event] = spec
      .given(history)
      .when(command('ResumeExecution', { by: 'timer' }, { at: new Date('2026-12-02T11:00:00.000Z') }))
      .events();
    expect(event).toMatchObject({ type: 'ExecutionResumed', data: { resumedBy: 'timer', resumedWith: null, resumedAt: '2026-12-02T11:00:00.000Z' } });
    spec
      .given(history)
      .when(command('ResumeExecution', { by: 'timer' }))
      .thenThrows(withCode('execution.wait_not_due'));
    spec
      .given(history)
      .when(command('ResumeExecution', { by: 'webhook' }))
      .thenThrows(withCode('execution.not_waiting_for_webhook'));
    spec
      .given(parked)
      .when(command('ResumeExecution', { by: 'timer' }))
      .thenThrows(withCode('execution.wait_not_due'));
  });

  it('refuses to resume a run that is not waiting (a second resume call), or finished', () => {
    spec
      .given([...parked, resumed])
      .when(command('ResumeExecution', { by: 'webhook' }))
      .thenThrows(withCode('execution.not_waiting'));
    spec
      .given(running)
      .when(command('ResumeExecution', { by: 'webhook' }))
      .thenThrows(withCode('execution.not_waiting'));
    spec
      .given([...parked, canceled])
      .when(command('ResumeExecution', { by: 'webhook' }))
      .thenThrows(withCode('execution.already_finished'));
    spec
      .given(parked)
      .when(command('ResumeExecution', { by: 'email' as never }))
      .thenThrows(withCode('execution.resumed_by_invalid'));
  });
});

describe('Execution: cancel, timeout, retry', () => {
  it('cancels a queued, running or waiting run; canceling again is a no-op', () => {
    spec
      .given([queued])
      .when(cancel())
      .then([{ type: 'ExecutionCanceled', data: { ...ids, reason: null, canceledBy: 'user-1', canceledAt: at, durationMs: null } }]);
    spec.given(running).when(cancel()).then([canceled]);
    spec.given(parked).when(cancel()).then([canceled]);
    spec
      .given([...running, canceled])
      .when(cancel())
      .then([]);
    const [byPlatform] = spec
      .given(running)
      .when(command('CancelExecution', { actorRole: null, reason: ' workflow deleted ' }))
      .events();
    expect(byPlatform?.data).toMatchObject({ canceledBy: null, reason: 'workflow deleted' });
  });

  it('refuses to cancel a finished run, and actors without workflow:execute', () => {
    for (const end of [succeeded(), failed, timedOut])
      spec
        .given([...running, end])
        .when(cancel())
        .thenThrows(withCode('execution.already_finished'));
    spec
      .given(running)
      .when(cancel(asMember('auditor')))
      .thenThrows(withCode('execution.permission_denied'));
    spec
      .given(running)
      .when(cancel(asMember(null)))
      .thenThrows(withCode('execution.permission_denied'));
    spec
      .given(running)
      .when(command('CancelExecution', { actorRole: 'member', reason: 'x'.repeat(501) }, { actorId: 'user-1' }))
      .thenThrows(withCode('execution.reason_invalid'));
  });

  it('times out a run that is not finished: status error, reason timeout; again is a no-op', () => {
    spec
      .given(running)
      .when(command('TimeOutExecution', { timeoutMs: 5000 }))
      .then([timedOut]);
    spec
      .given(parked)
      .when(command('TimeOutExecution', { timeoutMs: 5000 }))
      .then([timedOut]);
    expect(foldEvents(executionDecider, [...running, timedOut])).toMatchObject({ status: 'error', errorReason: 'timeout', finishedAt: at });
    spec
      .given([...running, timedOut])
      .when(command('TimeOutExecution', { timeoutMs: 5000 }))
      .then([]);
    spec
      .given([...running, succeeded()])
      .when(command('TimeOutExecution', { timeoutMs: 5000 }))
      .thenThrows(withCode('execution.already_finished'));
    spec
      .given(running)
      .when(command('TimeOutExecution', { timeoutMs: 0 }))
      .thenThrows(withCode('execution.timeout_invalid'));
  });

  it('retries a failed or canceled run once, as its next attempt; the same retry again is a no-op', () => {
    const retried: ExecutionEvent = {
      type: 'ExecutionRetried',
      data: { ...ids, retryExecutionId: 'exec-2', retryAttempt: 1, retriedBy: 'user-1', retriedAt: at },
    };
    spec
      .given([...running, failed])
      .when(retry())
      .then([retried]);
    spec
      .given([...running, canceled])
      .when(retry())
      .then([retried]);
    spec
      .given([...running, failed, retried])
      .when(retry())
      .then([]);
    spec
      .given([...running, failed, retried])
      .when(retry('exec-3'))
      .thenThrows(withCode('execution.already_retried'));
    expect(foldEvents(executionDecider, [...running, failed, retried])).toMatchObject({ retriedAs: 'exec-2', retryAttempt: 0 });
    const second = { ...queued, data: { ...queued.data, triggeredBy: 'retry', retryOf: 'exec-0', retryAttempt: 1 } } as ExecutionEvent;
    const [next] = spec.given([second, started(), failed]).when(retry()).events();
    expect(next?.data).toMatchObject({ retryAttempt: 2 });
  });

  it('refuses to retry a run that did not fail, itself, or without workflow:execute', () => {
    spec
      .given([...running, succeeded()])
      .when(retry())
      .thenThrows(withCode('execution.not_retryable'));
    spec.given(running).when(retry()).thenThrows(withCode('execution.not_retryable'));
    spec
      .given([...running, failed])
      .when(retry('exec-1'))
      .thenThrows(withCode('execution.retry_execution_id_invalid'));
    spec
      .given([...running, failed])
      .when(retry('exec-2', asMember('auditor')))
      .thenThrows(withCode('execution.permission_denied'));
  });

  it("takes the platform's own commands (the kernel's SYSTEM_ACTOR) unchecked, and records them as nobody's", () => {
    const system = (c: ExecutionCommand) => ({ ...c, metadata: { ...c.metadata, actorId: SYSTEM_ACTOR.id, actorType: SYSTEM_ACTOR.type } }) as ExecutionCommand;
    const [retried] = spec
      .given([...running, failed])
      .when(system(command('RetryExecution', { actorRole: null, retryExecutionId: 'exec-2' })))
      .events();
    expect(retried?.data).toMatchObject({ retryExecutionId: 'exec-2', retriedBy: null });
    const [scheduled] = spec
      .given([])
      .when(system(queue({ mode: 'schedule' })))
      .events();
    expect(scheduled?.data).toMatchObject({ mode: 'schedule', queuedBy: null });
  });
});

describe('Execution: tenant isolation', () => {
  const foreign: ExecutionCommand[] = [
    command('StartExecution', { workerId: 'worker-a' }, { organizationId: 'org-2' }),
    record([run('hook')], claim, { organizationId: 'org-2' }),
    command('ParkExecution', { ...claim, waitingOn: { nodeId: 'wait', webhook: true }, checkpointRef: 'c' }, { organizationId: 'org-2' }),
    command('ResumeExecution', { by: 'webhook' }, { organizationId: 'org-2' }),
    command('SucceedExecution', { ...claim, usage: { cpuMs: 1, memoryBytes: 1, networkBytes: 1 } }, { organizationId: 'org-2' }),
    command('FailExecution', { claim, error: { message: 'x' } }, { organizationId: 'org-2' }),
    command('CancelExecution', { actorRole: 'owner' }, { organizationId: 'org-2', actorId: 'user-9' }),
    command('TimeOutExecution', { timeoutMs: 1 }, { organizationId: 'org-2' }),
    command('RetryExecution', { actorRole: 'owner', retryExecutionId: 'exec-2' }, { organizationId: 'org-2', actorId: 'user-9' }),
  ];

  it.each(foreign.map((c) => [c.type, c] as const))('reports another organization’s execution as not found (%s)', (_type, foreignCommand) => {
    spec.given(running).when(foreignCommand).thenThrows(withCode('execution.not_found'));
    spec
      .given([])
      .when({ ...foreignCommand, metadata: { ...foreignCommand.metadata, organizationId: 'org-1' } } as ExecutionCommand)
      .thenThrows(withCode('execution.not_found'));
  });

  it('keeps the queue time as given', () => {
    expect(foldEvents(executionDecider, [queued])).toMatchObject({ status: 'queued', queuedAt, lease: 0, workerId: null });
  });
});
