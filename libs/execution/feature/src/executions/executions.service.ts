import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { type Checkpoint, type Item, type RunResult, errorWorkflowInput } from '@weft/engine-core';
import { type ExecutionMode, type ExistingExecution, executionDecider, executionStreamId } from '@weft/execution-domain';
import { type EventStreamStore, UserError, loadState, handleCommand, isUserError, isUuid } from '@weft/kernel';
import { EVENT_STORE, type OrganizationAccess, RUN_CREDENTIALS, type RunCredentialsProvider } from '@weft/nest';
import { Database } from '@weft/postgres';
import { EXECUTION_CONFIG, type ExecutionConfig } from '../execution-config.js';
import { EXECUTION_JOBS, type ExecutionControl, type ExecutionJob, type ExecutionJobsRole } from '../jobs/index.js';
import { ExecutionPayloads } from '../runner/execution-payloads.js';
import { ExecutionRunner, type RunOutcome, type RunRequest, executionRetriesOf } from '../runner/execution-runner.js';
import { ExecutionStream } from '../runner/execution-stream.js';
import { FairWorkQueue } from '../runner/fair-work-queue.js';
import { ExecutionCatalog, type RunnableVersion } from './execution-catalog.js';
import { ExecutionEngine } from './execution-engine.js';
import { inputItems, latestWorkflowVersion, manualStartNode, startNode } from './execution-requests.js';

/** Sub-workflows calling sub-workflows: deeper than this is taken for a loop. */
const MAX_SUB_WORKFLOW_DEPTH = 10;

const notFound = () => new UserError('not_found', 'execution.not_found', 'No such execution.');
const workflowNotFound = () => new UserError('not_found', 'workflow.not_found', 'No such workflow.');

