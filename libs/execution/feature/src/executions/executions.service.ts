import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { type Checkpoint, type Item, type RunResult } from '@weft/engine-core';
import { type ExecutionMode, type ExistingExecution, executionDecider, executionStreamId } from '@weft/execution-domain';
import { type EventStreamStore, UserError, foldEvents, handleCommand } from '@weft/kernel';
import { EVENT_STORE, type OrganizationAccess, RUN_CREDENTIALS, type RunCredentialsProvider } from '@weft/nest';
import { Database } from '@weft/postgres';
import { EXECUTION_CONFIG, type ExecutionConfig } from '../execution-config.js';
import { ExecutionPayloads } from '../runner/execution-payloads.js';
import { ExecutionRunner, type RunOutcome, type RunRequest } from '../runner/execution-runner.js';
import { ExecutionStream } from '../runner/execution-stream.js';
import { FairWorkQueue } from '../runner/fair-work-queue.js';
import { ExecutionCatalog, type RunnableVersion } from './execution-catalog.js';
import { ExecutionEngine } from './execution-engine.js';
import { inputItems, latestWorkflowVersion, manualStartNode } from './execution-requests.js';

const notFound = () => new UserError('not_found', 'execution.not_found', 'No such execution.');
const workflowNotFound = () => new UserError('not_found', 'workflow.not_found', 'No such workflow.');

/** What a caller gets back: at once (`wait: false`, `onReceived`) or once the run ended. */
export type Started = { readonly executionId: string; readonly status: 'running' } | (RunOutcome & { readonly status: RunResult['status']; readonly input: readonly Item[] });

/**
 * Starts, runs, cancels and retries executions in this process: every run goes through
 * the fair queue (the per-organization limit), is recorded in its stream before anyone
 * is told it was accepted, and survives a restart (see `ExecutionRecovery`).
 */
