import { tenantMetadata, tenantContextOf } from '@weft/kernel';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type WorkflowView } from '@weft/read-model-workflows';
import { CredentialUsePolicy } from '../../credentials/credential-use-policy.js';
import { WorkflowStreams } from '../workflow-streams.js';
import { WorkflowViews } from '../workflow-views.js';
import { PublishWorkflowCommand } from './publish-workflow.command.js';

/** Publishing makes the actor the authority of the version's runs: its credentials are looked up for them (403 in the decider). */
@CommandHandler(PublishWorkflowCommand)
export class PublishWorkflowHandler implements ICommandHandler<PublishWorkflowCommand> {
  constructor(
    private readonly streams: WorkflowStreams,
    private readonly views: WorkflowViews,
    private readonly credentialUse: CredentialUsePolicy,
  ) {}

  async execute({ workflowId, expectedVersion, actorRole, context }: PublishWorkflowCommand): Promise<WorkflowView> {
    const {
      organizationId,
      actor: { id: actorId },
    } = tenantContextOf(context);
    const current = await this.views.require(organizationId, workflowId);
    const state = await this.streams.existing(organizationId, current.id);
    const credentialUse = await this.credentialUse.factsFor(organizationId, actorId, state.content.nodes);
    const data = { actorRole, credentialUse, ...(expectedVersion === undefined ? {} : { expectedVersion }) };
    await this.streams.run(current.id, { type: 'PublishWorkflow', data, metadata: tenantMetadata(context) });
    return this.views.require(organizationId, current.id);
  }
}
