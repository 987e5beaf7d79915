import { tenantMetadata, tenantContextOf } from '@weft/kernel';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ORGANIZATION_DIRECTORY, type OrganizationDirectory } from '@weft/ports';
import { type WorkflowView } from '@weft/read-model-workflows';
import { CredentialUsePolicy } from '../../credentials/credential-use-policy.js';
import { definitionOf, requireValidDefinition } from '../workflow-definition-facts.js';
import { WorkflowStreams } from '../workflow-streams.js';
import { requireTeamOf } from '../workflow-team.js';
import { WorkflowViews } from '../workflow-views.js';
import { UpdateWorkflowCommand } from './update-workflow.command.js';

/**
 * The graph as it will be after the change goes to the engine (422) when the change
 * touches it, the team to tenancy; the new version's author becomes the authority of its
 * runs, so the credentials it names are looked up for the actor (the decider refuses a
 * credential the actor may not use, 403).
 */
@CommandHandler(UpdateWorkflowCommand)
export class UpdateWorkflowHandler implements ICommandHandler<UpdateWorkflowCommand> {
  constructor(
    private readonly streams: WorkflowStreams,
    private readonly views: WorkflowViews,
    private readonly credentialUse: CredentialUsePolicy,
    @Inject(ORGANIZATION_DIRECTORY) private readonly directory: OrganizationDirectory,
  ) {}

  async execute({ workflowId, input, actorRole, context }: UpdateWorkflowCommand): Promise<WorkflowView> {
    const {
      organizationId,
      actor: { id: actorId },
    } = tenantContextOf(context);
    const current = await this.views.require(organizationId, workflowId);
    const saved = definitionOf(current);
    const nodes = input.nodes ?? saved.nodes;
    if (input.nodes !== undefined || input.connections !== undefined || input.settings !== undefined) {
      requireValidDefinition({ nodes, connections: input.connections ?? saved.connections, settings: input.settings ?? saved.settings });
    }
    if (input.teamId) await requireTeamOf(this.directory, organizationId, input.teamId);
    const { expectedVersion, ...changes } = input;
    const credentialUse = await this.credentialUse.factsFor(organizationId, actorId, nodes);
    await this.streams.run(current.id, {
      type: 'UpdateWorkflow',
      data: { actorRole, expectedVersion, ...changes, credentialUse },
      metadata: tenantMetadata(context),
    });
    return this.views.require(organizationId, current.id);
  }
}