@Injectable()
export class Executions {
  private readonly logger = new Logger('executions');
  readonly runner: ExecutionRunner;
  private readonly queue: FairWorkQueue;
  readonly payloads: ExecutionPayloads;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStreamStore,
    @Inject(Database) private readonly db: Database,
    @Inject(EXECUTION_CONFIG) config: ExecutionConfig,
    @Inject(RUN_CREDENTIALS) credentials: RunCredentialsProvider,
    readonly engine: ExecutionEngine,
    private readonly catalog: ExecutionCatalog,
  ) {
    this.payloads = new ExecutionPayloads(db);
    this.runner = new ExecutionRunner(store, engine, credentials, this.payloads, { workerId: config.workerId, checkpointIntervalMs: config.checkpointIntervalMs });
    this.queue = new FairWorkQueue({ concurrency: config.concurrency, perOrganization: config.organizationConcurrency });
  }

  /** `POST .../workflows/{id}/run`: the newest version, from its manualTrigger (or first trigger). */
  async runManually(access: OrganizationAccess, workflowId: string, input: unknown, wait: boolean): Promise<Started> {
    const id = workflowId.toLowerCase();
    const latest = await latestWorkflowVersion(this.db, access.organizationId, id).catch(() => undefined);
    if (latest === undefined) throw workflowNotFound();
    const runnable = await this.catalog.version(access.organizationId, id, latest);
    if (runnable === undefined) throw workflowNotFound();
    const mode: ExecutionMode = access.principal.kind === 'apiKey' ? 'api' : 'manual';
    const request = this.request(runnable, { mode, triggerNodeId: manualStartNode(runnable.workflow, this.engine.registry).id, items: inputItems(input), actorId: access.actorId });
    return this.start(request, wait);
  }

  /** Records the run as queued (durably, before answering when `wait` is false), then runs it in the fair queue. */
  async start(request: RunRequest, wait: boolean): Promise<Started> {
    const stream = await this.runner.queue(request);
    if (!wait) {
      await stream.flush();
      this.runInBackground(stream, request);
      return { executionId: request.executionId, status: 'running' };
    }
    let outcome: RunOutcome | undefined;
    await this.queue.submit(request.organizationId, async () => {
      outcome = await this.runner.run(stream, request);
    });
    return { ...outcome!, status: outcome!.result.status, input: request.items };
  }

  request(runnable: RunnableVersion, run: { mode: ExecutionMode; triggerNodeId: string; items: Item[]; actorId: string | null } & Partial<RunRequest>): RunRequest {
    return {
      executionId: randomUUID(),
      organizationId: runnable.organizationId,
      workflowId: runnable.workflowId,
      version: runnable.version,
      definition: runnable.workflow,
      ownerId: runnable.ownerId,
      ...run,
    };
  }

  /** Cancels a queued, running or waiting execution (the run here stops at its next node). */
  async cancel(access: OrganizationAccess, executionId: string, requestId: string): Promise<void> {
    const id = executionId.toLowerCase();
    const metadata = { commandId: randomUUID(), now: new Date(), organizationId: access.organizationId, actorId: access.actorId, correlationId: requestId };
    await handleCommand({ store: this.store, streamId: executionStreamId(id), decider: executionDecider, command: { type: 'CancelExecution', data: { actorRole: access.role }, metadata } });
    this.runner.abort(id);
  }

  /** Retries a failed or canceled execution as a new one (same version and input), answering at once. */
  async retry(access: OrganizationAccess, executionId: string, requestId: string): Promise<{ executionId: string; retryOf: string; status: 'running' }> {
    const original = await this.existing(access.organizationId, executionId);
    const runnable = await this.catalog.version(original.organizationId, original.workflowId, original.workflowVersion);
    if (runnable === undefined) throw new UserError('unprocessable', 'execution.workflow_gone', 'The workflow version this execution ran no longer exists.');
    const retryExecutionId = randomUUID();
    const metadata = { commandId: randomUUID(), now: new Date(), organizationId: access.organizationId, actorId: access.actorId, correlationId: requestId };
    const retried = await handleCommand({ store: this.store, streamId: executionStreamId(original.executionId), decider: executionDecider, command: { type: 'RetryExecution', data: { actorRole: access.role, retryExecutionId }, metadata } });
    const attempt = (retried.state as ExistingExecution).retryAttempt + 1;
    const request = this.request(runnable, {
      executionId: (retried.state as ExistingExecution).retriedAs ?? retryExecutionId,
      mode: original.mode,
      triggerNodeId: original.triggerNodeId ?? manualStartNode(runnable.workflow, this.engine.registry).id,
      items: await this.inputOf(original),
      actorId: access.actorId,
      triggeredBy: 'retry',
      retryOf: original.executionId,
      retryAttempt: attempt,
    });
    await this.start(request, false);
    return { executionId: request.executionId, retryOf: original.executionId, status: 'running' };
  }

  /** Runs an execution found unfinished (after a restart): resumes from its checkpoint, or from its trigger. */
  async recover(state: ExistingExecution): Promise<void> {
    const runnable = await this.catalog.version(state.organizationId, state.workflowId, state.workflowVersion);
    const stream = await ExecutionStream.load(this.store, state.executionId, state.organizationId);
    if (runnable === undefined) {
      stream.decide({ type: 'FailExecution', data: { claim: null, error: { message: 'The workflow version of this execution no longer exists.' } } });
      await stream.flush();
      return;
    }
    const request = this.request(runnable, { executionId: state.executionId, mode: state.mode, triggerNodeId: state.triggerNodeId ?? manualStartNode(runnable.workflow, this.engine.registry).id, items: await this.inputOf(state), actorId: state.queuedBy });
    const checkpoint = await this.checkpointOf(state);
    this.runInBackground(stream, request, checkpoint ? { checkpoint } : undefined, state.status === 'running' ? state.workerId : undefined);
  }

  /**
   * A waiting execution goes on: its timer is due (`timer`) or its resume webhook was
   * called (`webhook`, with the request as the wait node's output). Recorded before
   * answering; the run continues in the background from the checkpoint.
   */
  async resume(state: ExistingExecution, by: 'timer' | 'webhook', items?: Item[]): Promise<void> {
    const stream = await ExecutionStream.load(this.store, state.executionId, state.organizationId);
    const resumedWith = items === undefined ? null : await this.payloads.inlineOrRef(state.organizationId, state.executionId, 'resume input', items as never);
    stream.decide({ type: 'ResumeExecution', data: { by, resumedWith: resumedWith?.inline ?? null, resumedWithRef: resumedWith?.ref ?? null } });
    await stream.flush();
    const runnable = await this.catalog.version(state.organizationId, state.workflowId, state.workflowVersion);
    const checkpoint = await this.checkpointOf(state);
    if (runnable === undefined || checkpoint === undefined) {
      stream.decide({ type: 'FailExecution', data: { claim: null, error: { message: 'The execution cannot resume: its workflow version or its checkpoint is gone.' } } });
      await stream.flush();
      return;
    }
    const request = this.request(runnable, { executionId: state.executionId, mode: state.mode, triggerNodeId: state.triggerNodeId ?? '', items: [], actorId: state.queuedBy });
    this.runInBackground(stream, request, { checkpoint, ...(items ? { items } : {}) });
  }

  private runInBackground(stream: ExecutionStream, request: RunRequest, resume?: { checkpoint: Checkpoint; items?: Item[] }, takeoverFrom?: string | null): void {
    this.queue
      .submit(request.organizationId, async () => {
        await this.runner.run(stream, request, resume, takeoverFrom);
      })
      .catch((error: unknown) => this.logger.error(`execution ${request.executionId} could not run: ${error instanceof Error ? error.message : String(error)}`));
  }

  /** The execution `executionId` when it waits for its resume webhook; 404 otherwise (the id is the only secret of that URL). */
  async waitingForWebhook(executionId: string): Promise<ExistingExecution> {
    const id = executionId.toLowerCase();
    const notWaiting = () => new UserError('not_found', 'execution.not_waiting', 'No execution waits for a call on this URL.');
    if (!/^[0-9a-f-]{36}$/.test(id)) throw notWaiting();
    const state = foldEvents(executionDecider, (await this.store.readStream(executionStreamId(id))) as never[]);
    if (state.status !== 'waiting' || state.waitingOn?.webhook !== true) throw notWaiting();
    return state;
  }

  async existing(organizationId: string, executionId: string): Promise<ExistingExecution> {
    const id = executionId.toLowerCase();
    if (!/^[0-9a-f-]{36}$/.test(id)) throw notFound();
    const state = foldEvents(executionDecider, (await this.store.readStream(executionStreamId(id))) as never[]);
    if (state.status === 'none' || state.organizationId !== organizationId) throw notFound();
    return state;
  }

  private async inputOf(state: ExistingExecution): Promise<Item[]> {
    if (state.input) return state.input as unknown as Item[];
    if (state.inputRef) return (await this.payloads.read<Item[]>(this.db, state.organizationId, state.inputRef)) ?? [{ json: {} }];
    return [{ json: {} }];
  }

  private async checkpointOf(state: ExistingExecution): Promise<Checkpoint | undefined> {
    if (state.checkpoint) return state.checkpoint as Checkpoint;
    if (state.checkpointRef) return this.payloads.read<Checkpoint>(this.db, state.organizationId, state.checkpointRef);
    return undefined;
  }
}
