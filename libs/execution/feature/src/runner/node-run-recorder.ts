import { type Checkpoint, type Item, type LogEntry, type NodeRun, type RunResult } from '@weft/engine-core';
import { type ExecutionItem, type ExecutionLogLine, type NodeRunReport } from '@weft/execution-domain';
import { isUserError } from '@weft/kernel';
import { type ExecutionPayloadStore, payloadJson } from './execution-payload-store.js';
import { type ExecutionStream } from './execution-stream.js';
import { type RunRequest } from './run-request.js';
import { usageOf } from './run-results.js';
import { executionRetriesOf, saveExecutionDataOf, workflowTimeoutOf } from './run-settings.js';

/** Refusals that tell a worker the run is no longer its own (canceled, finished or taken over elsewhere). */
const LOST_CODES = new Set(['execution.already_finished', 'execution.lease_lost', 'execution.already_running', 'execution.lease_changed']);
const isLost = (error: unknown): boolean => isUserError(error) && LOST_CODES.has(error.code);

/** Payload refusals: what the run produced cannot be kept, so it fails saying so. */
const UNRECORDABLE = new Set(['execution.payload_too_large', 'execution.payload_too_deep']);

export const toItems = (items: readonly Item[]) => items as unknown as ExecutionItem[];

type NewRun = { nodeId: string; runIndex: number; run: NodeRun; credentialIds: string[]; lines: ExecutionLogLine[] | undefined };

/** A node run's lines of the run's log (`console.log` is `info`), `undefined` when it logged nothing. */
function linesOf(run: NodeRun, logs: readonly LogEntry[]): ExecutionLogLine[] | undefined {
  if (run.logLines === undefined) return undefined;
  return logs.slice(...run.logLines).map(({ level, message }) => ({ level: level === 'log' ? 'info' : level, message }));
}

/** The report's tries (more than one) and log lines (any): `undefined`, spread as nothing, for most node runs. */
function runLogOf(run: NodeRun, lines: ExecutionLogLine[] | undefined): Pick<NodeRunReport, 'tries' | 'logs'> | undefined {
  const retried = run.tries !== undefined && run.tries > 1;
  if (!retried && lines === undefined) return undefined;
  return { ...(retried ? { tries: run.tries } : {}), ...(lines === undefined ? {} : { logs: lines }) };
}

/**
 * Turns the engine's checkpoints into RecordNodeRuns / Park / Succeed / Fail on the
 * stream. Node runs are reported once each (node id + index in its run list).
 */
