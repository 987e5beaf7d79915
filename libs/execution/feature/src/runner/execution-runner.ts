import { type Checkpoint, type EngineServices, type Item, type NodeRegistry, type NodeRun, type RunResult, type WorkflowDefinition, resumeWorkflow, runWorkflow, systemClock } from '@weft/engine-core';
import { type ExecutionItem, type ExecutionMode, type ExecutionOrigin, type NodeRunReport } from '@weft/execution-domain';
import { type EventStreamStore, UserError, isUserError } from '@weft/kernel';
import { type RunCredentials, type RunCredentialsProvider } from '@weft/nest';
import { type ExecutionPayloads, payloadJson } from './execution-payloads.js';
import { ExecutionStream } from './execution-stream.js';
import { type WatchdogLimits, watchdogVerdict } from './execution-watchdog.js';

/** What a run is asked for: which workflow version, started how, with which items. */
export interface RunRequest {
  readonly executionId: string;
  readonly organizationId: string;
  readonly workflowId: string;
  readonly version: number;
  readonly definition: WorkflowDefinition;
  /**
   * Whose authority the run has over credentials: who last saved, published or activated
   * what it runs (the activation for webhook and schedule runs, the version's author for
   * manual, API, sub-workflow and error-workflow runs; a retry or a recovered run keeps
   * the one it was queued with). `null`: shared credentials only.
   */
  readonly authorityId: string | null;
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
  /** The run watchdog's bounds (EXECUTION_MAX_RUN_MS, EXECUTION_WATCHDOG_GRACE_MS); default 1 hour and 30 s. */
  readonly watchdog?: WatchdogLimits;
}

/** A run's signal is aborted with this when the watchdog takes it for hung: it is recorded failed. */
export class ExecutionStalledError extends Error {
  override readonly name = 'ExecutionStalledError';
}

/** A run's signal is aborted with this when another worker holds it now (or it ended elsewhere): nothing more is recorded here. */
class RunLostError extends Error {
  override readonly name = 'RunLostError';
}

/** A run this process holds, as the watchdog and the cancel signal see it. */
interface HeldRun {
  readonly controller: AbortController;
  readonly startedAt: number;
  lastProgressAt: number;
  readonly timeoutMs: number | null;
  abortedAt: number | null;
  lease: number;
  recorder: NodeRunRecorder | undefined;
  checkpoint: Checkpoint | undefined;
  /** Stops waiting for an engine that does not return after its abort. */
  abandon: () => void;
}

