import { type Item, type JsonValue, type NodeDefinition, type NodeRegistry, type WorkflowDefinition } from '@weft/engine-core';
import { UserError } from '@weft/kernel';
import { type Queryable } from '@weft/postgres';

/**
 * The newest version of a workflow the catalog knows (manual runs run the version being
 * edited): the execution context's own catalog table, filtered on the organization
 * (`ExecutionCatalog.latest`).
 */
export async function latestWorkflowVersion(db: Queryable, organizationId: string, workflowId: string): Promise<number | undefined> {
  const { rows } = await db.query<{ version: number | null }>(
    'select max(version) as version from execution_workflow_versions where organization_id = $1 and workflow_id = $2',
    [organizationId, workflowId],
  );
  return rows[0]?.version ?? undefined;
}

/** Where a manual or API run starts: the `manualTrigger` if there is one, else the first trigger by position. */
export function manualStartNode(workflow: WorkflowDefinition, registry: NodeRegistry): NodeDefinition {
  const triggers = workflow.nodes.filter((node) => registry.get(node.type)?.trigger === true && !node.settings?.disabled);
  const manual = triggers.find((node) => node.type === 'manualTrigger');
  const first = [...triggers].sort((a, b) => (a.position?.y ?? 0) - (b.position?.y ?? 0) || (a.position?.x ?? 0) - (b.position?.x ?? 0))[0];
  const start = manual ?? first;
  if (start === undefined)
    throw new UserError('unprocessable', 'workflow.no_trigger', 'The workflow has no trigger node to start a run at; add a manualTrigger.');
  return start;
}

/** Where a sub-workflow or error-workflow run starts: the trigger of `type`, else as a manual run does. */
export function startNode(workflow: WorkflowDefinition, registry: NodeRegistry, type: string): NodeDefinition {
  return workflow.nodes.find((node) => node.type === type && !node.settings?.disabled) ?? manualStartNode(workflow, registry);
}

/** The run's input as items: an object is one item's json, an array one item per element. */
export function inputItems(input: unknown): Item[] {
  if (input === undefined || input === null) return [{ json: {} }];
  const isObject = (value: unknown): value is Record<string, JsonValue> => typeof value === 'object' && value !== null && !Array.isArray(value);
  if (isObject(input)) return [{ json: input }];
  if (Array.isArray(input)) {
    if (input.every(isObject)) return input.map((json) => ({ json }));
    throw new UserError('validation', 'execution.input_invalid', 'input must be an object or an array of objects.', {
      errors: [{ field: 'input', message: 'each element must be an object' }],
    });
  }
  throw new UserError('validation', 'execution.input_invalid', 'input must be an object or an array of objects.', {
    errors: [{ field: 'input', message: 'must be an object or an array of objects' }],
  });
}
