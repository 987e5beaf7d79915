import { Command } from '@nestjs/cqrs';
import { type CommandContext, type OrganizationRole } from '@weft/kernel';
import { type WorkflowView } from '@weft/read-model-workflows';
import { type WorkflowConnection, type WorkflowNode, type WorkflowSettings } from '@weft/workflows-domain';

/** What changes (absent fields stay), and the version the client edited (a stale one is 409). */
export interface UpdateWorkflowInput {
  readonly expectedVersion: number;
  readonly name?: string;
  readonly description?: string;
  readonly teamId?: string;
  readonly nodes?: readonly WorkflowNode[];
  readonly connections?: readonly WorkflowConnection[];
  readonly settings?: WorkflowSettings;
  readonly tags?: readonly string[];
}

/** Saves a new version of the workflow (the current one + 1) when something changed. */
export class UpdateWorkflowCommand extends Command<WorkflowView> {
  constructor(
    readonly workflowId: string,
    readonly input: UpdateWorkflowInput,
    readonly actorRole: OrganizationRole,
    readonly context: CommandContext,
  ) {
    super();
  }
}
