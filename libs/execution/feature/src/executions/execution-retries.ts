import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type ExistingExecution } from '@weft/execution-domain';
import { type CommandContext, type EventStreamStore, type OrganizationRole } from '@weft/kernel';
import { EVENT_STORE } from '@weft/nest';
import { type OrganizationContext, handleExecutionCommand } from '../runner/execution-store.js';
import { type RunnableVersion } from './execution-catalog.js';
import { ExecutionEngine } from './execution-engine.js';
import { manualStartNode } from './execution-requests.js';
import { ExecutionStates } from './execution-states.js';
import { Executions } from './executions.service.js';

/** Who retries: the command's context and the actor's role (`null`: the platform's own), and whom the new run is queued by. */
export interface RetriedBy {
  readonly context: OrganizationContext;
  readonly actorRole: OrganizationRole | null;
  /** The new run's `queuedBy`. */
  readonly actorId: string | null;
  /** The new run's `ExecutionQueued` context (an API request's); absent: `actorId` alone. */
  readonly runContext?: CommandContext;
}

/**
 * A failed or canceled execution retried as a new one, by a user (`retry-execution/`) or
 * by the platform (`FailureFollowUps`, `settings.executionRetries`): `RetryExecution` on
 * the original's stream decides the new id and attempt, then the new run is queued with
 * the same version and input, from the same trigger, under the authority the original
 * was queued with (a retry runs the same version again, not the retrier's).
 */
@Injectable()
export class ExecutionRetries {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStreamStore,
    private readonly executions: Executions,
    private readonly states: ExecutionStates,
    private readonly engine: ExecutionEngine,
  ) {}

  /** Records the retry and queues it (answering at once); resolves with the new execution's id. */
  async retry(original: ExistingExecution, runnable: RunnableVersion, by: RetriedBy): Promise<string> {
    const retryExecutionId = randomUUID();
    const retried = await handleExecutionCommand(
      this.store,
      original.executionId,
      { type: 'RetryExecution', data: { actorRole: by.actorRole, retryExecutionId } },
      by.context,
    );
    const state = retried.state as ExistingExecution;
    const request = this.executions.request(runnable, {
      executionId: state.retriedAs ?? retryExecutionId,
      mode: original.mode,
      triggerNodeId: original.triggerNodeId ?? manualStartNode(runnable.workflow, this.engine.registry).id,
      items: await this.states.inputOf(original),
      actorId: by.actorId,
      authorityId: original.authorityId,
      ...(by.runContext === undefined ? {} : { context: by.runContext }),
      triggeredBy: 'retry',
      retryOf: original.executionId,
      retryAttempt: state.retryAttempt + 1,
    });
    await this.executions.start(request, false);
    return request.executionId;
  }
}
