import { type Item } from '../items.js';
import { type ActivationScope, runActivation } from './activation.js';
import { toErrorInfo, WorkflowTimeoutError } from './errors.js';
import { type ResumeInput, type RunOptions, type StartInput } from './options.js';
import { byPosition, prepareWorkflow, type PreparedWorkflow } from './prepared.js';
import { enqueueChildren, releasePending } from './scheduler.js';
import { type Checkpoint, type NodeRun, type RunResult, type RunUsage } from './state.js';

/**
 * Runs a workflow from its trigger. The workflow must have passed `validateWorkflow`.
 * Resolves with the run's outcome; never rejects for node errors.
 */
export async function runWorkflow(options: RunOptions, input: StartInput = {}): Promise<RunResult> {
  const graph = prepareWorkflow(options.workflow, options.registry);
  const startNodeId = input.startNodeId ?? findStartNode(graph);
  const state: Checkpoint = {
    version: 1,
    executionId: options.executionId,
    mode: options.mode ?? 'manual',
    startedAt: options.clock.now(),
    status: 'running',
    stack: [{ nodeId: startNodeId, inputs: { main: input.items ?? [{ json: {} }] } }],
    pending: {},
    runData: {},
    executed: [],
    nodeState: {},
    logs: [],
  };
  return await drive(graph, state, options);
}

/**
 * Continues a run from a checkpoint (after a crash, a cancel or a `wait`). Resuming from
 * any checkpoint yields the same result as the uninterrupted run.
 */
export async function resumeWorkflow(options: RunOptions, resume: ResumeInput): Promise<RunResult> {
  const graph = prepareWorkflow(options.workflow, options.registry);
  // A checkpoint is plain JSON (stored as such between runs). Not structuredClone: it overflows V8's stack near 1,600 levels of nesting, JSON.stringify near 4,400.
  const state = JSON.parse(JSON.stringify(resume.checkpoint)) as Checkpoint;
  let resumedWith: Item[] | undefined;
  if (state.status === 'waiting' && state.waitingOn) {
    const waiting = state.stack[0];
    const runs = state.runData[state.waitingOn.nodeId];
    if (runs?.at(-1)?.status === 'waiting') {
      runs.pop();
      state.executed.pop();
    }
    resumedWith = resume.resumeItems ?? waiting?.inputs['main'] ?? [];
    delete state.waitingOn;
  }
  state.status = 'running';
  delete state.error;
  return await drive(graph, state, options, resumedWith);
}

function findStartNode(graph: PreparedWorkflow): string {
  const nodes = [...graph.nodes.values()].sort((a, b) => byPosition(a.definition, b.definition));
  const start = nodes.find((node) => node.type.trigger) ?? nodes.find((node) => node.connectedInputs.size === 0) ?? nodes[0];
  if (!start) throw new Error('workflow has no nodes');
  return start.definition.id;
}

/** The reason a finished run's timeout timer is stopped with. */
const RUN_ENDED = 'run ended';

async function drive(graph: PreparedWorkflow, state: Checkpoint, options: RunOptions, resumedWith?: Item[]): Promise<RunResult> {
  const controller = new AbortController();
  const forward = (): void => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) forward();
  options.signal?.addEventListener('abort', forward, { once: true });
  const timeout = graph.definition.settings?.timeout;
  // Only a run with a timeout gets a timer (aborting one without a reason builds a DOMException: measurable per run).
  const timer = timeout ? new AbortController() : undefined;
  if (timer && timeout) {
    options.clock.timer(timeout, timer.signal).then(
      () => controller.abort(new WorkflowTimeoutError(`workflow timed out after ${timeout} ms`)),
      () => undefined,
    );
  }
  try {
    await loop({ graph, state, options, signal: controller.signal }, resumedWith);
  } finally {
    timer?.abort(RUN_ENDED);
    options.signal?.removeEventListener('abort', forward);
  }
  if (state.status === 'running') state.status = 'success';
  return toResult(graph, state, options);
}

async function loop(scope: ActivationScope, resumedWith: Item[] | undefined): Promise<void> {
  const { graph, state, options, signal } = scope;
  let resumeItems = resumedWith;
  for (;;) {
    if (state.stack.length === 0) {
      if (Object.keys(state.pending).length === 0) return;
      releasePending(graph, state, true);
    }
    if (signal.aborted) return stopForAbort(state, signal);
    const activation = state.stack[0]!;
    const outcome = await runActivation(scope, activation, resumeItems);
    resumeItems = undefined;
    if (outcome.kind === 'aborted') return stopForAbort(state, signal);
    if (outcome.kind === 'wait') {
      state.status = 'waiting';
      options.onCheckpoint?.(state);
      return;
    }
    if (outcome.kind === 'stop') {
      state.status = 'error';
      options.onCheckpoint?.(state);
      return;
    }
    state.stack.shift();
    enqueueChildren(graph, state, graph.nodes.get(activation.nodeId)!, outcome.outputs);
    options.onCheckpoint?.(state);
  }
}

function stopForAbort(state: Checkpoint, signal: AbortSignal): void {
  if (signal.reason instanceof WorkflowTimeoutError) {
    state.status = 'error';
    state.error = toErrorInfo(signal.reason);
  } else state.status = 'canceled';
}

function toResult(graph: PreparedWorkflow, state: Checkpoint, options: RunOptions): RunResult {
  const lastNodeId = state.executed.at(-1);
  const lastRun = lastNodeId === undefined ? undefined : state.runData[lastNodeId]?.at(-1);
  const lastNode = lastNodeId === undefined ? undefined : graph.nodes.get(lastNodeId);
  const first = lastRun && lastNode ? lastRun.outputs[lastNode.outputs[0] ?? 'main'] : undefined;
  const lastNodeOutput = first?.length ? first : (Object.values(lastRun?.outputs ?? {}).find((items) => items.length > 0) ?? []);
  return {
    status: state.status === 'running' ? 'success' : state.status,
    executionId: state.executionId,
    startedAt: state.startedAt,
    finishedAt: options.clock.now(),
    runData: state.runData,
    ...(lastNodeId === undefined ? {} : { lastNodeId }),
    lastNodeOutput,
    ...(state.response ? { response: state.response } : {}),
    logs: state.logs,
    ...(state.error ? { error: state.error } : {}),
    ...(state.waitingOn ? { waitingOn: state.waitingOn } : {}),
    usage: usageOf(state.runData),
    checkpoint: state,
  };
}

/** Network bytes add up over the node runs (those of a resumed checkpoint included); memory is the largest report. */
function usageOf(runData: Record<string, NodeRun[]>): RunUsage {
  let networkBytes = 0;
  let memoryBytes = 0;
  for (const runs of Object.values(runData)) {
    for (const run of runs) {
      if (run.usage === undefined) continue;
      networkBytes += run.usage.networkBytes;
      if (run.usage.memoryBytes > memoryBytes) memoryBytes = run.usage.memoryBytes;
    }
  }
  return { networkBytes, memoryBytes };
}