const DEFAULT_WATCHDOG: WatchdogLimits = { maxRunMs: 3_600_000, graceMs: 30_000 };
/** A run still going this long after its start has its claim written, so the other workers see whose it is (shorter runs stay one append). */
const CLAIM_AFTER_MS = 1_000;
/** Cancels of runs not (yet) here are remembered this long: a run that starts here just after its cancel signal stops at once. */
const CANCELED_TTL_MS = 10 * 60_000;
const CANCELED_MAX = 10_000;
/** Refusals that tell a worker the run is no longer its own (canceled, finished or taken over elsewhere). */
const LOST_CODES = new Set(['execution.already_finished', 'execution.lease_lost', 'execution.already_running', 'execution.lease_changed']);
const isLost = (error: unknown): boolean => isUserError(error) && LOST_CODES.has(error.code);

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
  private readonly running = new Map<string, HeldRun>();
  /** Execution id → until when a cancel that found no run here is remembered. */
  private readonly canceled = new Map<string, number>();

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
        authorityId: request.authorityId,
      },
      metadata: request.actorId === null ? {} : { actorId: request.actorId },
    });
    return stream;
  }

  /** Whether this process runs the execution now (so a cancel can abort it here). */
  isRunning(executionId: string): boolean {
    return this.running.has(executionId);
  }

  /** Cancels the run here (its node in flight sees the signal); a run not here yet is remembered, and stops as soon as it starts. */
  abort(executionId: string): void {
    const held = this.running.get(executionId);
    if (held !== undefined) return abortHeld(held, new Error('canceled'));
    const now = Date.now();
    for (const [id, until] of this.canceled) {
      if (until > now && this.canceled.size < CANCELED_MAX) break;
      this.canceled.delete(id);
    }
    this.canceled.set(executionId, now + CANCELED_TTL_MS);
  }

  /** The runs held here with their claim (the watchdog compares them with the read model). */
  held(): { executionId: string; lease: number }[] {
    return [...this.running].map(([executionId, held]) => ({ executionId, lease: held.lease }));
  }

  /** Another worker holds the run now, or it ended elsewhere: it stops here and records nothing more. */
  release(executionId: string, why: 'canceled' | 'lost'): void {
    const held = this.running.get(executionId);
    if (held !== undefined) abortHeld(held, why === 'canceled' ? new Error('canceled') : new RunLostError('Another worker holds this execution now.'));
  }

  /**
   * One watchdog tick over the runs held here: writes the claim of runs going for a
   * while (so the other workers see whose they are), aborts hung ones (`watchdogVerdict`),
   * and stops waiting for an aborted run whose engine did not return within the grace.
   */
  watch(now = Date.now()): { stalled: string[]; abandoned: string[] } {
    const limits = this.options.watchdog ?? DEFAULT_WATCHDOG;
    const stalled: string[] = [];
    const abandoned: string[] = [];
    for (const [executionId, held] of this.running) {
      if (now - held.startedAt >= CLAIM_AFTER_MS) held.recorder?.writeClaim();
      const verdict = watchdogVerdict(held, now, limits);
      if (verdict.action === 'abort') {
        abortHeld(held, new ExecutionStalledError(verdict.reason), now);
        stalled.push(executionId);
      } else if (verdict.action === 'abandon') {
        held.abandon();
        abandoned.push(executionId);
      }
    }
    return { stalled, abandoned };
  }

  /**
   * Claims the queued run (or takes over one whose worker is gone), runs it to its end
   * (or its wait) from its trigger or `resume`'s checkpoint, and records it.
   */
  async run(stream: ExecutionStream, request: RunRequest, resume?: { checkpoint: Checkpoint; items?: Item[] }, takeoverFrom?: string | null): Promise<RunOutcome> {
    const controller = new AbortController();
    const timeout = Number(request.definition.settings?.timeout);
    const now = Date.now();
    const held: HeldRun = {
      controller,
      startedAt: now,
      lastProgressAt: now,
      timeoutMs: Number.isSafeInteger(timeout) && timeout > 0 ? timeout : null,
      abortedAt: null,
      lease: 0,
      recorder: undefined,
      checkpoint: undefined,
      abandon: () => undefined,
    };
    this.running.set(request.executionId, held);
    // Canceled before it got here (the cancel signal came first): it stops at once, and its start meets the canceled stream.
    if (this.canceled.delete(request.executionId)) abortHeld(held, new Error('canceled'));
    try {
      const takeover = takeoverFrom === undefined ? {} : { takeover: true, previousWorkerId: takeoverFrom };
      stream.decide({ type: 'StartExecution', data: { workerId: this.options.workerId, ...takeover } });
      const claim = { workerId: this.options.workerId, lease: (stream.current as { lease: number }).lease };
      held.lease = claim.lease;
      // A write refused because the run is no longer this worker's (canceled, taken over) stops the run here.
      const recorder = new NodeRunRecorder(stream, claim, this.options.checkpointIntervalMs, request, this.payloads, () => abortHeld(held, new RunLostError('The execution is no longer this worker’s.')));
      held.recorder = recorder;
      const credentials = this.credentials.forRun({ organizationId: request.organizationId, authorityId: request.authorityId, now: () => new Date() });
      // Checked again as the run starts (a credential may have been unshared since the version was saved): before any node has a side effect.
      const refusal = await refusalOf(credentials, request.definition);
      if (refusal !== undefined) {
        const result = refusedResult(request.executionId, held.startedAt, refusal);
        await recorder.finish(result, credentials.used);
        return { executionId: request.executionId, result };
      }
      const options = {
        workflow: request.definition,
        registry: this.engine.registry,
        clock: systemClock,
        executionId: request.executionId,
        mode: request.mode,
        services: { ...this.engine.services, ...request.services, credentials: credentials as EngineServices['credentials'] },
        egressAllowList: this.engine.egressAllowList,
        signal: controller.signal,
        onCheckpoint: (checkpoint: Checkpoint) => {
          held.lastProgressAt = Date.now();
          held.checkpoint = checkpoint;
          recorder.afterNode(checkpoint, credentials.used);
        },
      };
      const engine = resume
        ? resumeWorkflow(options, { checkpoint: resume.checkpoint, ...(resume.items ? { resumeItems: resume.items } : {}) })
        : runWorkflow(options, { items: request.items, ...(request.triggerNodeId ? { startNodeId: request.triggerNodeId } : {}) });
      // One promise for the engine's end or the watchdog giving up on it (no race: this runs for every execution).
      let result = await new Promise<RunResult | undefined>((resolve, reject) => {
        held.abandon = () => resolve(undefined);
        engine.then(resolve, reject);
      });
      if (result === undefined) {
        // Aborted, and a node ignores its signal: the run ends here without it (its late checkpoints write nothing).
        engine.catch(() => undefined);
        recorder.close();
        result = abandonedResult(request.executionId, held, controller.signal.reason);
      }
      const reason: unknown = controller.signal.reason;
      if (reason instanceof RunLostError) {
        await recorder.settle();
        throw new UserError('conflict', 'execution.lease_lost', `Execution ${request.executionId} is no longer this worker’s; it stopped here.`);
      }
      // Aborted by the watchdog: a failure of the run (the engine reports an abort without a timeout as canceled).
      if (reason instanceof ExecutionStalledError && result.status === 'canceled') result = { ...result, status: 'error', error: { name: reason.name, message: reason.message } };
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
  /** Something was written (or is being): the claim is out. */
  private claimed = false;
  /** The run ended without its engine (abandoned): nothing more is written for it. */
  private closed = false;
  /** The largest node run so far: its output items' JSON plus the memory its node reported (usage.memoryBytes). */
  private peakMemoryBytes = 0;

  constructor(
    private readonly stream: ExecutionStream,
    private readonly claim: { workerId: string; lease: number },
    private readonly intervalMs: number,
    private readonly request: RunRequest,
    private readonly payloads: ExecutionPayloads,
    /** A write was refused because the run is no longer this worker's. */
    private readonly onLost: () => void = () => undefined,
  ) {
    this.keepItems = saveExecutionDataOf(request.definition) === 'all';
  }

  /** Writes what is pending (the claim of a run that has written nothing yet), so the run shows as running here. */
  writeClaim(): void {
    if (this.claimed || this.closed) return;
    this.claimed = true;
    this.writing = this.writing.then(async () => {
      if (this.writeError !== undefined || this.closed) return;
      try {
        await this.stream.flush();
      } catch (error) {
        this.failed(error);
      }
    });
  }

  /** The run ended without its engine: later checkpoints are ignored. */
  close(): void {
    this.closed = true;
  }

  /** Waits for the writes in flight (a run that stops without recording its end). */
  async settle(): Promise<void> {
    await this.writing;
  }

  private failed(error: unknown): void {
    this.writeError = error;
    if (isLost(error)) this.onLost();
  }

  /** Called by the engine after every node: writes in the background when the interval has passed. */
  afterNode(checkpoint: Checkpoint, credentialIds: ReadonlySet<string>): void {
    if (this.closed || Date.now() - this.lastWrite < this.intervalMs) return;
    this.lastWrite = Date.now();
    this.claimed = true;
    const runs = this.newRuns(checkpoint.runData, credentialIds);
    if (runs.length === 0) return;
    let snapshot: Checkpoint;
    try {
      snapshot = JSON.parse(payloadJson('checkpoint', checkpoint)) as Checkpoint;
    } catch (error) {
      // Called inside the engine's loop: a payload that cannot be recorded fails the recording (finish reports it), not the loop.
      this.failed(error);
      return;
    }
    this.writing = this.writing.then(async () => {
      if (this.writeError !== undefined) return;
      try {
        const stored = await this.payloads.inlineOrRef(this.request.organizationId, this.request.executionId, 'checkpoint', snapshot);
        this.stream.decide({ type: 'RecordNodeRuns', data: { ...this.claim, runs: await this.reports(runs), checkpoint: stored.inline, checkpointRef: stored.ref } });
        await this.stream.flush();
      } catch (error) {
        this.failed(error);
      }
    });
  }

  /**
   * Records how the run ended. What it produced may be unrecordable (output or checkpoint
   * too large or too deep to keep): then the run is recorded as failed, saying why, with
   * the node runs recorded before; it never stays running until the watchdog.
   */
  async finish(result: RunResult, credentialIds: ReadonlySet<string>): Promise<void> {
    try {
      await this.record(result, credentialIds);
    } catch (error) {
      if (!isUserError(error) || !UNRECORDABLE.has(error.code)) throw error;
      this.stream.decide({ type: 'FailExecution', data: { claim: this.claim, error: { name: 'ExecutionRecordingError', message: error.message }, usage: usageOf(result, this.peakMemoryBytes), runs: [], willRetry: false } });
      await this.stream.flush();
    }
  }

  private async record(result: RunResult, credentialIds: ReadonlySet<string>): Promise<void> {
    await this.writing;
    // Canceled (or ended) meanwhile: what this worker saw is moot, as below.
    if (isUserError(this.writeError) && this.writeError.code === 'execution.already_finished') return;
    if (this.writeError !== undefined) throw this.writeError;
    const save = saveExecutionDataOf(this.request.definition);
    this.keepItems = save === 'all' || (save === 'errors' && result.status === 'error');
    const runs = await this.reports(this.newRuns(result.runData, credentialIds));
    const usage = usageOf(result, this.peakMemoryBytes);
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
        if (run.status === 'error' || !this.keepItems) {
          // Not recorded, but measured: the items were in memory all the same.
          this.held(run, payloadJson(`output of ${nodeId}`, run.outputs).length);
          if (run.status === 'error') return { ...base, outputItemCount, error: run.error ?? { message: 'The node failed' } };
          return { ...base, outputItemCount, output: null, outputRef: null };
        }
        const output = await this.payloads.inlineOrRef(organizationId, executionId, `output of ${nodeId}`, run.outputs as unknown as Record<string, ExecutionItem[]>);
        this.held(run, output.length);
        return { ...base, outputItemCount, output: output.inline, outputRef: output.ref };
      }),
    );
  }

  private held(run: NodeRun, outputLength: number): void {
    this.peakMemoryBytes = Math.max(this.peakMemoryBytes, outputLength + (run.usage?.memoryBytes ?? 0));
  }
}

