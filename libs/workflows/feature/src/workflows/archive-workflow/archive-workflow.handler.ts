import { tenantMetadata, tenantContextOf } from '@weft/kernel';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type WorkflowView } from '@weft/read-model-workflows';
import { WebhookReservations } from '../webhook-reservations.js';
import { WorkflowStreams } from '../workflow-streams.js';
import { WorkflowViews } from '../workflow-views.js';
import { ArchiveWorkflowCommand } from './archive-workflow.command.js';

/** Archiving deactivates: the routes and namespaces the active version held are given back after the decider's events. */
@CommandHandler(ArchiveWorkflowCommand)
export class ArchiveWorkflowHandler implements ICommandHandler<ArchiveWorkflowCommand> {
  constructor(
    private readonly streams: WorkflowStreams,
    private readonly views: WorkflowViews,
    private readonly reservations: WebhookReservations,
  ) {}

  async execute({ workflowId, actorRole, context }: ArchiveWorkflowCommand): Promise<WorkflowView> {
    const { organizationId } = tenantContextOf(context);
    const current = await this.views.require(organizationId, workflowId);
    const before = await this.streams.existing(organizationId, current.id);
    await this.streams.run(current.id, { type: 'ArchiveWorkflow', data: { actorRole }, metadata: tenantMetadata(context) });
    await this.reservations.giveBack(before.active?.webhooks ?? [], [], current.id, context);
    return this.views.require(organizationId, current.id);
  }
}