export class NodeRunRecorder {
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
    private readonly payloads: ExecutionPayloadStore,
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
    const runs = this.newRuns(checkpoint.runData, credentialIds, checkpoint.logs);
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
        this.stream.decide({
          type: 'RecordNodeRuns',
          data: { ...this.claim, runs: await this.reports(runs), checkpoint: stored.inline, checkpointRef: stored.ref },
        });
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
      this.stream.decide({
        type: 'FailExecution',
        data: {
          claim: this.claim,
          error: { name: 'ExecutionRecordingError', message: error.message },
          usage: usageOf(result, this.peakMemoryBytes),
          runs: [],
          willRetry: false,
        },
      });
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
    const runs = await this.reports(this.newRuns(result.runData, credentialIds, result.logs));
    const usage = usageOf(result, this.peakMemoryBytes);
    try {
      if (result.status === 'success') {
        const output = this.keepItems
          ? await this.payloads.inlineOrRef(this.request.organizationId, this.request.executionId, 'output', toItems(result.lastNodeOutput))
          : { inline: null, ref: null };
        this.stream.decide({
          type: 'SucceedExecution',
          data: { ...this.claim, output: output.inline, outputRef: output.ref, lastNodeId: result.lastNodeId ?? null, usage, runs },
        });
      } else if (result.status === 'error' && result.error?.name === 'WorkflowTimeoutError') {
        // The workflow's own limit (settings.timeout): recorded as timed out, with the node runs it got through.
        if (runs.length > 0) {
          const stored = await this.payloads.inlineOrRef(this.request.organizationId, this.request.executionId, 'checkpoint', result.checkpoint);
          this.stream.decide({ type: 'RecordNodeRuns', data: { ...this.claim, runs, checkpoint: stored.inline, checkpointRef: stored.ref } });
        }
        this.stream.decide({ type: 'TimeOutExecution', data: { timeoutMs: workflowTimeoutOf(this.request.definition) ?? 1 } });
      } else if (result.status === 'error') {
        const error = result.error ?? { message: 'The workflow failed', name: 'WorkflowError' };
        const willRetry = (this.request.retryAttempt ?? 0) < executionRetriesOf(this.request.definition).retries;
        this.stream.decide({ type: 'FailExecution', data: { claim: this.claim, error, usage, runs, willRetry } });
      } else if (result.status === 'waiting') {
        // One stored checkpoint serves the node runs and the park (a large one is one payload row, not two).
        const stored = await this.payloads.inlineOrRef(this.request.organizationId, this.request.executionId, 'checkpoint', result.checkpoint);
        if (runs.length > 0)
          this.stream.decide({ type: 'RecordNodeRuns', data: { ...this.claim, runs, checkpoint: stored.inline, checkpointRef: stored.ref } });
        const waitingOn = result.waitingOn!;
        this.stream.decide({
          type: 'ParkExecution',
          data: {
            ...this.claim,
            waitingOn: { nodeId: waitingOn.nodeId, until: waitingOn.until ? new Date(waitingOn.until) : null, webhook: waitingOn.resumeOnWebhook },
            checkpoint: stored.inline,
            checkpointRef: stored.ref,
          },
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

  /** Node runs not reported yet, with their lines of the run's `logs` (resolved now: the live log grows on). */
  private newRuns(runData: Record<string, NodeRun[]>, credentialIds: ReadonlySet<string>, logs: readonly LogEntry[]): NewRun[] {
    const fresh = [];
    for (const [nodeId, nodeRuns] of Object.entries(runData)) {
      for (const [runIndex, run] of nodeRuns.entries()) {
        const key = `${nodeId}#${runIndex}`;
        if (this.reported.has(key)) continue;
        this.reported.add(key);
        // Which node used which credential is not tracked per node: every report names the run's so far.
        fresh.push({ nodeId, runIndex, run, credentialIds: [...credentialIds], lines: linesOf(run, logs) });
      }
    }
    return fresh;
  }

  private async reports(runs: NewRun[]): Promise<NodeRunReport[]> {
    const { organizationId, executionId } = this.request;
    return Promise.all(
      runs.map(async ({ nodeId, runIndex, run, credentialIds, lines }) => {
        const base = {
          nodeId,
          runIndex,
          status: run.status,
          startedAt: new Date(run.startedAt),
          durationMs: run.durationMs,
          inputItemCount: run.inputItemCount,
          credentialIds,
          ...runLogOf(run, lines),
        };
        const outputItemCount = Object.values(run.outputs).reduce((n, items) => n + items.length, 0);
        if (run.status === 'error' || !this.keepItems) {
          // Not recorded, but measured: the items were in memory all the same.
          this.held(run, payloadJson(`output of ${nodeId}`, run.outputs).length);
          if (run.status === 'error') return { ...base, outputItemCount, error: run.error ?? { message: 'The node failed' } };
          return { ...base, outputItemCount, output: null, outputRef: null };
        }
        const output = await this.payloads.inlineOrRef(
          organizationId,
          executionId,
          `output of ${nodeId}`,
          run.outputs as unknown as Record<string, ExecutionItem[]>,
        );
        this.held(run, output.length);
        return { ...base, outputItemCount, output: output.inline, outputRef: output.ref };
      }),
    );
  }

  private held(run: NodeRun, outputLength: number): void {
    this.peakMemoryBytes = Math.max(this.peakMemoryBytes, outputLength + (run.usage?.memoryBytes ?? 0));
  }
}
