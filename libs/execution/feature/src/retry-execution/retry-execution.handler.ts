import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UserError } from '@weft/kernel';
import { ExecutionCatalog } from '../executions/execution-catalog.js';
import { ExecutionRetries } from '../executions/execution-retries.js';
import { ExecutionStates } from '../executions/execution-states.js';
import { type RetryAccepted, RetryExecutionCommand } from './retry-execution.command.js';

/** A user's retry: recorded on the original, then the new run queued (answering at once); `ExecutionRetries` is the rule. */
@CommandHandler(RetryExecutionCommand)
export class RetryExecutionHandler implements ICommandHandler<RetryExecutionCommand> {
  constructor(
    private readonly states: ExecutionStates,
    private readonly catalog: ExecutionCatalog,
    private readonly retries: ExecutionRetries,
  ) {}

  async execute({ access, context, executionId }: RetryExecutionCommand): Promise<RetryAccepted> {
    const original = await this.states.existing(access.organizationId, executionId);
    const runnable = await this.catalog.version(original.organizationId, original.workflowId, original.workflowVersion);
    if (runnable === undefined) throw new UserError('unprocessable', 'execution.workflow_gone', 'The workflow version this execution ran no longer exists.');
    const retried = await this.retries.retry(original, runnable, {
      context: { ...context, organizationId: access.organizationId },
      actorRole: access.role,
      actorId: access.actorId,
      runContext: context,
    });
    return { executionId: retried, retryOf: original.executionId, status: 'running' };
  }
}
