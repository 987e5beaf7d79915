import { Inject, Injectable, Optional } from '@nestjs/common';
import { ExecutionResumption } from '../executions/execution-resumption.js';
import { ExecutionStates } from '../executions/execution-states.js';
import { Executions } from '../executions/executions.service.js';
import { EXECUTION_JOBS, type ExecutionControl, type ExecutionJob, type ExecutionJobsRole } from './index.js';

/** A worker's end of the jobs and control topics (distributed mode). */
@Injectable()
export class ExecutionJobTaker {
  constructor(
    private readonly executions: Executions,
    private readonly states: ExecutionStates,
    private readonly resumption: ExecutionResumption,
    @Optional() @Inject(EXECUTION_JOBS) private readonly jobs?: ExecutionJobsRole,
  ) {}

  /**
   * Waits while the fair queue is full (the consumer's pace), then runs the queued
   * execution, or resumes the waiting one, in the fair queue. A job for an execution that
   * is no longer queued (redelivered, or recovered already) is done.
   */
  async take(job: ExecutionJob): Promise<void> {
    while (this.executions.queueFull) await new Promise((resolve) => setTimeout(resolve, 10));
    const state = await this.states.existing(job.organizationId, job.executionId).catch(() => undefined);
    if (state === undefined || this.executions.isLocal(job.executionId)) return;
    if (job.kind === 'resume') {
      if (state.status === 'waiting') await this.resumption.resume(state, 'webhook', job.items ?? undefined);
      return;
    }
    if (state.status !== 'queued') return;
    const replyTo = job.replyTo;
    const jobs = this.jobs?.jobs;
    await this.resumption.recover(
      state,
      replyTo === null || jobs === undefined ? undefined : (outcome) => jobs.reply(replyTo, outcome.executionId, outcome.result),
    );
  }

  /** A cancel recorded by the execution service: the run stops if it runs here (or as soon as it starts here). */
  control(message: ExecutionControl): void {
    if (message.kind === 'cancel') this.executions.abort(message.executionId);
  }
}
