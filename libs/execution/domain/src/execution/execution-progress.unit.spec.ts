import { DeciderSpecification, UserError, foldEvents } from '@weft/kernel';
import { executionDecider } from './execution-decider.js';
import { type ExecutionEvent } from './execution-events.js';
import {
  EXECUTION_ERROR_TEXT_MAX_LENGTH,
  EXECUTION_INLINE_PAYLOAD_MAX_LENGTH,
  EXECUTION_LOG_LINES_MAX,
  EXECUTION_LOG_TEXT_MAX_LENGTH,
} from './execution-rules.js';
import { type ExistingExecution } from './execution-state.js';
import {
  at,
  canceled,
  checkpoint,
  checkpointed,
  claim,
  command,
  completed,
  failed,
  ids,
  queued,
  record,
  resumed,
  run,
  started,
  succeeded,
  timedOut,
  usage,
  waiting,
  waitingOn,
} from './execution-fixtures.js';

const spec = DeciderSpecification.for(executionDecider);
const withCode = (code: string) => (error: unknown) => error instanceof UserError && error.code === code;
const running = [queued, started()];
const takenOver = [...running, started(2, 'worker-b', { takeover: true, previousWorkerId: 'worker-a' })];
const park = (by = claim, extra: object = {}) => command('ParkExecution', { ...by, waitingOn: { nodeId: 'wait', webhook: true }, checkpoint, ...extra });
const succeed = (by = claim) => command('SucceedExecution', { ...by, output: [{ json: { ok: true } }], lastNodeId: 'notify', usage });
const fail = (by: typeof claim | null = claim, message = 'HTTP 500') =>
  command('FailExecution', { claim: by, error: { message, nodeId: 'notify' }, usage: by === null ? null : usage });
const boom = { message: 'HTTP 500', name: 'NodeApiError', nodeId: 'notify' };