/** What a caller gets back: at once (`wait: false`, `onReceived`) or once the run ended. */
export type Started = { readonly executionId: string; readonly status: 'running'; readonly duplicate?: true } | (RunOutcome & { readonly status: RunResult['status']; readonly input: readonly Item[] });

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
  private readonly concurrency: number;
  readonly payloads: ExecutionPayloads;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStreamStore,
    @Inject(Database) private readonly db: Database,
    @Inject(EXECUTION_CONFIG) config: ExecutionConfig,
    @Inject(RUN_CREDENTIALS) credentials: RunCredentialsProvider,
    readonly engine: ExecutionEngine,
    private readonly catalog: ExecutionCatalog,
    // Distributed: the execution service hands runs to the workers, the workers take them (jobs/).
    @Optional() @Inject(EXECUTION_JOBS) private readonly jobs?: ExecutionJobsRole,
  ) {
    this.concurrency = config.concurrency;
    this.payloads = new ExecutionPayloads(db);
    this.runner = new ExecutionRunner(store, engine, credentials, this.payloads, { workerId: config.workerId, checkpointIntervalMs: config.checkpointIntervalMs, watchdog: config.watchdog });
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
    // The authority is who saved the version, not who runs it: the run does what its author built, with what its author may use.
    const request = this.request(runnable, { mode, triggerNodeId: manualStartNode(runnable.workflow, this.engine.registry).id, items: inputItems(input), actorId: access.actorId, authorityId: runnable.authorId });
    return this.start(request, wait);
  }

  /** Records the run as queued (durably, before answering when `wait` is false), then runs it in the fair queue. */
  async start(request: RunRequest, wait: boolean): Promise<Started> {
    const stream = await this.runner.queue(request);
    if (this.jobs?.role === 'service') return this.dispatch(stream, request, wait);
    if (!wait) {
      // Nothing appended: the same run was queued already (a deterministic id: a schedule tick another replica took).
      if ((await stream.flush()) === 0) return { executionId: request.executionId, status: 'running', duplicate: true };
      this.runInBackground(stream, request);
      return { executionId: request.executionId, status: 'running' };
    }
    let outcome: RunOutcome | undefined;
    this.local.add(request.executionId);
    await this.queue
      .submit(request.organizationId, async () => {
        outcome = await this.execute(stream, request);
      })
      .finally(() => this.local.delete(request.executionId));
    return { ...outcome!, status: outcome!.result.status, input: request.items };
  }

  /**
   * The execution service's `start`: the run is recorded as queued, then handed to a
   * worker through Kafka; `wait` answers with the worker's result, or with the id (202)
   * when none comes in time. A job that cannot be published is not lost: the run is
   * recorded, and the workers' recovery scan finds queued runs nobody took.
   */
  private async dispatch(stream: ExecutionStream, request: RunRequest, wait: boolean): Promise<Started> {
    const accepted: Started = { executionId: request.executionId, status: 'running' };
    if ((await stream.flush()) === 0) return { ...accepted, duplicate: true };
    const jobs = this.jobs!.jobs;
    const result = wait ? jobs.awaitResult(request.executionId) : undefined;
    try {
      await jobs.publish({ kind: 'run', executionId: request.executionId, organizationId: request.organizationId, replyTo: wait ? jobs.inbox : null });
    } catch (error) {
      this.logger.warn(`execution ${request.executionId} is queued but its job was not published (the workers' recovery will run it): ${String(error)}`);
      return accepted;
    }
    const finished = await result;
    if (finished == null) return accepted;
    // The checkpoint stays with the worker; nothing that answers the caller reads it.
    return { executionId: request.executionId, result: finished as RunResult, status: finished.status, input: request.items };
  }

  /**
   * A worker's end of a job: waits while its queue is full (the consumer's pace), then
   * runs the queued execution, or resumes the waiting one, in the fair queue. A job for
   * an execution that is no longer queued (redelivered, or recovered already) is done.
   */
  async takeJob(job: ExecutionJob): Promise<void> {
    while (this.queue.size.waiting >= this.concurrency) await new Promise((resolve) => setTimeout(resolve, 10));
    const state = await this.existing(job.organizationId, job.executionId).catch(() => undefined);
    if (state === undefined || this.isLocal(job.executionId)) return;
    if (job.kind === 'resume') {
      if (state.status === 'waiting') await this.resume(state, 'webhook', job.items ?? undefined);
      return;
    }
    if (state.status !== 'queued') return;
    const replyTo = job.replyTo;
    const jobs = this.jobs?.jobs;
    await this.recover(state, replyTo === null || jobs === undefined ? undefined : (outcome) => jobs.reply(replyTo, outcome.executionId, outcome.result));
  }

  request(runnable: RunnableVersion, run: Pick<RunRequest, 'mode' | 'items' | 'actorId' | 'authorityId'> & { triggerNodeId: string } & Partial<RunRequest>): RunRequest {
    const request: RunRequest = {
      executionId: randomUUID(),
      organizationId: runnable.organizationId,
      workflowId: runnable.workflowId,
      version: runnable.version,
      definition: runnable.workflow,
      ...run,
    };
    return { ...request, services: { subWorkflows: { run: (call) => this.runSubWorkflow(request, call) } } };
  }

  /**
   * The `executeWorkflow` node: the newest version of another workflow of the same
   * organization, from its executeWorkflowTrigger, as an execution of its own linked to
   * this one. Waiting, it runs in this run's slot (a child waiting for a slot its parent
   * holds would deadlock the queue); fire-and-forget, it is queued like any run.
   */
  private async runSubWorkflow(parent: RunRequest, call: { workflowId: string; items: Item[]; waitForCompletion: boolean }): Promise<Item[]> {
    const depth = (parent.depth ?? 0) + 1;
    if (depth > MAX_SUB_WORKFLOW_DEPTH) throw new Error(`Sub-workflows nest deeper than ${MAX_SUB_WORKFLOW_DEPTH} levels; is a workflow calling itself?`);
    const workflowId = call.workflowId.toLowerCase();
    const latest = await latestWorkflowVersion(this.db, parent.organizationId, workflowId).catch(() => undefined);
    const runnable = latest === undefined ? undefined : await this.catalog.version(parent.organizationId, workflowId, latest);
    if (runnable === undefined) throw new Error(`The sub-workflow ${call.workflowId} does not exist in this organization.`);
    const child = this.request(runnable, {
      mode: parent.mode,
      triggerNodeId: startNode(runnable.workflow, this.engine.registry, 'executeWorkflowTrigger').id,
      items: call.items,
      actorId: parent.actorId,
      authorityId: runnable.authorId,
      triggeredBy: 'sub-workflow',
      parentExecutionId: parent.executionId,
      depth,
    });
    if (!call.waitForCompletion) {
      await this.start(child, false);
      return call.items;
    }
    const outcome = await this.execute(await this.runner.queue(child), child);
    if (outcome.result.status !== 'success') throw new Error(`The sub-workflow ${runnable.workflow.name ?? workflowId} ended ${outcome.result.status}: ${outcome.result.error?.message ?? 'no output'}`);
    return outcome.result.lastNodeOutput;
  }

  /** Runs one execution and does what its end calls for: an automatic retry, the error workflow. */
  private async execute(stream: ExecutionStream, request: RunRequest, resume?: { checkpoint: Checkpoint; items?: Item[] }, takeoverFrom?: string | null): Promise<RunOutcome> {
    const outcome = await this.runner.run(stream, request, resume, takeoverFrom);
    if (outcome.result.status === 'error') {
      this.afterFailure(request, outcome).catch((error: unknown) => this.logger.error(`after the failure of ${request.executionId}: ${error instanceof Error ? error.message : String(error)}`));
    }
    return outcome;
  }

  private async afterFailure(request: RunRequest, outcome: RunOutcome): Promise<void> {
    const { retries, backoffMs } = executionRetriesOf(request.definition);
    const attempt = request.retryAttempt ?? 0;
    if (attempt < retries) {
      const timer = setTimeout(() => void this.retryAutomatically(request.organizationId, request.executionId).catch((error: unknown) => this.logger.error(`automatic retry of ${request.executionId}: ${String(error)}`)), backoffMs * 2 ** attempt);
      timer.unref();
    }
    const errorWorkflowId = request.definition.settings?.errorWorkflowId;
    if (typeof errorWorkflowId === 'string' && errorWorkflowId !== '' && request.triggeredBy !== 'error-workflow') await this.runErrorWorkflow(request, outcome, errorWorkflowId);
  }

  /** A failed run's retry decided by the platform (no actor): same version and input, attempt + 1. */
  async retryAutomatically(organizationId: string, executionId: string): Promise<void> {
    const original = await this.existing(organizationId, executionId);
    if (original.retriedAs !== null || original.status !== 'error') return;
    const runnable = await this.catalog.version(original.organizationId, original.workflowId, original.workflowVersion);
    if (runnable === undefined) return;
    const metadata = { commandId: randomUUID(), now: new Date(), organizationId };
    const retried = await handleCommand({ store: this.store, streamId: executionStreamId(original.executionId), decider: executionDecider, command: { type: 'RetryExecution', data: { actorRole: null, retryExecutionId: randomUUID() }, metadata } });
    const state = retried.state as ExistingExecution;
    const request = this.request(runnable, {
      executionId: state.retriedAs!,
      mode: original.mode,
      triggerNodeId: original.triggerNodeId ?? manualStartNode(runnable.workflow, this.engine.registry).id,
      items: await this.inputOf(original),
      actorId: original.queuedBy,
      authorityId: original.authorityId,
      triggeredBy: 'retry',
      retryOf: original.executionId,
      retryAttempt: original.retryAttempt + 1,
    });
    await this.start(request, false);
  }

  /** `settings.errorWorkflowId`: that workflow runs from its errorTrigger with the failed run's summary. */
  private async runErrorWorkflow(failed: RunRequest, outcome: RunOutcome, errorWorkflowId: string): Promise<void> {
    const id = errorWorkflowId.toLowerCase();
    const latest = await latestWorkflowVersion(this.db, failed.organizationId, id).catch(() => undefined);
    const runnable = latest === undefined ? undefined : await this.catalog.version(failed.organizationId, id, latest);
    if (runnable === undefined) {
      this.logger.warn(`execution ${failed.executionId} failed; its error workflow ${errorWorkflowId} does not exist in the organization`);
      return;
    }
    const request = this.request(runnable, {
      mode: failed.mode,
      triggerNodeId: startNode(runnable.workflow, this.engine.registry, 'errorTrigger').id,
      items: errorWorkflowInput(outcome.result, failed.definition, failed.mode),
      actorId: null,
      authorityId: runnable.authorId,
      triggeredBy: 'error-workflow',
      parentExecutionId: failed.executionId,
    });
    await this.start(request, false);
  }

  /**
   * Cancels a queued, running or waiting execution: a run here is aborted (its node in
   * flight sees the signal); distributed, every worker is told over the control topic and
   * the one running it aborts it (one that starts it later stops at once).
   */
  async cancel(access: OrganizationAccess, executionId: string, requestId: string): Promise<void> {
    const id = executionId.toLowerCase();
    const metadata = { commandId: randomUUID(), now: new Date(), organizationId: access.organizationId, actorId: access.actorId, correlationId: requestId };
    await handleCommand({ store: this.store, streamId: executionStreamId(id), decider: executionDecider, command: { type: 'CancelExecution', data: { actorRole: access.role }, metadata } });
    this.runner.abort(id);
    // The cancel is recorded: a lost signal only delays the stop (the workers' watchdog reads the read model, and their next write meets the canceled stream).
    await this.jobs?.jobs.publishControl({ kind: 'cancel', executionId: id }).catch((error: unknown) => this.logger.warn(`the cancel of ${id} was recorded but not signaled to the workers: ${String(error)}`));
  }

  /** A worker's end of the control topic: a cancel recorded by the execution service. */
  control(message: ExecutionControl): void {
    if (message.kind === 'cancel') this.runner.abort(message.executionId);
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
      // A retry runs the same version again, so with the authority it was queued with, not the retrier's.
      authorityId: original.authorityId,
      triggeredBy: 'retry',
      retryOf: original.executionId,
      retryAttempt: attempt,
    });
    await this.start(request, false);
    return { executionId: request.executionId, retryOf: original.executionId, status: 'running' };
  }

  /** Runs an execution found unfinished (after a restart): resumes from its checkpoint, or from its trigger. */
  async recover(state: ExistingExecution, onOutcome?: (outcome: RunOutcome) => Promise<void>): Promise<void> {
    const runnable = await this.catalog.version(state.organizationId, state.workflowId, state.workflowVersion);
    const stream = await ExecutionStream.load(this.store, state.executionId, state.organizationId);
    if (runnable === undefined) {
      stream.decide({ type: 'FailExecution', data: { claim: null, error: { message: 'The workflow version of this execution no longer exists.' } } });
      await stream.flush();
      return;
    }
    const request = this.request(runnable, { executionId: state.executionId, mode: state.mode, triggerNodeId: state.triggerNodeId ?? manualStartNode(runnable.workflow, this.engine.registry).id, items: await this.inputOf(state), actorId: state.queuedBy, authorityId: state.authorityId });
    const checkpoint = await this.checkpointOf(state);
    this.runInBackground(stream, request, checkpoint ? { checkpoint } : undefined, state.status === 'running' ? state.workerId : undefined, onOutcome);
  }

  /**
   * A waiting execution goes on: its timer is due (`timer`) or its resume webhook was
   * called (`webhook`, with the request as the wait node's output). Recorded before
   * answering; the run continues in the background from the checkpoint.
   */
  async resume(state: ExistingExecution, by: 'timer' | 'webhook', items?: Item[]): Promise<void> {
    if (this.jobs?.role === 'service') {
      // Recorded and run by the worker that takes the job.
      await this.jobs.jobs.publish({ kind: 'resume', executionId: state.executionId, organizationId: state.organizationId, items: items ?? null });
      return;
    }
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
    const request = this.request(runnable, { executionId: state.executionId, mode: state.mode, triggerNodeId: state.triggerNodeId ?? '', items: [], actorId: state.queuedBy, authorityId: state.authorityId });
    this.runInBackground(stream, request, { checkpoint, ...(items ? { items } : {}) });
  }

  /** Whether this process has the execution queued or running (recovery leaves those alone). */
  isLocal(executionId: string): boolean {
    return this.local.has(executionId);
  }

  private readonly local = new Set<string>();

  private runInBackground(stream: ExecutionStream, request: RunRequest, resume?: { checkpoint: Checkpoint; items?: Item[] }, takeoverFrom?: string | null, onOutcome?: (outcome: RunOutcome) => Promise<void>): void {
    this.local.add(request.executionId);
    this.queue
      .submit(request.organizationId, async () => {
        const outcome = await this.execute(stream, request, resume, takeoverFrom);
        await onOutcome?.(outcome).catch((error: unknown) => this.logger.warn(`the result of ${request.executionId} was not sent: ${String(error)}`));
      })
      .catch((error: unknown) => {
        // Another worker claimed it first (a takeover race, or an orphan scan that was early): it runs there.
        if (isUserError(error) && (error.code === 'execution.already_running' || error.code === 'execution.lease_changed' || error.code === 'execution.lease_lost')) return;
        this.logger.error(`execution ${request.executionId} could not run: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => this.local.delete(request.executionId));
  }

  /** The execution `executionId` when it waits for its resume webhook; 404 otherwise (the id is the only secret of that URL). */
  async waitingForWebhook(executionId: string): Promise<ExistingExecution> {
    const id = executionId.toLowerCase();
    const notWaiting = () => new UserError('not_found', 'execution.not_waiting', 'No execution waits for a call on this URL.');
    if (!isUuid(id)) throw notWaiting();
    const state = await loadState(this.store, executionStreamId(id), executionDecider);
    if (state.status !== 'waiting' || state.waitingOn?.webhook !== true) throw notWaiting();
    return state;
  }

  async existing(organizationId: string, executionId: string): Promise<ExistingExecution> {
    const id = executionId.toLowerCase();
    if (!isUuid(id)) throw notFound();
    const state = await loadState(this.store, executionStreamId(id), executionDecider);
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
