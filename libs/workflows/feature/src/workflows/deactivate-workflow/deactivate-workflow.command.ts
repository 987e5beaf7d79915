import { Command } from '@nestjs/cqrs';
import { type CommandContext, type OrganizationRole } from '@weft/kernel';
import { type WorkflowView } from '@weft/read-model-workflows';

/** Stops the workflow's webhooks and schedules. */
export class DeactivateWorkflowCommand extends Command<WorkflowView> {
  constructor(
    readonly workflowId: string,
    readonly actorRole: OrganizationRole,
    readonly context: CommandContext,
  ) {
    super();
  }
}
