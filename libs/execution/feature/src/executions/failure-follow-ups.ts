import { Injectable, Logger } from '@nestjs/common';
import { errorWorkflowInput } from '@weft/engine-core';
import { type RunOutcome, type RunRequest } from '../runner/run-request.js';
import { executionRetriesOf } from '../runner/run-settings.js';
import { ExecutionCatalog } from './execution-catalog.js';
import { ExecutionEngine } from './execution-engine.js';
import { startNode } from './execution-requests.js';
import { ExecutionRetries } from './execution-retries.js';
import { ExecutionStates } from './execution-states.js';
import { Executions } from './executions.service.js';
import { platformContext } from './platform-context.js';

/**
 * What follows a failed run of this process (it listens to `Executions`): an automatic
 * retry after the backoff (`settings.executionRetries`, `executionRetryBackoffMs`
 * doubled per attempt), and the workflow's error workflow (`settings.errorWorkflowId`),
 * unless the failed run is an error workflow itself. Both are the platform's commands.
 */
@Injectable()
export class FailureFollowUps {
  private readonly logger = new Logger('executions');

  constructor(
    private readonly executions: Executions,
    private readonly retries: ExecutionRetries,
    private readonly states: ExecutionStates,
    private readonly catalog: ExecutionCatalog,
    private readonly engine: ExecutionEngine,
  ) {
    executions.onFailure((request, outcome) => this.afterFailure(request, outcome));
  }

  /** A failed run's retry decided by the platform: same version and input, attempt + 1; not when it was retried or is no failure. */
  async retryAutomatically(organizationId: string, executionId: string): Promise<void> {
    const original = await this.states.existing(organizationId, executionId);
    if (original.retriedAs !== null || original.status !== 'error') return;
    const runnable = await this.catalog.version(original.organizationId, original.workflowId, original.workflowVersion);
    if (runnable === undefined) return;
    await this.retries.retry(original, runnable, {
      context: platformContext(organizationId, original.executionId),
      actorRole: null,
      actorId: original.queuedBy,
    });
  }

  private async afterFailure(request: RunRequest, outcome: RunOutcome): Promise<void> {
    const { retries, backoffMs } = executionRetriesOf(request.definition);
    const attempt = request.retryAttempt ?? 0;
    if (attempt < retries) {
      const retry = () =>
        void this.retryAutomatically(request.organizationId, request.executionId).catch((error: unknown) =>
          this.logger.error(`automatic retry of ${request.executionId}: ${String(error)}`),
        );
      setTimeout(retry, backoffMs * 2 ** attempt).unref();
    }
    const errorWorkflowId = request.definition.settings?.errorWorkflowId;
    if (typeof errorWorkflowId === 'string' && errorWorkflowId !== '' && request.triggeredBy !== 'error-workflow')
      await this.runErrorWorkflow(request, outcome, errorWorkflowId);
  }

  /** `settings.errorWorkflowId`: that workflow runs from its errorTrigger with the failed run's summary. */
  private async runErrorWorkflow(failed: RunRequest, outcome: RunOutcome, errorWorkflowId: string): Promise<void> {
    const runnable = await this.catalog.latest(failed.organizationId, errorWorkflowId.toLowerCase());
    if (runnable === undefined) {
      this.logger.warn(`execution ${failed.executionId} failed; its error workflow ${errorWorkflowId} does not exist in the organization`);
      return;
    }
    const request = this.executions.request(runnable, {
      mode: failed.mode,
      triggerNodeId: startNode(runnable.workflow, this.engine.registry, 'errorTrigger').id,
      items: errorWorkflowInput(outcome.result, failed.definition, failed.mode),
      actorId: null,
      authorityId: runnable.authorId,
      context: platformContext(failed.organizationId, failed.executionId),
      triggeredBy: 'error-workflow',
      parentExecutionId: failed.executionId,
    });
    await this.executions.start(request, false);
  }
}
