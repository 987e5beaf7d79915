import { type Checkpoint, type EngineServices, type Item, type NodeRegistry, type NodeRun, type RunResult, type WorkflowDefinition, resumeWorkflow, runWorkflow, systemClock } from '@weft/engine-core';
import { type ExecutionItem, type ExecutionMode, type ExecutionOrigin, type NodeRunReport } from '@weft/execution-domain';
import { type EventStreamStore, isUserError } from '@weft/kernel';
import { type RunCredentialsProvider } from '@weft/nest';
import { type ExecutionPayloads } from './execution-payloads.js';
import { ExecutionStream } from './execution-stream.js';

/** What a run is asked for: which workflow version, started how, with which items. */
export interface RunRequest {
  readonly executionId: string;
  readonly organizationId: string;
  readonly workflowId: string;
  readonly version: number;
  readonly definition: WorkflowDefinition;
  /** The workflow's owner: decides which unshared credentials it may use. */
  readonly ownerId: string;
  readonly mode: ExecutionMode;
  readonly triggerNodeId?: string;
  readonly items: Item[];
  /** Who started it; `null` for webhooks and schedules. */
  readonly actorId: string | null;
  readonly triggeredBy?: ExecutionOrigin;
  readonly retryOf?: string | null;
  readonly retryAttempt?: number;
  readonly parentExecutionId?: string | null;
  /** Ports of this run only (its sub-workflow runner). */
  readonly services?: EngineServices;
  /** How many executions started this one (sub-workflows); bounds recursion. */
  readonly depth?: number;
}

/** What of a run's items is recorded: `settings.saveExecutionData` (`all`, `errors`: only when it fails, `none`). */
export type SaveExecutionData = 'all' | 'errors' | 'none';

export function saveExecutionDataOf(workflow: WorkflowDefinition): SaveExecutionData {
  const value = workflow.settings?.saveExecutionData;
  return value === 'errors' || value === 'none' ? value : 'all';
}

/** Automatic retries of a failed run: `settings.executionRetries` (0–10, default 0), backing off from `settings.executionRetryBackoffMs` (default 1 s, doubled each time). */
export function executionRetriesOf(workflow: WorkflowDefinition): { retries: number; backoffMs: number } {
  const settings = (workflow.settings ?? {}) as Record<string, unknown>;
  const retries = Number(settings['executionRetries'] ?? 0);
  const backoffMs = Number(settings['executionRetryBackoffMs'] ?? 1000);
  return { retries: Number.isInteger(retries) ? Math.min(Math.max(retries, 0), 10) : 0, backoffMs: Number.isFinite(backoffMs) ? Math.min(Math.max(backoffMs, 0), 3_600_000) : 1000 };
}

export interface EngineRuntime {
  readonly registry: NodeRegistry;
  /** Ports every run gets (code sandbox, DNS resolver...); credentials are added per run. */
  readonly services: EngineServices;
  readonly egressAllowList: readonly string[];
}

export interface RunnerOptions {
  readonly workerId: string;
  /**
   * Node runs finishing within this many milliseconds of the last write are written
   * together: a run shorter than this is one append (queued, started, every node, the
   * outcome); a longer one is checkpointed at least this often, and resumes from there.
   */
  readonly checkpointIntervalMs: number;
}

/** The outcome of one run, for whoever waits for it (a webhook's answer, `wait: true`). */
export interface RunOutcome {
  readonly executionId: string;
  readonly result: RunResult;
}

const toItems = (items: readonly Item[]) => items as unknown as ExecutionItem[];

/**
 * Drives the engine for one execution and records it in its stream. Fast runs cost one
 * append; slow runs are checkpointed every `checkpointIntervalMs` so another worker can
 * resume them from the last recorded node. Plaintext credentials exist only inside the
 * engine call.
 */
export class ExecutionRunner {
  private readonly running = new Map<string, AbortController>();

  constructor(
    private readonly store: EventStreamStore,
    private readonly engine: EngineRuntime,
    private readonly credentials: RunCredentialsProvider,
    private readonly payloads: ExecutionPayloads,
    private readonly options: RunnerOptions,
  ) {}

  /** Decides QueueExecution for a new run: nothing is written until `flush` (accept) or the run's first write. */
  async queue(request: RunRequest): Promise<ExecutionStream> {
    const stream = ExecutionStream.fresh(this.store, request.executionId, request.organizationId);
    const input = await this.payloads.inlineOrRef(request.organizationId, request.executionId, 'input', toItems(request.items));
    stream.decide({
      type: 'QueueExecution',
      data: {
        executionId: request.executionId,
        workflowId: request.workflowId,
        workflowVersion: request.version,
        mode: request.mode,
        triggerNodeId: request.triggerNodeId ?? null,
        input: input.inline,
        inputRef: input.ref,
        inputItemCount: request.items.length,
        triggeredBy: request.triggeredBy ?? 'trigger',
        retryOf: request.retryOf ?? null,
        retryAttempt: request.retryAttempt ?? 0,
        parentExecutionId: request.parentExecutionId ?? null,
      },
      metadata: request.actorId === null ? {} : { actorId: request.actorId },
    });
    return stream;
  }

