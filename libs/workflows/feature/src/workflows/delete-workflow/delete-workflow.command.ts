import { Command } from '@nestjs/cqrs';
import { type CommandContext, type OrganizationRole } from '@weft/kernel';

/** Archive + deactivate, then hidden: the events and versions stay, the slug and routes are freed. */
export class DeleteWorkflowCommand extends Command<void> {
  constructor(
    readonly workflowId: string,
    readonly actorRole: OrganizationRole,
    readonly context: CommandContext,
  ) {
    super();
  }
}
