import { Inject, Injectable, Optional } from '@nestjs/common';
import { type Item } from '@weft/engine-core';
import { type ExistingExecution } from '@weft/execution-domain';
import { type EventStreamStore, commandMetadata } from '@weft/kernel';
import { EVENT_STORE } from '@weft/nest';
import { EXECUTION_JOBS, type ExecutionJobsRole } from '../jobs/index.js';
import { ExecutionPayloadStore } from '../runner/execution-payload-store.js';
import { ExecutionStream } from '../runner/execution-stream.js';
import { type RunOutcome } from '../runner/run-request.js';
import { ExecutionCatalog } from './execution-catalog.js';
import { ExecutionEngine } from './execution-engine.js';
import { manualStartNode } from './execution-requests.js';
import { ExecutionStates } from './execution-states.js';
import { Executions } from './executions.service.js';
import { platformContext } from './platform-context.js';

/**
 * Executions that go on from where they are recorded: one found unfinished (its worker
 * died, or nobody took it: `recover`), and one that waited (its timer is due or its
 * resume webhook was called: `resume`). Both run in the background through the fair
 * queue, from the last checkpoint (or the trigger, when there is none yet).
 */
@Injectable()
export class ExecutionResumption {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStreamStore,
    private readonly executions: Executions,
    private readonly states: ExecutionStates,
    private readonly catalog: ExecutionCatalog,
    private readonly engine: ExecutionEngine,
    private readonly payloads: ExecutionPayloadStore,
    @Optional() @Inject(EXECUTION_JOBS) private readonly jobs?: ExecutionJobsRole,
  ) {}

  /** Runs an execution found unfinished (after a restart): resumes from its checkpoint, or from its trigger. */
  async recover(state: ExistingExecution, onOutcome?: (outcome: RunOutcome) => Promise<void>): Promise<void> {
    const runnable = await this.catalog.version(state.organizationId, state.workflowId, state.workflowVersion);
    const stream = await ExecutionStream.load(this.store, state.executionId, state.organizationId);
    if (runnable === undefined) {
      await this.fail(stream, state, 'The workflow version of this execution no longer exists.');
      return;
    }
    const triggerNodeId = state.triggerNodeId ?? manualStartNode(runnable.workflow, this.engine.registry).id;
    const request = this.executions.request(runnable, {
      executionId: state.executionId,
      mode: state.mode,
      triggerNodeId,
      items: await this.states.inputOf(state),
      actorId: state.queuedBy,
      authorityId: state.authorityId,
    });
    const checkpoint = await this.states.checkpointOf(state);
    this.executions.runInBackground(
      stream,
      request,
      checkpoint ? { checkpoint } : undefined,
      state.status === 'running' ? state.workerId : undefined,
      onOutcome,
    );
  }

  /**
   * A waiting execution goes on: its timer is due (`timer`) or its resume webhook was
   * called (`webhook`, with the request as the wait node's output). Recorded before
   * answering; the run continues in the background from the checkpoint. Distributed, the
   * execution service hands it to a worker, which records and runs it.
   */
  async resume(state: ExistingExecution, by: 'timer' | 'webhook', items?: Item[]): Promise<void> {
    if (this.jobs?.role === 'service') {
      await this.jobs.jobs.publish({ kind: 'resume', executionId: state.executionId, organizationId: state.organizationId, items: items ?? null });
      return;
    }
    const stream = await ExecutionStream.load(this.store, state.executionId, state.organizationId);
    const resumedWith = items === undefined ? null : await this.payloads.inlineOrRef(state.organizationId, state.executionId, 'resume input', items as never);
    // A due timer is the platform's command; a resume webhook's caller is nobody the platform knows (as a webhook's run).
    const metadata = by === 'timer' ? commandMetadata(platformContext(state.organizationId, state.executionId)) : undefined;
    stream.decide({ type: 'ResumeExecution', data: { by, resumedWith: resumedWith?.inline ?? null, resumedWithRef: resumedWith?.ref ?? null }, metadata });
    await stream.flush();
    const runnable = await this.catalog.version(state.organizationId, state.workflowId, state.workflowVersion);
    const checkpoint = await this.states.checkpointOf(state);
    if (runnable === undefined || checkpoint === undefined) {
      await this.fail(stream, state, 'The execution cannot resume: its workflow version or its checkpoint is gone.');
      return;
    }
    const request = this.executions.request(runnable, {
      executionId: state.executionId,
      mode: state.mode,
      triggerNodeId: state.triggerNodeId ?? '',
      items: [],
      actorId: state.queuedBy,
      authorityId: state.authorityId,
    });
    this.executions.runInBackground(stream, request, { checkpoint, ...(items ? { items } : {}) });
  }

  /** The platform fails a run it cannot run or resume (no claim: it is queued or waiting). */
  private async fail(stream: ExecutionStream, state: ExistingExecution, message: string): Promise<void> {
    stream.decide({
      type: 'FailExecution',
      data: { claim: null, error: { message } },
      metadata: commandMetadata(platformContext(state.organizationId, state.executionId)),
    });
    await stream.flush();
  }
}
