import { Inject, Injectable } from '@nestjs/common';
import { type CommandResult, type EventStreamStore, UserError, handleCommand, loadState, streamIdOf } from '@weft/kernel';
import { EVENT_STORE, ReadYourWrites } from '@weft/nest';
import { WORKFLOWS_PROJECTION } from '@weft/read-model-workflows';
import { type ExistingWorkflow, type WorkflowCommand, type WorkflowState, workflowDecider } from '@weft/workflows-domain';
import { WORKFLOW_READ_MODELS } from './workflow-read-models.js';

export const workflowStreamId = (workflowId: string) => streamIdOf('workflows', 'Workflow', workflowId);

export const workflowNotFound = () => new UserError('not_found', 'workflow.not_found', 'No such workflow.');

/**
 * The Workflow streams: a command through the decider, then waiting until the workflows
 * read model (and the projections of `WORKFLOW_READ_MODELS`) show it, so the answer
 * reads its own write; and a workflow's current state, which the read model may lag.
 */
@Injectable()
export class WorkflowStreams {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStreamStore,
    private readonly readYourWrites: ReadYourWrites,
    @Inject(WORKFLOW_READ_MODELS) private readonly alsoWaitFor: readonly string[],
  ) {}

  async run(workflowId: string, command: WorkflowCommand): Promise<CommandResult<WorkflowState>> {
    const streamId = workflowStreamId(workflowId);
    const result = await handleCommand({ store: this.store, streamId, decider: workflowDecider, command });
    await this.readYourWrites.afterCommand(streamId, result, [WORKFLOWS_PROJECTION, ...this.alsoWaitFor]);
    return result;
  }

  /** The workflow's state from its stream: 404 when it is another organization's, deleted, or was never created. */
  async existing(organizationId: string, workflowId: string): Promise<ExistingWorkflow> {
    const state = await loadState(this.store, workflowStreamId(workflowId), workflowDecider);
    if (state.status === 'none' || state.organizationId !== organizationId || state.deleted) throw workflowNotFound();
    return state;
  }
}
