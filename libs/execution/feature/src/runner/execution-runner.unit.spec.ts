import { randomUUID } from 'node:crypto';
import { NodeRegistry, type NodeType, type WorkflowDefinition } from '@weft/engine-core';
import { executionStreamId } from '@weft/execution-domain';
import { type RunCredentialsProvider } from '@weft/ports';
import { MemoryEventStreamStore } from '@weft/testing';
import { type ExecutionPayloadStore } from './execution-payload-store.js';
import { ExecutionRunner } from './execution-runner.js';
import { ExecutionStream } from './execution-stream.js';
import { type RunRequest } from './run-request.js';

// The runner against an in-memory store: the cancel signal, the watchdog and the lease
// fencing, decided against real streams without a database.

class MemoryStore extends MemoryEventStreamStore {
  async types(executionId: string): Promise<string[]> {
    return (await this.readStream(executionStreamId(executionId))).map((event) => event.type);
  }
}

/** Resolves when `release` is called; sees its signal (`signals`) or ignores it (`deaf`). */
const gates: { release: () => void }[] = [];
const signals: AbortSignal[] = [];
const gate = (deaf: boolean): NodeType => ({
  type: deaf ? 'deafGate' : 'gate',
  execute: (ctx) =>
    new Promise((resolve, reject) => {
      signals.push(ctx.signal);
      gates.push({ release: () => resolve({ main: [...ctx.items] }) });
      if (!deaf) ctx.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
    }),
});
const trigger: NodeType = { type: 'trigger', trigger: true, execute: (ctx) => ({ main: [...ctx.items] }) };
const registry = new NodeRegistry([trigger, gate(false), gate(true)]);
const credentials: RunCredentialsProvider = {
  forRun: () => ({ resolve: () => Promise.reject(new Error('none')), verify: () => Promise.resolve(), used: new Set<string>() }),
};
const payloads = {
  inlineOrRef: (_o: string, _e: string, _k: string, value: unknown) => Promise.resolve({ inline: value, ref: null, length: JSON.stringify(value).length }),
} as unknown as ExecutionPayloadStore;
const organizationId = randomUUID();
const limits = { maxRunMs: 60_000, graceMs: 5_000 };

const workflow = (node: 'gate' | 'deafGate' | null): WorkflowDefinition => ({
  nodes: [{ id: 'start', type: 'trigger', position: { x: 0, y: 0 } }, ...(node ? [{ id: 'slow', type: node, position: { x: 200, y: 0 } }] : [])],
  connections: node ? [{ source: 'start', target: 'slow' }] : [],
});

function setUp(workerId = 'w1') {
  const store = new MemoryStore();
  const runner = new ExecutionRunner(store, { registry, services: {}, egressAllowList: [] }, credentials, payloads, {
    workerId,
    checkpointIntervalMs: 25,
    watchdog: limits,
  });
  return { store, runner };
}

const request = (definition: WorkflowDefinition): RunRequest => ({
  executionId: randomUUID(),
  organizationId,
  workflowId: randomUUID(),
  version: 1,
  definition,
  authorityId: randomUUID(),
  mode: 'manual',
  triggerNodeId: 'start',
  items: [{ json: {} }],
  actorId: null,
});

/** Queues the run durably (as the execution service does), returning the stream the runner will use. */
async function queued(runner: ExecutionRunner, run: RunRequest): Promise<ExecutionStream> {
  const stream = await runner.queue(run);
  await stream.flush();
  return stream;
}

async function cancel(store: MemoryStore, executionId: string): Promise<void> {
  const stream = await ExecutionStream.load(store, executionId, organizationId);
  stream.decide({ type: 'CancelExecution', data: { actorRole: 'owner' }, metadata: { actorId: randomUUID() } });
  await stream.flush();
}

const until = async (condition: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  if (!condition()) throw new Error('timed out');
};

afterEach(() => {
  gates.length = 0;
  signals.length = 0;
});

it('a cancel recorded after the worker loaded the run, which it then runs to success: its stale writes are refused, the run stays canceled', async () => {
  const { store, runner } = setUp();
  const run = request(workflow(null));
  const stream = await queued(runner, run);
  await cancel(store, run.executionId);
  // The worker decides on the state it loaded (queued); the append meets the canceled stream (expected version) and is decided again: refused.
  const outcome = await runner.run(stream, run);
  expect(outcome.result.status).toBe('success');
  expect(await store.types(run.executionId)).toEqual(['ExecutionQueued', 'ExecutionCanceled']);
});

