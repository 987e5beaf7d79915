import { tenantMetadata, tenantContextOf } from '@weft/kernel';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type WorkflowView } from '@weft/read-model-workflows';
import { WebhookReservations } from '../webhook-reservations.js';
import { WorkflowStreams } from '../workflow-streams.js';
import { WorkflowViews } from '../workflow-views.js';
import { DeactivateWorkflowCommand } from './deactivate-workflow.command.js';

/** The routes and namespaces the active version held are given back once the deactivation is recorded (a route is free only after nothing serves it). */
@CommandHandler(DeactivateWorkflowCommand)
export class DeactivateWorkflowHandler implements ICommandHandler<DeactivateWorkflowCommand> {
  constructor(
    private readonly streams: WorkflowStreams,
    private readonly views: WorkflowViews,
    private readonly reservations: WebhookReservations,
  ) {}

  async execute({ workflowId, actorRole, context }: DeactivateWorkflowCommand): Promise<WorkflowView> {
    const { organizationId } = tenantContextOf(context);
    const current = await this.views.require(organizationId, workflowId);
    const before = await this.streams.existing(organizationId, current.id);
    await this.streams.run(current.id, { type: 'DeactivateWorkflow', data: { actorRole }, metadata: tenantMetadata(context) });
    await this.reservations.giveBack(before.active?.webhooks ?? [], [], current.id, context);
    return this.views.require(organizationId, current.id);
  }
}