  /** Whether this process runs the execution now (so a cancel can abort it here). */
  isRunning(executionId: string): boolean {
    return this.running.has(executionId);
  }

  abort(executionId: string): void {
    this.running.get(executionId)?.abort(new Error('canceled'));
  }

  /**
   * Claims the queued run (or takes over one whose worker is gone), runs it to its end
   * (or its wait) from its trigger or `resume`'s checkpoint, and records it.
   */
  async run(stream: ExecutionStream, request: RunRequest, resume?: { checkpoint: Checkpoint; items?: Item[] }, takeoverFrom?: string | null): Promise<RunOutcome> {
    const controller = new AbortController();
    this.running.set(request.executionId, controller);
    try {
      const takeover = takeoverFrom === undefined ? {} : { takeover: true, previousWorkerId: takeoverFrom };
      stream.decide({ type: 'StartExecution', data: { workerId: this.options.workerId, ...takeover } });
      const claim = { workerId: this.options.workerId, lease: (stream.current as { lease: number }).lease };
      const recorder = new NodeRunRecorder(stream, claim, this.options.checkpointIntervalMs, request, this.payloads);
      const credentials = this.credentials.forRun({ organizationId: request.organizationId, workflowOwnerId: request.ownerId, actorId: request.actorId, now: () => new Date() });
      const options = {
        workflow: request.definition,
        registry: this.engine.registry,
        clock: systemClock,
        executionId: request.executionId,
        mode: request.mode,
        services: { ...this.engine.services, ...request.services, credentials: credentials as EngineServices['credentials'] },
        egressAllowList: this.engine.egressAllowList,
        signal: controller.signal,
        onCheckpoint: (checkpoint: Checkpoint) => recorder.afterNode(checkpoint, credentials.used),
      };
      const result = resume
        ? await resumeWorkflow(options, { checkpoint: resume.checkpoint, ...(resume.items ? { resumeItems: resume.items } : {}) })
        : await runWorkflow(options, { items: request.items, ...(request.triggerNodeId ? { startNodeId: request.triggerNodeId } : {}) });
      await recorder.finish(result, credentials.used);
      return { executionId: request.executionId, result };
    } finally {
      this.running.delete(request.executionId);
    }
  }
}

/**
 * Turns the engine's checkpoints into RecordNodeRuns / Park / Succeed / Fail on the
 * stream. Node runs are reported once each (node id + index in its run list).
 */
class NodeRunRecorder {
  private reported = new Set<string>();
  /** Whether node outputs are recorded (`saveExecutionData`); checkpoints always hold them, or nothing could resume. */
  private keepItems: boolean;
  private lastWrite = Date.now();
  private writing: Promise<void> = Promise.resolve();
  private writeError: unknown;

  constructor(
    private readonly stream: ExecutionStream,
    private readonly claim: { workerId: string; lease: number },
    private readonly intervalMs: number,
    private readonly request: RunRequest,
    private readonly payloads: ExecutionPayloads,
  ) {
    this.keepItems = saveExecutionDataOf(request.definition) === 'all';
  }

  /** Called by the engine after every node: writes in the background when the interval has passed. */
  afterNode(checkpoint: Checkpoint, credentialIds: ReadonlySet<string>): void {
    if (Date.now() - this.lastWrite < this.intervalMs) return;
    this.lastWrite = Date.now();
    const runs = this.newRuns(checkpoint.runData, credentialIds);
    if (runs.length === 0) return;
    const snapshot = JSON.parse(JSON.stringify(checkpoint)) as Checkpoint;
    this.writing = this.writing.then(async () => {
      if (this.writeError !== undefined) return;
      try {
        const stored = await this.payloads.inlineOrRef(this.request.organizationId, this.request.executionId, 'checkpoint', snapshot);
        this.stream.decide({ type: 'RecordNodeRuns', data: { ...this.claim, runs: await this.reports(runs), checkpoint: stored.inline, checkpointRef: stored.ref } });
        await this.stream.flush();
      } catch (error) {
        this.writeError = error;
      }
    });
  }

