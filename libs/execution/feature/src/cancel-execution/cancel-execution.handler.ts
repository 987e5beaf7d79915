import { Inject, Logger, Optional } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type EventStreamStore } from '@weft/kernel';
import { EVENT_STORE } from '@weft/nest';
import { ExecutionStates } from '../executions/execution-states.js';
import { Executions } from '../executions/executions.service.js';
import { EXECUTION_JOBS, type ExecutionJobsRole } from '../jobs/index.js';
import { handleExecutionCommand } from '../runner/execution-store.js';
import { CancelExecutionCommand } from './cancel-execution.command.js';

/**
 * Records `ExecutionCanceled` (that is the answer), then aborts the run where it runs:
 * here (its node in flight sees the signal), or, distributed, on whichever worker runs it
 * (the control topic; a worker that starts it later stops at once). A lost signal only
 * delays the stop: the workers' watchdog reads the read model, and the run's next write
 * meets the canceled stream.
 */
@CommandHandler(CancelExecutionCommand)
export class CancelExecutionHandler implements ICommandHandler<CancelExecutionCommand> {
  private readonly logger = new Logger('executions');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStreamStore,
    private readonly states: ExecutionStates,
    private readonly executions: Executions,
    @Optional() @Inject(EXECUTION_JOBS) private readonly jobs?: ExecutionJobsRole,
  ) {}

  async execute({ access, context, executionId }: CancelExecutionCommand): Promise<{ executionId: string; status: 'canceled' }> {
    const { executionId: id } = await this.states.existing(access.organizationId, executionId);
    await handleExecutionCommand(
      this.store,
      id,
      { type: 'CancelExecution', data: { actorRole: access.role } },
      { ...context, organizationId: access.organizationId },
    );
    this.executions.abort(id);
    await this.jobs?.jobs
      .publishControl({ kind: 'cancel', executionId: id })
      .catch((error: unknown) => this.logger.warn(`the cancel of ${id} was recorded but not signaled to the workers: ${String(error)}`));
    return { executionId: id, status: 'canceled' };
  }
}
