import {
  type Checkpoint,
  type EngineServices,
  type Item,
  type NodeRegistry,
  type RunResult,
  resumeWorkflow,
  runWorkflow,
  systemClock,
} from '@weft/engine-core';
import { type EventStreamStore, UserError, commandMetadata } from '@weft/kernel';
import { type RunCredentials, type RunCredentialsProvider } from '@weft/ports';
import { type ExecutionPayloadStore } from './execution-payload-store.js';
import { type ExecutionCommandBody } from './execution-store.js';
import { ExecutionStream } from './execution-stream.js';
import { NodeRunRecorder, toItems } from './node-run-recorder.js';
import { type RunOutcome, type RunRequest } from './run-request.js';
import { ExecutionStalledError, abandonedResult, refusalOf, refusedResult } from './run-results.js';
import { executionRetriesOf, workflowTimeoutOf } from './run-settings.js';
import { type WatchdogLimits, watchdogVerdict } from './watchdog-verdicts.js';

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
    private readonly payloads: ExecutionPayloadStore,
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
        maxRetries: executionRetriesOf(request.definition).retries,
      },
      metadata: queuedBy(request),
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
  async run(
    stream: ExecutionStream,
    request: RunRequest,
    resume?: { checkpoint: Checkpoint; items?: Item[] },
    takeoverFrom?: string | null,
  ): Promise<RunOutcome> {
    const held = this.hold(request);
    try {
      const recorder = this.claim(stream, request, held, takeoverFrom);
      const credentials = this.credentials.forRun({ organizationId: request.organizationId, authorityId: request.authorityId, now: () => new Date() });
      // Checked again as the run starts (a credential may have been unshared since the version was saved): before any node has a side effect.
      const refusal = await refusalOf(credentials, request.definition);
      if (refusal !== undefined) {
        const result = refusedResult(request.executionId, held.startedAt, refusal);
        await recorder.finish(result, credentials.used);
        return { executionId: request.executionId, result };
      }
      const engine = this.startEngine(request, held, recorder, credentials, resume);
      // One promise for the engine's end or the watchdog giving up on it (no race: this runs for every execution).
      let result = await new Promise<RunResult | undefined>((resolve, reject) => {
        held.abandon = () => resolve(undefined);
        engine.then(resolve, reject);
      });
      if (result === undefined) {
        // Aborted, and a node ignores its signal: the run ends here without it (its late checkpoints write nothing).
        engine.catch(() => undefined);
        recorder.close();
        result = abandonedResult(request.executionId, held, held.controller.signal.reason);
      }
      const reason: unknown = held.controller.signal.reason;
      if (reason instanceof RunLostError) {
        await recorder.settle();
        throw new UserError('conflict', 'execution.lease_lost', `Execution ${request.executionId} is no longer this worker’s; it stopped here.`);
      }
      // Aborted by the watchdog: a failure of the run (the engine reports an abort without a timeout as canceled).
      if (reason instanceof ExecutionStalledError && result.status === 'canceled')
        result = { ...result, status: 'error', error: { name: reason.name, message: reason.message } };
      await recorder.finish(result, credentials.used);
      return { executionId: request.executionId, result };
    } finally {
      this.running.delete(request.executionId);
    }
  }

  /** The run is held here from now on (the watchdog and the cancel signal see it); one canceled before it got here stops at once. */
  private hold(request: RunRequest): HeldRun {
    const now = Date.now();
    const held: HeldRun = {
      controller: new AbortController(),
      startedAt: now,
      lastProgressAt: now,
      timeoutMs: workflowTimeoutOf(request.definition),
      abortedAt: null,
      lease: 0,
      recorder: undefined,
      checkpoint: undefined,
      abandon: () => undefined,
    };
    this.running.set(request.executionId, held);
    // Canceled before it got here (the cancel signal came first): it stops at once, and its start meets the canceled stream.
    if (this.canceled.delete(request.executionId)) abortHeld(held, new Error('canceled'));
    return held;
  }

  /** Decides the claim (StartExecution, a takeover when `takeoverFrom` is given) and the recorder that writes under it. */
  private claim(stream: ExecutionStream, request: RunRequest, held: HeldRun, takeoverFrom: string | null | undefined): NodeRunRecorder {
    const takeover = takeoverFrom === undefined ? {} : { takeover: true, previousWorkerId: takeoverFrom };
    stream.decide({ type: 'StartExecution', data: { workerId: this.options.workerId, ...takeover } });
    const claim = { workerId: this.options.workerId, lease: (stream.current as { lease: number }).lease };
    held.lease = claim.lease;
    // A write refused because the run is no longer this worker's (canceled, taken over) stops the run here.
    const recorder = new NodeRunRecorder(stream, claim, this.options.checkpointIntervalMs, request, this.payloads, () =>
      abortHeld(held, new RunLostError('The execution is no longer this worker’s.')),
    );
    held.recorder = recorder;
    return recorder;
  }

  /** Starts the engine from the trigger, or from `resume`'s checkpoint; every node's checkpoint is progress, and goes to the recorder. */
  private startEngine(
    request: RunRequest,
    held: HeldRun,
    recorder: NodeRunRecorder,
    credentials: RunCredentials,
    resume?: { checkpoint: Checkpoint; items?: Item[] },
  ): Promise<RunResult> {
    const options = {
      workflow: request.definition,
      registry: this.engine.registry,
      clock: systemClock,
      executionId: request.executionId,
      mode: request.mode,
      services: { ...this.engine.services, ...request.services, credentials: credentials as EngineServices['credentials'] },
      egressAllowList: this.engine.egressAllowList,
      signal: held.controller.signal,
      onCheckpoint: (checkpoint: Checkpoint) => {
        held.lastProgressAt = Date.now();
        held.checkpoint = checkpoint;
        recorder.afterNode(checkpoint, credentials.used);
      },
    };
    return resume
      ? resumeWorkflow(options, { checkpoint: resume.checkpoint, ...(resume.items ? { resumeItems: resume.items } : {}) })
      : runWorkflow(options, { items: request.items, ...(request.triggerNodeId ? { startNodeId: request.triggerNodeId } : {}) });
  }
}

/**
 * The facts the run's `ExecutionQueued` records of who asked for it: the request's
 * context (`commandMetadata`), or its actor alone, or none (a webhook's run: nothing).
 */
function queuedBy(request: RunRequest): ExecutionCommandBody['metadata'] {
  if (request.context !== undefined) return commandMetadata(request.context);
  return request.actorId === null ? undefined : { actorId: request.actorId };
}

function abortHeld(held: HeldRun, reason: Error, now = Date.now()): void {
  if (held.abortedAt !== null) return;
  held.abortedAt = now;
  held.controller.abort(reason);
}
