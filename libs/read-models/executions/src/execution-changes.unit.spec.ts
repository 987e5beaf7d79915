import { type RecordedEvent } from '@weft/kernel';
import { foldExecutionChanges } from './execution-changes.js';

// The fold alone: what one batch changes per execution. That the merge of such changes
// gives the same rows as one event at a time is the int spec's (executions-projection).

const id = 'e1';
let version = -1;
const event = (type: string, data: Record<string, unknown> = {}, streamVersion = (version += 1)): RecordedEvent =>
  ({ type, streamVersion, streamId: `execution.Execution-${id}`, data: { executionId: id, organizationId: 'o1', ...data } }) as unknown as RecordedEvent;

beforeEach(() => {
  version = -1;
});

describe('foldExecutionChanges', () => {
  it('folds a whole run into its final status, first start, highest lease, node runs and ending', () => {
    const [change] = foldExecutionChanges([
      event('ExecutionQueued', { queuedAt: '2026-12-01T00:00:00Z', workflowId: 'w1' }),
      event('ExecutionStarted', { lease: 1, workerId: 'a', startedAt: '2026-12-01T00:00:02Z' }),
      event('ExecutionNodeCompleted', { credentialIds: ['c2', 'c1'] }),
      event('ExecutionStarted', { lease: 2, workerId: 'b', startedAt: '2026-12-01T00:00:05Z' }),
      event('ExecutionNodeFailed', { credentialIds: ['c1'] }),
      event('ExecutionFailed', { error: { message: 'boom' }, willRetry: true, usage: null, finishedAt: '2026-12-01T00:00:06Z', durationMs: 4 }),
    ]);
    expect(change).toMatchObject({
      status: { status: 'error', engineStatus: 'error', waitingUntil: null, version: 5 },
      startedAt: '2026-12-01T00:00:02Z',
      lease: { lease: 2, workerId: 'b' },
      ending: { error: { message: 'boom', willRetry: true }, errorMessage: 'boom', errorReason: 'failed', durationMs: 4 },
    });
    expect(change?.queued).toMatchObject({ workflowId: 'w1', version: 0 });
    expect([...change!.nodeRuns]).toEqual([2, 4]);
    expect([...change!.credentialIds].sort()).toEqual(['c1', 'c2']);
  });

  it('keeps the status of the highest stream version when a late copy of an earlier event follows', () => {
    const done = event(
      'ExecutionSucceeded',
      { output: [], outputRef: null, lastNodeId: 'n', usage: { cpuMs: 1 }, finishedAt: '2026-12-01T00:00:01Z', durationMs: 1 },
      3,
    );
    const [change] = foldExecutionChanges([done, event('ExecutionStarted', { lease: 1, workerId: 'a', startedAt: '2026-12-01T00:00:00Z' }, 1)]);
    expect(change?.status).toMatchObject({ status: 'success', version: 3 });
    expect(change?.queued).toBeUndefined();
    expect(change?.ending?.usage).toEqual({ cpuMs: 1 });
  });

  it('counts a redelivered node run once and shows a resumed run as waiting, queued for a worker', () => {
    const node = event('ExecutionNodeCompleted', { credentialIds: [] });
    const [change] = foldExecutionChanges([
      node,
      node,
      event('ExecutionWaiting', { waitingOn: { nodeId: 'w', until: '2026-12-02T00:00:00Z', webhook: false } }),
      event('ExecutionResumed'),
    ]);
    expect(change?.nodeRuns.size).toBe(1);
    expect(change?.status).toEqual({ status: 'waiting', engineStatus: 'queued', waitingUntil: null, version: 2 });
  });

  it('names the retry and ignores what is not an execution change', () => {
    const changes = foldExecutionChanges([event('ExecutionCheckpointed'), event('ExecutionRetried', { retryExecutionId: 'e2' })]);
    expect(changes).toHaveLength(1);
    expect(changes[0]?.retriedAs).toBe('e2');
    expect(changes[0]?.status).toBeUndefined();
  });
});