function abortHeld(held: HeldRun, reason: Error, now = Date.now()): void {
  if (held.abortedAt !== null) return;
  held.abortedAt = now;
  held.controller.abort(reason);
}

/** Why the run's authority may not use a credential its definition names, or `undefined` when it may use them all. */
async function refusalOf(credentials: RunCredentials, workflow: WorkflowDefinition): Promise<Error | undefined> {
  const ids = workflow.nodes.flatMap((node) => (node.credentials?.id === undefined || node.settings?.disabled === true ? [] : [node.credentials.id]));
  if (ids.length === 0) return undefined;
  return credentials.verify(ids).then(
    () => undefined,
    (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
  );
}

/** Payload refusals: what the run produced cannot be kept, so it fails saying so. */
const UNRECORDABLE = new Set(['execution.payload_too_large', 'execution.payload_too_deep']);

/** A run refused before its first node: failed with the reason, nothing ran. */
function refusedResult(executionId: string, startedAt: number, error: Error): RunResult {
  const result = { status: 'error' as const, executionId, startedAt, finishedAt: Date.now(), runData: {}, lastNodeOutput: [], logs: [], error: { name: 'CredentialRefused', message: error.message }, usage: { networkBytes: 0, memoryBytes: 0 } };
  return result as unknown as RunResult;
}

/** The result of a run whose engine did not return after its abort: a failure for the watchdog, canceled otherwise. */
function abandonedResult(executionId: string, held: HeldRun, reason: unknown): RunResult {
  const error = reason instanceof ExecutionStalledError ? { name: reason.name, message: `${reason.message} Its node in flight did not stop within the grace period.` } : undefined;
  const result = {
    status: error === undefined ? ('canceled' as const) : ('error' as const),
    executionId,
    startedAt: held.startedAt,
    finishedAt: Date.now(),
    runData: held.checkpoint?.runData ?? {},
    lastNodeOutput: [],
    logs: [],
    ...(error === undefined ? {} : { error }),
    usage: { networkBytes: 0, memoryBytes: 0 },
    checkpoint: held.checkpoint,
  };
  return result as unknown as RunResult;
}

/**
 * What the run cost (docs/executions.md, Usage): time in nodes; the largest node run's
 * memory (its output items as JSON, which the run keeps until it ends, plus what its
 * node held outside them: the Code sandbox's heap growth); the bytes its nodes sent
 * and received, those of the runs before a resume included.
 */
function usageOf(result: RunResult, peakMemoryBytes: number): { cpuMs: number; memoryBytes: number; networkBytes: number } {
  let nodeMs = 0;
  for (const runs of Object.values(result.runData)) for (const run of runs) nodeMs += run.durationMs;
  return { cpuMs: Math.round(nodeMs * 1000) / 1000, memoryBytes: Math.max(peakMemoryBytes, result.usage.memoryBytes), networkBytes: result.usage.networkBytes };
}

/** `settings.timeout` in ms (the engine enforces it; a result that timed out had one). */
function workflowTimeoutOf(definition: RunRequest['definition']): number {
  const timeout = Number(definition.settings?.timeout);
  return Number.isSafeInteger(timeout) && timeout > 0 ? timeout : 1;
}
