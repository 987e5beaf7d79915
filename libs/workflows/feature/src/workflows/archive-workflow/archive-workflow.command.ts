import { Command } from '@nestjs/cqrs';
import { type CommandContext, type OrganizationRole } from '@weft/kernel';
import { type WorkflowView } from '@weft/read-model-workflows';

/** Archives the workflow: it stops (deactivated) and can no longer be changed, published or activated. */
export class ArchiveWorkflowCommand extends Command<WorkflowView> {
  constructor(
    readonly workflowId: string,
    readonly actorRole: OrganizationRole,
    readonly context: CommandContext,
  ) {
    super();
  }
}
