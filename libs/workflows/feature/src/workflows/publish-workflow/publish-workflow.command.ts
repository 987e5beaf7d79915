import { Command } from '@nestjs/cqrs';
import { type CommandContext, type OrganizationRole } from '@weft/kernel';
import { type WorkflowView } from '@weft/read-model-workflows';

/** Pins the current version as the published one; `expectedVersion`, when given, must be it (409). */
export class PublishWorkflowCommand extends Command<WorkflowView> {
  constructor(
    readonly workflowId: string,
    readonly expectedVersion: number | undefined,
    readonly actorRole: OrganizationRole,
    readonly context: CommandContext,
  ) {
    super();
  }
}
