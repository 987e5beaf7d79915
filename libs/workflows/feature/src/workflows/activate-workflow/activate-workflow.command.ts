import { Command } from '@nestjs/cqrs';
import { type CommandContext, type OrganizationRole } from '@weft/kernel';
import { type WorkflowView } from '@weft/read-model-workflows';

/** Puts the workflow in production: the published version (else the current) on its webhooks and schedules. */
export class ActivateWorkflowCommand extends Command<WorkflowView> {
  constructor(
    readonly workflowId: string,
    readonly actorRole: OrganizationRole,
    readonly context: CommandContext,
  ) {
    super();
  }
}