it('a cancel signal that arrives before the run starts here stops it as soon as it starts, recording nothing after the cancel', async () => {
  const { store, runner } = setUp();
  const run = request(workflow('gate'));
  const stream = await queued(runner, run);
  await cancel(store, run.executionId);
  runner.abort(run.executionId);
  const outcome = await runner.run(stream, run);
  expect(outcome.result.status).toBe('canceled');
  expect(await store.types(run.executionId)).toEqual(['ExecutionQueued', 'ExecutionCanceled']);
});

it('a cancel of a run in flight aborts its node’s signal; the claim written meanwhile stays, nothing after the cancel', async () => {
  const { store, runner } = setUp();
  const run = request(workflow('gate'));
  const stream = await queued(runner, run);
  const running = runner.run(stream, run);
  await until(() => signals.length === 1);
  // A run going for a while writes its claim (the watchdog tick), so it shows as running on this worker.
  runner.watch(Date.now() + 1_000);
  await until(() => runner.isRunning(run.executionId));
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(await store.types(run.executionId)).toEqual(['ExecutionQueued', 'ExecutionStarted']);
  await cancel(store, run.executionId);
  runner.abort(run.executionId);
  expect(signals[0]!.aborted).toBe(true);
  expect((await running).result.status).toBe('canceled');
  expect(await store.types(run.executionId)).toEqual(['ExecutionQueued', 'ExecutionStarted', 'ExecutionCanceled']);
});

it('the watchdog aborts a run without progress and records it failed (a node that honours its signal)', async () => {
  const { store, runner } = setUp();
  const run = request(workflow('gate'));
  const running = runner.run(await queued(runner, run), run);
  await until(() => signals.length === 1);
  expect(runner.watch(Date.now() + 59_000)).toEqual({ stalled: [], abandoned: [] });
  expect(runner.watch(Date.now() + 61_000).stalled).toEqual([run.executionId]);
  const outcome = await running;
  expect(outcome.result).toMatchObject({ status: 'error', error: { name: 'ExecutionStalledError' } });
  const types = await store.types(run.executionId);
  expect(types.filter((type) => type === 'ExecutionFailed')).toHaveLength(1);
  expect(types.at(-1)).toBe('ExecutionFailed');
});

it('a node that ignores its signal is left behind after the grace: the run is recorded failed, the slot freed, the node’s late end writes nothing', async () => {
  const { store, runner } = setUp();
  const run = request(workflow('deafGate'));
  const running = runner.run(await queued(runner, run), run);
  await until(() => signals.length === 1);
  const now = Date.now();
  expect(runner.watch(now + 61_000).stalled).toEqual([run.executionId]);
  expect(runner.watch(now + 61_000 + 4_000).abandoned).toEqual([]);
  expect(runner.watch(now + 61_000 + 6_000).abandoned).toEqual([run.executionId]);
  const outcome = await running;
  expect(outcome.result).toMatchObject({
    status: 'error',
    error: { name: 'ExecutionStalledError', message: expect.stringContaining('did not stop within the grace') },
  });
  expect(runner.isRunning(run.executionId)).toBe(false);
  const recorded = await store.types(run.executionId);
  gates[0]!.release();
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(await store.types(run.executionId)).toEqual(recorded);
  expect(recorded.filter((type) => type === 'ExecutionFailed')).toHaveLength(1);
});

it('a takeover (lease + 1) fences the old worker: its late success is refused', async () => {
  const { store, runner } = setUp('w1');
  const run = request(workflow('deafGate'));
  const running = runner.run(await queued(runner, run), run);
  await until(() => signals.length === 1);
  runner.watch(Date.now() + 1_000);
  await new Promise((resolve) => setTimeout(resolve, 20));
  // Another worker takes the run over (its holder recorded nothing for too long).
  const other = await ExecutionStream.load(store, run.executionId, organizationId);
  other.decide({ type: 'StartExecution', data: { workerId: 'w2', takeover: true, previousWorkerId: 'w1' } });
  await other.flush();
  gates[0]!.release();
  await expect(running).rejects.toMatchObject({ code: 'execution.lease_lost' });
  expect(await store.types(run.executionId)).toEqual(['ExecutionQueued', 'ExecutionStarted', 'ExecutionStarted']);
});

it('a run the read model shows held elsewhere is released: it stops without recording', async () => {
  const { store, runner } = setUp('w1');
  const run = request(workflow('gate'));
  const running = runner.run(await queued(runner, run), run);
  await until(() => signals.length === 1);
  expect(runner.held()).toEqual([{ executionId: run.executionId, lease: 1 }]);
  runner.release(run.executionId, 'lost');
  await expect(running).rejects.toMatchObject({ code: 'execution.lease_lost' });
  expect(signals[0]!.aborted).toBe(true);
  expect(await store.types(run.executionId)).toEqual(['ExecutionQueued']);
});