describe('Execution: recording node runs', () => {
  it('records each finished node run, then the checkpoint after them', () => {
    spec
      .given(running)
      .when(record([run('hook'), run('notify')]))
      .then([completed('hook'), completed('notify'), checkpointed(2)]);
  });

  it('records a failed node run with its error and the credentials it used, once each', () => {
    const [event] = spec
      .given(running)
      .when(record([run('notify', 0, { status: 'error', error: boom, output: null, credentialIds: ['cred-1', 'cred-1', 'cred-2'] })]))
      .events();
    expect(event).toEqual({
      type: 'ExecutionNodeFailed',
      data: {
        ...ids,
        nodeId: 'notify',
        runIndex: 0,
        status: 'error',
        startedAt: '2026-12-02T10:00:01.000Z',
        durationMs: 12,
        inputItemCount: 1,
        error: boom,
        credentialIds: ['cred-1', 'cred-2'],
      },
    });
  });

  it('records the tries and log lines a node run reports, and no field at all for one try and no lines', () => {
    const logs = [
      { level: 'info' as const, message: 'count 2' },
      { level: 'error' as const, message: 'bad row' },
    ];
    const [done, broken, quiet] = spec
      .given(running)
      .when(
        record([
          run('code', 0, { tries: 3, logs }),
          run('http', 0, { status: 'error', error: boom, output: null, tries: 2, logs: [logs[1]!] }),
          run('set', 0, { tries: 1, logs: [] }),
        ]),
      )
      .events();
    expect(done?.data).toMatchObject({ nodeId: 'code', status: 'success', tries: 3, logs });
    expect(broken?.data).toMatchObject({ nodeId: 'http', status: 'error', tries: 2, logs: [logs[1]] });
    expect(quiet?.data).not.toHaveProperty('tries');
    expect(quiet?.data).not.toHaveProperty('logs');
  });

  it('keeps a node run recordable whatever its log holds: unknown levels, unstorable text, too many or too long lines are bounded', () => {
    const flood = Array.from({ length: EXECUTION_LOG_LINES_MAX + 50 }, (_, i) => ({ level: 'warn' as const, message: `line ${i}` }));
    const odd = [
      { level: 'trace' as unknown as 'info', message: 'a\u0000b\ud800' },
      { level: 'debug' as const, message: 'x'.repeat(EXECUTION_ERROR_TEXT_MAX_LENGTH + 10) },
    ];
    const [many, strange] = spec
      .given(running)
      .when(record([run('a', 0, { logs: flood }), run('b', 0, { logs: odd })]))
      .events();
    const logsOf = (event: ExecutionEvent | undefined) => (event?.data as { logs?: { level: string; message: string }[] }).logs ?? [];
    expect(logsOf(many)).toHaveLength(EXECUTION_LOG_LINES_MAX);
    expect(logsOf(strange)).toEqual([
      { level: 'info', message: 'a\ufffdb\ufffd' },
      { level: 'debug', message: 'x'.repeat(EXECUTION_ERROR_TEXT_MAX_LENGTH) },
    ]);
    const huge = Array.from({ length: 40 }, () => ({ level: 'info' as const, message: 'y'.repeat(EXECUTION_ERROR_TEXT_MAX_LENGTH) }));
    const [bounded] = spec
      .given(running)
      .when(record([run('c', 0, { logs: huge })]))
      .events();
    const kept = logsOf(bounded);
    expect(kept.reduce((sum, line) => sum + line.message.length, 0)).toBe(EXECUTION_LOG_TEXT_MAX_LENGTH);
    expect(() =>
      spec
        .given(running)
        .when(record([run('d', 0, { tries: 1.5 })]))
        .events(),
    ).toThrow(/tries/);
  });

  it('decides nothing for runs already recorded (same node, same run index), and only the new ones otherwise', () => {
    const history = [...running, completed('hook'), checkpointed(1)];
    spec
      .given(history)
      .when(record([run('hook')]))
      .then([]);
    spec
      .given(history)
      .when(record([run('hook'), run('hook', 1)]))
      .then([completed('hook', 1), checkpointed(2)]);
  });

  it('decides nothing for a zombie’s or a finished run’s repeats, and refuses their new runs', () => {
    const afterTakeover = [...takenOver, completed('hook'), checkpointed(1, 2)];
    spec
      .given(afterTakeover)
      .when(record([run('hook')]))
      .then([]);
    spec
      .given(afterTakeover)
      .when(record([run('notify')]))
      .thenThrows(withCode('execution.lease_lost'));
    spec
      .given(running)
      .when(record([run('hook')], { workerId: 'worker-b', lease: 1 }))
      .thenThrows(withCode('execution.lease_lost'));
    const finished = [...running, completed('hook'), checkpointed(1), succeeded()];
    spec
      .given(finished)
      .when(record([run('hook')]))
      .then([]);
    spec
      .given(finished)
      .when(record([run('notify')]))
      .thenThrows(withCode('execution.already_finished'));
    spec
      .given([queued])
      .when(record([run('hook')]))
      .thenThrows(withCode('execution.not_running'));
    spec
      .given([...running, checkpointed(0), waiting()])
      .when(record([run('hook')]))
      .thenThrows(withCode('execution.not_running'));
  });

  it('refuses malformed reports', () => {
    spec.given(running).when(record([])).thenThrows(withCode('execution.node_runs_empty'));
    spec
      .given(running)
      .when(record([run('hook'), run('hook')]))
      .thenThrows(withCode('execution.node_run_duplicate'));
    spec
      .given(running)
      .when(record([run('hook', -1)]))
      .thenThrows(withCode('execution.runIndex_invalid'));
    spec
      .given(running)
      .when(record([run('hook', 0, { status: 'error' })]))
      .thenThrows(withCode('execution.node_error_missing'));
    spec
      .given(running)
      .when(record([run('hook', 0, { status: 'skipped' as never })]))
      .thenThrows(withCode('execution.node_status_invalid'));
    spec
      .given(running)
      .when(record([run('hook', 0, { durationMs: -1 })]))
      .thenThrows(withCode('execution.duration_invalid'));
    spec
      .given(running)
      .when(record([run('hook', 0, { startedAt: new Date('nope') })]))
      .thenThrows(withCode('execution.started_at_invalid'));
    spec
      .given(running)
      .when(command('RecordNodeRuns', { ...claim, runs: [run('hook')] }))
      .thenThrows(withCode('execution.checkpoint_invalid'));
    spec
      .given(running)
      .when(command('RecordNodeRuns', { ...claim, runs: [run('hook')], checkpoint, checkpointRef: 'c' }))
      .thenThrows(withCode('execution.checkpoint_invalid'));
  });

  it('keeps a large output out of the event: by reference only', () => {
    const large = { main: [{ json: { text: 'x'.repeat(EXECUTION_INLINE_PAYLOAD_MAX_LENGTH) } }] };
    spec
      .given(running)
      .when(record([run('hook', 0, { output: large })]))
      .thenThrows(withCode('execution.payload_too_large'));
    const [event] = spec
      .given(running)
      .when(record([run('hook', 0, { output: null, outputRef: 'blob://out/hook-0', outputItemCount: 900 })]))
      .events();
    expect(event?.data).toMatchObject({ output: null, outputRef: 'blob://out/hook-0', outputItemCount: 900 });
    const [viaRef] = spec
      .given(running)
      .when(command('RecordNodeRuns', { ...claim, runs: [run('hook')], checkpointRef: 'blob://cp/1' }))
      .events()
      .slice(-1);
    expect(viaRef?.data).toMatchObject({ checkpoint: null, checkpointRef: 'blob://cp/1' });
  });
});

