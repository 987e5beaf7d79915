import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { type Checkpoint, type Item, type RunResult } from '@weft/engine-core';
import { type EventStreamStore, isUserError } from '@weft/kernel';
import { EVENT_STORE } from '@weft/nest';
import { RUN_CREDENTIALS, type RunCredentialsProvider } from '@weft/ports';
import { EXECUTION_CONFIG, type ExecutionConfig } from '../execution-config.js';
import { EXECUTION_JOBS, type ExecutionJobsRole } from '../jobs/index.js';
import { ExecutionPayloadStore } from '../runner/execution-payload-store.js';
import { ExecutionRunner } from '../runner/execution-runner.js';
import { type ExecutionStream } from '../runner/execution-stream.js';
import { FairWorkQueue } from '../runner/fair-work-queue.js';
import { type RunOutcome, type RunRequest } from '../runner/run-request.js';
import { ExecutionCatalog, type RunnableVersion } from './execution-catalog.js';
import { ExecutionEngine } from './execution-engine.js';
import { RunAllowance } from './run-allowance.js';
import { SubWorkflows } from './sub-workflows.js';

/** What a caller gets back: at once (`wait: false`, `onReceived`) or once the run ended. */
export type Started =
  | { readonly executionId: string; readonly status: 'running'; readonly duplicate?: true }
  | (RunOutcome & { readonly status: RunResult['status']; readonly input: readonly Item[] });

/** What a run's checkpoint resumes from (a wait, a takeover), with the items a resume webhook brought. */
export type Resume = { readonly checkpoint: Checkpoint; readonly items?: Item[] };

/** What follows a failed run (automatic retries, the error workflow: `FailureFollowUps`). */
export type FailureListener = (request: RunRequest, outcome: RunOutcome) => Promise<void>;

/** Refusals of a claim another worker won (a takeover race, an orphan scan that was early): the run goes on there. */
const CLAIMED_ELSEWHERE = new Set(['execution.already_running', 'execution.lease_changed', 'execution.lease_lost']);

/**
 * Starts and runs executions in this process: every run goes through the fair queue
 * (the per-organization limit), is recorded in its stream before anyone is told it was
 * accepted, and survives a restart (`ExecutionRecovery`). Distributed, the execution
 * service hands its runs to the workers instead (`dispatch`). What runs are asked for is
 * the use cases' (run-workflow/, webhooks/, retries, schedules, sub-workflows); what
 * follows a failure is `FailureFollowUps`'; resuming is `ExecutionResumption`'s.
 */
@Injectable()
export class Executions {
  private readonly logger = new Logger('executions');
  readonly runner: ExecutionRunner;
  private readonly queue: FairWorkQueue;
  private readonly concurrency: number;
  private readonly subWorkflows: SubWorkflows;
  private readonly failureListeners: FailureListener[] = [];
  /** The runs this process has queued or running (recovery leaves those alone). */
  private readonly local = new Set<string>();

  constructor(
    @Inject(EVENT_STORE) store: EventStreamStore,
    @Inject(EXECUTION_CONFIG) config: ExecutionConfig,
    @Inject(RUN_CREDENTIALS) credentials: RunCredentialsProvider,
    engine: ExecutionEngine,
    catalog: ExecutionCatalog,
    payloads: ExecutionPayloadStore,
    private readonly allowance: RunAllowance,
    // Distributed: the execution service hands runs to the workers, the workers take them (jobs/).
    @Optional() @Inject(EXECUTION_JOBS) private readonly jobs?: ExecutionJobsRole,
  ) {
    this.concurrency = config.concurrency;
    this.runner = new ExecutionRunner(store, engine, credentials, payloads, {
      workerId: config.workerId,
      checkpointIntervalMs: config.checkpointIntervalMs,
      watchdog: config.watchdog,
    });
    this.queue = new FairWorkQueue({ concurrency: config.concurrency, perOrganization: config.organizationConcurrency });
    this.subWorkflows = new SubWorkflows(this, catalog, engine.registry);
  }

  /** A run of `runnable` (a new execution id unless given), with its sub-workflow runner. */
  request(
    runnable: RunnableVersion,
    run: Pick<RunRequest, 'mode' | 'items' | 'actorId' | 'authorityId'> & { triggerNodeId: string } & Partial<RunRequest>,
  ): RunRequest {
    const request: RunRequest = {
      executionId: randomUUID(),
      organizationId: runnable.organizationId,
      workflowId: runnable.workflowId,
      version: runnable.version,
      definition: runnable.workflow,
      ...run,
    };
    return { ...request, services: { subWorkflows: { run: (call) => this.subWorkflows.run(request, call) } } };
  }

  /** Admits the run (the monthly run limit), records it as queued (durably, before answering when `wait` is false), then runs it in the fair queue. */
  async start(request: RunRequest, wait: boolean): Promise<Started> {
    await this.allowance.admit(request.organizationId);
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

  /** Runs a new execution now, in the caller's slot of the fair queue (a waiting sub-workflow: a slot of its own could deadlock the queue). */
  async runNow(request: RunRequest): Promise<RunOutcome> {
    await this.allowance.admit(request.organizationId);
    return this.execute(await this.runner.queue(request), request);
  }

  /**
   * Runs the execution in the background through the fair queue: from its trigger, or
   * from `resume`'s checkpoint; `takeoverFrom` names the worker whose claim it takes over.
   */
  runInBackground(
    stream: ExecutionStream,
    request: RunRequest,
    resume?: Resume,
    takeoverFrom?: string | null,
    onOutcome?: (outcome: RunOutcome) => Promise<void>,
  ): void {
    this.local.add(request.executionId);
    this.queue
      .submit(request.organizationId, async () => {
        const outcome = await this.execute(stream, request, resume, takeoverFrom);
        await onOutcome?.(outcome).catch((error: unknown) => this.logger.warn(`the result of ${request.executionId} was not sent: ${String(error)}`));
      })
      .catch((error: unknown) => {
        // Another worker claimed it first (a takeover race, or an orphan scan that was early): it runs there.
        if (isUserError(error) && CLAIMED_ELSEWHERE.has(error.code)) return;
        this.logger.error(`execution ${request.executionId} could not run: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => this.local.delete(request.executionId));
  }

  /** `listener` hears every run of this process that ends failed (it must not throw into the run). */
  onFailure(listener: FailureListener): void {
    this.failureListeners.push(listener);
  }

  /** Aborts the run if it runs here (its node in flight sees the signal); one that starts here later stops at once. */
  abort(executionId: string): void {
    this.runner.abort(executionId);
  }

  /** Whether this process has the execution queued or running (recovery leaves those alone). */
  isLocal(executionId: string): boolean {
    return this.local.has(executionId);
  }

  /** Whether `EXECUTION_CONCURRENCY` runs wait in the fair queue already (a worker takes no more jobs meanwhile). */
  get queueFull(): boolean {
    return this.queue.size.waiting >= this.concurrency;
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

  /** Runs one execution; a failure goes to the failure listeners (in the background: the caller gets the outcome now). */
  private async execute(stream: ExecutionStream, request: RunRequest, resume?: Resume, takeoverFrom?: string | null): Promise<RunOutcome> {
    const outcome = await this.runner.run(stream, request, resume, takeoverFrom);
    if (outcome.result.status === 'error') {
      for (const listener of this.failureListeners) {
        listener(request, outcome).catch((error: unknown) =>
          this.logger.error(`after the failure of ${request.executionId}: ${error instanceof Error ? error.message : String(error)}`),
        );
      }
    }
    return outcome;
  }
}
