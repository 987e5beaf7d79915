import { Command } from '@nestjs/cqrs';
import { type ImportProblem } from '@weft/engine-nodes';
import { type CommandContext, type OrganizationRole } from '@weft/kernel';
import { type WorkflowView } from '@weft/read-model-workflows';

/** The created workflow, and what of the export could not be carried over exactly. */
export interface ImportedWorkflow {
  readonly workflow: WorkflowView;
  readonly unsupported: readonly ImportProblem[];
}

/** Creates a workflow from an n8n export, as n8n writes it (`source` is the unchecked body). */
export class ImportWorkflowCommand extends Command<ImportedWorkflow> {
  constructor(
    readonly source: unknown,
    readonly actorRole: OrganizationRole,
    readonly context: CommandContext,
  ) {
    super();
  }
}