describe('Execution: parking, success and failure', () => {
  it('parks a run with its checkpoint; the same wait again is a no-op', () => {
    spec
      .given(running)
      .when(park())
      .then([checkpointed(0), waiting()]);
    spec
      .given([...running, checkpointed(0), waiting()])
      .when(park())
      .then([]);
    const [, timer] = spec
      .given(running)
      .when(park(claim, { waitingOn: { nodeId: 'wait', until: new Date('2026-12-03T00:00:00Z'), webhook: false } }))
      .events();
    expect(timer?.data).toMatchObject({ waitingOn: { nodeId: 'wait', until: '2026-12-03T00:00:00.000Z', webhook: false } });
    expect(foldEvents(executionDecider, [...running, checkpointed(0), waiting()])).toMatchObject({ status: 'waiting', waitingOn, checkpoint });
  });

  it('refuses a park without a timer or a webhook, or from a lost lease', () => {
    spec
      .given(running)
      .when(park(claim, { waitingOn: { nodeId: 'wait', webhook: false } }))
      .thenThrows(withCode('execution.waiting_on_invalid'));
    spec.given(takenOver).when(park()).thenThrows(withCode('execution.lease_lost'));
    spec
      .given([...running, canceled])
      .when(park())
      .thenThrows(withCode('execution.already_finished'));
  });

  it('succeeds under the current claim with output, duration and usage; a repeat is a no-op', () => {
    spec.given(running).when(succeed()).then([succeeded()]);
    spec
      .given([...running, succeeded()])
      .when(succeed())
      .then([]);
    expect(foldEvents(executionDecider, [...running, succeeded()])).toMatchObject({ status: 'success', finishedAt: at, startedAt: '2026-12-02T10:00:00.000Z' });
  });

  it('refuses success from a lost lease, after a cancel or timeout, or with bad usage', () => {
    spec.given(takenOver).when(succeed()).thenThrows(withCode('execution.lease_lost'));
    spec
      .given([...running, canceled])
      .when(succeed())
      .thenThrows(withCode('execution.already_finished'));
    spec
      .given([...running, timedOut])
      .when(succeed())
      .thenThrows(withCode('execution.already_finished'));
    spec
      .given([...running, succeeded()])
      .when(succeed({ workerId: 'worker-a', lease: 2 }))
      .thenThrows(withCode('execution.already_finished'));
    spec
      .given(running)
      .when(command('SucceedExecution', { ...claim, usage: { cpuMs: -1, memoryBytes: 0, networkBytes: 0 } }))
      .thenThrows(withCode('execution.usage_invalid'));
  });

  it('fails under the current claim; the same failure again is a no-op, another one is refused', () => {
    spec.given(running).when(fail()).then([failed]);
    spec
      .given([...running, failed])
      .when(fail())
      .then([]);
    spec
      .given([...running, failed])
      .when(fail(claim, 'other'))
      .thenThrows(withCode('execution.already_finished'));
    spec.given(takenOver).when(fail()).thenThrows(withCode('execution.lease_lost'));
    const [retrying] = spec
      .given(running)
      .when(command('FailExecution', { claim, error: { message: 'x' }, willRetry: true }))
      .events();
    expect(retrying?.data).toMatchObject({ willRetry: true, usage: null });
  });

  it('lets the service fail a queued or waiting run, never one a worker runs', () => {
    const [unrunnable] = spec.given([queued]).when(fail(null)).events();
    expect(unrunnable?.data).toMatchObject({ lease: null, durationMs: null, error: { message: 'HTTP 500' } });
    spec
      .given([...running, checkpointed(0), waiting()])
      .when(fail(null))
      .then([{ ...failed, data: { ...failed.data, lease: null, usage: null } } as ExecutionEvent]);
    spec.given(running).when(fail(null)).thenThrows(withCode('execution.running'));
    spec
      .given([...running, succeeded()])
      .when(fail(null))
      .thenThrows(withCode('execution.already_finished'));
  });

  it('records any error, its texts truncated and unknown fields dropped', () => {
    const long = 'e'.repeat(EXECUTION_ERROR_TEXT_MAX_LENGTH + 10);
    const [event] = spec
      .given(running)
      .when(command('FailExecution', { claim, error: { message: long, stack: 'at x' } as never }))
      .events();
    expect(event?.data).toMatchObject({ error: { message: long.slice(0, EXECUTION_ERROR_TEXT_MAX_LENGTH) } });
    expect((event?.data as { error: object }).error).not.toHaveProperty('stack');
    const [blank] = spec
      .given(running)
      .when(command('FailExecution', { claim, error: { message: ' ' } }))
      .events();
    expect(blank?.data).toMatchObject({ error: { message: 'Unknown error' } });
  });
});

