import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type N8nWorkflow, importN8nWorkflow } from '@weft/engine-nodes';
import { UserError } from '@weft/kernel';
import { CreateWorkflowCommand } from '../create-workflow/create-workflow.command.js';
import { definitionOf } from '../workflow-definition-facts.js';
import { type ImportedWorkflow, ImportWorkflowCommand } from './import-workflow.command.js';

type N8nExport = N8nWorkflow & { readonly name?: unknown };

/** 400 unless the body looks like an n8n export; the importer checks the rest. */
function requireN8nExport(source: unknown): N8nExport {
  if (typeof source === 'object' && source !== null && Array.isArray((source as { nodes?: unknown }).nodes)) return source as N8nExport;
  throw new UserError('validation', 'workflow.import_invalid', 'The body must be an n8n workflow export: {name, nodes: [...], connections: {...}}.', {
    errors: [{ field: 'nodes', message: 'must be an array of n8n nodes' }],
  });
}

/**
 * Converts the export with the engine's importer and creates the result as any new
 * workflow is created (the same checks, through `CreateWorkflowCommand`). What could
 * not be mapped is listed in the answer, never dropped silently.
 */
@CommandHandler(ImportWorkflowCommand)
export class ImportWorkflowHandler implements ICommandHandler<ImportWorkflowCommand> {
  constructor(private readonly commands: CommandBus) {}

  async execute({ source, actorRole, context }: ImportWorkflowCommand): Promise<ImportedWorkflow> {
    const n8n = requireN8nExport(source);
    const { workflow, problems } = importN8nWorkflow(n8n);
    const name = typeof n8n.name === 'string' && n8n.name.trim() !== '' ? n8n.name : 'Imported workflow';
    const created = await this.commands.execute(new CreateWorkflowCommand({ name, ...definitionOf(workflow) }, actorRole, context));
    return { workflow: created, unsupported: problems };
  }
}