  async finish(result: RunResult, credentialIds: ReadonlySet<string>): Promise<void> {
    await this.writing;
    if (this.writeError !== undefined) throw this.writeError;
    const save = saveExecutionDataOf(this.request.definition);
    this.keepItems = save === 'all' || (save === 'errors' && result.status === 'error');
    const runs = await this.reports(this.newRuns(result.runData, credentialIds));
    const usage = usageOf(result);
    try {
      if (result.status === 'success') {
        const output = this.keepItems ? await this.payloads.inlineOrRef(this.request.organizationId, this.request.executionId, 'output', toItems(result.lastNodeOutput)) : { inline: null, ref: null };
        this.stream.decide({ type: 'SucceedExecution', data: { ...this.claim, output: output.inline, outputRef: output.ref, lastNodeId: result.lastNodeId ?? null, usage, runs } });
      } else if (result.status === 'error' && result.error?.name === 'WorkflowTimeoutError') {
        // The workflow's own limit (settings.timeout): recorded as timed out, with the node runs it got through.
        if (runs.length > 0) {
          const stored = await this.payloads.inlineOrRef(this.request.organizationId, this.request.executionId, 'checkpoint', result.checkpoint);
          this.stream.decide({ type: 'RecordNodeRuns', data: { ...this.claim, runs, checkpoint: stored.inline, checkpointRef: stored.ref } });
        }
        this.stream.decide({ type: 'TimeOutExecution', data: { timeoutMs: workflowTimeoutOf(this.request.definition) } });
      } else if (result.status === 'error') {
        const error = result.error ?? { message: 'The workflow failed', name: 'WorkflowError' };
        const willRetry = (this.request.retryAttempt ?? 0) < executionRetriesOf(this.request.definition).retries;
        this.stream.decide({ type: 'FailExecution', data: { claim: this.claim, error, usage, runs, willRetry } });
      } else if (result.status === 'waiting') {
        // One stored checkpoint serves the node runs and the park (a large one is one payload row, not two).
        const stored = await this.payloads.inlineOrRef(this.request.organizationId, this.request.executionId, 'checkpoint', result.checkpoint);
        if (runs.length > 0) this.stream.decide({ type: 'RecordNodeRuns', data: { ...this.claim, runs, checkpoint: stored.inline, checkpointRef: stored.ref } });
        const waitingOn = result.waitingOn!;
        this.stream.decide({
          type: 'ParkExecution',
          data: { ...this.claim, waitingOn: { nodeId: waitingOn.nodeId, until: waitingOn.until ? new Date(waitingOn.until) : null, webhook: waitingOn.resumeOnWebhook }, checkpoint: stored.inline, checkpointRef: stored.ref },
        });
      }
      // canceled: the cancel is recorded by whoever canceled.
      await this.stream.flush();
    } catch (error) {
      // A cancel or timeout recorded meanwhile finished the run: what this worker saw is moot.
      if (isUserError(error) && error.code === 'execution.already_finished') return;
      throw error;
    }
  }

  private newRuns(runData: Record<string, NodeRun[]>, credentialIds: ReadonlySet<string>): { nodeId: string; runIndex: number; run: NodeRun; credentialIds: string[] }[] {
    const fresh = [];
    for (const [nodeId, nodeRuns] of Object.entries(runData)) {
      for (const [runIndex, run] of nodeRuns.entries()) {
        const key = `${nodeId}#${runIndex}`;
        if (this.reported.has(key)) continue;
        this.reported.add(key);
        // Which node used which credential is not tracked per node: every report names the run's so far.
        fresh.push({ nodeId, runIndex, run, credentialIds: [...credentialIds] });
      }
    }
    return fresh;
  }

  private async reports(runs: { nodeId: string; runIndex: number; run: NodeRun; credentialIds: string[] }[]): Promise<NodeRunReport[]> {
    const { organizationId, executionId } = this.request;
    return Promise.all(
      runs.map(async ({ nodeId, runIndex, run, credentialIds }) => {
        const base = { nodeId, runIndex, status: run.status, startedAt: new Date(run.startedAt), durationMs: run.durationMs, inputItemCount: run.inputItemCount, credentialIds };
        const outputItemCount = Object.values(run.outputs).reduce((n, items) => n + items.length, 0);
        if (run.status === 'error') return { ...base, outputItemCount, error: run.error ?? { message: 'The node failed' } };
        if (!this.keepItems) return { ...base, outputItemCount, output: null, outputRef: null };
        const output = await this.payloads.inlineOrRef(organizationId, executionId, `output of ${nodeId}`, run.outputs as unknown as Record<string, ExecutionItem[]>);
        return { ...base, outputItemCount, output: output.inline, outputRef: output.ref };
      }),
    );
  }
}

/** What the run cost: time in nodes, the size of what it produced (network bytes are not measured yet). */
function usageOf(result: RunResult): { cpuMs: number; memoryBytes: number; networkBytes: number } {
  let nodeMs = 0;
  for (const runs of Object.values(result.runData)) for (const run of runs) nodeMs += run.durationMs;
  return { cpuMs: Math.round(nodeMs * 1000) / 1000, memoryBytes: 0, networkBytes: 0 };
}

/** `settings.timeout` in ms (the engine enforces it; a result that timed out had one). */
function workflowTimeoutOf(definition: RunRequest['definition']): number {
  const timeout = Number(definition.settings?.timeout);
  return Number.isSafeInteger(timeout) && timeout > 0 ? timeout : 1;
}