describe('Execution: a whole run across two workers', () => {
  it('folds to the state another worker resumes from', () => {
    const events: ExecutionEvent[] = [
      queued,
      started(),
      completed('hook'),
      checkpointed(1),
      waiting(),
      resumed,
      started(2, 'worker-b', { resumed: true }),
      completed('notify'),
      checkpointed(2, 2),
      succeeded(2),
    ];
    const state = foldEvents(executionDecider, events) as ExistingExecution;
    expect(state).toMatchObject({
      status: 'success',
      lease: 2,
      workerId: 'worker-b',
      nodeRuns: ['hook#0', 'notify#0'],
      checkpoint,
      startedAt: '2026-12-02T10:00:00.000Z',
      finishedAt: at,
    });
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });
});

describe('Execution: node runs reported with the outcome', () => {
  it('records the final runs and the success in one decision, without a checkpoint', () => {
    const finish = command('SucceedExecution', { ...claim, output: [{ json: { ok: true } }], lastNodeId: 'notify', usage, runs: [run('hook'), run('notify')] });
    spec
      .given(running)
      .when(finish)
      .then([completed('hook'), completed('notify'), succeeded()]);
  });

  it('skips final runs already recorded by an earlier checkpoint', () => {
    const finish = command('SucceedExecution', { ...claim, output: [{ json: { ok: true } }], lastNodeId: 'notify', usage, runs: [run('hook'), run('notify')] });
    spec
      .given([...running, completed('hook'), checkpointed(1)])
      .when(finish)
      .then([completed('notify'), succeeded()]);
  });

  it('records the failing run with the failure, and nothing from the service (no claim)', () => {
    const failing = run('notify', 0, { status: 'error', error: boom, output: null });
    const events = spec
      .given(running)
      .when(command('FailExecution', { claim, error: boom, usage, runs: [run('hook'), failing] }))
      .events();
    expect(events.map((e) => e.type)).toEqual(['ExecutionNodeCompleted', 'ExecutionNodeFailed', 'ExecutionFailed']);
    const fromService = spec
      .given([queued])
      .when(command('FailExecution', { claim: null, error: boom, runs: [run('hook')] }))
      .events();
    expect(fromService.map((e) => e.type)).toEqual(['ExecutionFailed']);
  });
});
