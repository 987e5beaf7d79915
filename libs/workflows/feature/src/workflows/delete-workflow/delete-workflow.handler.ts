import { tenantMetadata, tenantContextOf } from '@weft/kernel';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { WebhookReservations } from '../webhook-reservations.js';
import { WorkflowSlugs } from '../workflow-slugs.js';
import { WorkflowStreams } from '../workflow-streams.js';
import { WorkflowViews } from '../workflow-views.js';
import { DeleteWorkflowCommand } from './delete-workflow.command.js';

/** After the decider's events, what the workflow held is given back: its routes and namespaces, and its slug (reusable by a new workflow). */
@CommandHandler(DeleteWorkflowCommand)
export class DeleteWorkflowHandler implements ICommandHandler<DeleteWorkflowCommand> {
  constructor(
    private readonly streams: WorkflowStreams,
    private readonly views: WorkflowViews,
    private readonly reservations: WebhookReservations,
    private readonly slugs: WorkflowSlugs,
  ) {}

  async execute({ workflowId, actorRole, context }: DeleteWorkflowCommand): Promise<void> {
    const { organizationId } = tenantContextOf(context);
    const current = await this.views.require(organizationId, workflowId);
    const before = await this.streams.existing(organizationId, current.id);
    await this.streams.run(current.id, { type: 'DeleteWorkflow', data: { actorRole }, metadata: tenantMetadata(context) });
    await this.reservations.giveBack(before.active?.webhooks ?? [], [], current.id, context);
    await this.slugs.release(current.slug, current.id, context);
  }
}
