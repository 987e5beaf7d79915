import { Command } from '@nestjs/cqrs';
import { type CommandContext, type OrganizationRole } from '@weft/kernel';
import { type WorkflowView } from '@weft/read-model-workflows';
import { type WorkflowConnection, type WorkflowNode, type WorkflowSettings } from '@weft/workflows-domain';

/** A new workflow: its first version's content, or a template to copy it from. */
export interface CreateWorkflowInput {
  readonly name: string;
  /** Generated from the name when absent. */
  readonly slug?: string;
  readonly description?: string;
  readonly teamId?: string;
  readonly nodes: readonly WorkflowNode[];
  readonly connections: readonly WorkflowConnection[];
  readonly settings?: WorkflowSettings;
  readonly tags?: readonly string[];
  readonly isTemplate?: boolean;
  /** The definition is this template's (a workflow of the organization with `isTemplate`). */
  readonly fromTemplateId?: string;
}

/** Creates a workflow in the organization of `context`: version 1, a draft. */
export class CreateWorkflowCommand extends Command<WorkflowView> {
  constructor(
    readonly input: CreateWorkflowInput,
    readonly actorRole: OrganizationRole,
    readonly context: CommandContext,
  ) {
    super();
  }
}
