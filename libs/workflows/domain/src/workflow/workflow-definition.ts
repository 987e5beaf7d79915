import { UserError, optionalText, requireText } from '@weft/kernel';

// The definition as the workflows context stores it. Its graph rules (node types,
// ports, cycles, duplicate webhooks) are the engine's (`validateWorkflow` in
// @weft/engine-core): the feature runs them and passes the outcome in. Here only what
// an event must hold to be replayable: the right JSON kinds, bounded sizes.

/** A JSON value as it is stored in events (no `undefined`, no functions, no dates). */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** One node of `workflow_data.nodes`, as the workflow format defines it. */
export interface WorkflowNode {
  readonly id: string;
  readonly type: string;
  readonly name?: string;
  readonly position?: { readonly x: number; readonly y: number };
  readonly properties?: { readonly [key: string]: JsonValue };
  readonly credentials?: { readonly id: string; readonly [key: string]: JsonValue };
  readonly settings?: { readonly [key: string]: JsonValue };
}

export interface WorkflowConnection {
  readonly source: string;
  readonly target: string;
  readonly sourceOutput?: string;
  readonly targetInput?: string;
}

/** `errorHandling`, `maxRetries`, `timeout`, `timezone`, `errorWorkflowId`, `saveExecutionData`, ... */
export type WorkflowSettings = { readonly [key: string]: JsonValue };

/**
 * Everything one version of a workflow holds. Each `WorkflowCreated` / `WorkflowUpdated`
 * carries the whole of it, so `workflow_versions` is a projection and restoring a
 * version is an `UpdateWorkflow` with that version's content.
 */
export interface WorkflowContent {
  readonly name: string;
  readonly description: string | null;
  readonly teamId: string | null;
  readonly nodes: readonly WorkflowNode[];
  readonly connections: readonly WorkflowConnection[];
  readonly settings: WorkflowSettings;
  readonly tags: readonly string[];
}

export const WORKFLOW_NAME_MAX_LENGTH = 128;
export const WORKFLOW_DESCRIPTION_MAX_LENGTH = 2000;
export const WORKFLOW_TAG_MAX_LENGTH = 32;
export const WORKFLOW_MAX_TAGS = 20;
/** Largest `{nodes, connections, settings}` as JSON text: one event stays well below the store's row limits. */
export const WORKFLOW_DEFINITION_MAX_BYTES = 1024 * 1024;

const invalid = (code: string, field: string, message: string) => new UserError('validation', code, message, { errors: [{ field, message }] });

export const requireWorkflowName = (name: string) => requireText(name, 'name', WORKFLOW_NAME_MAX_LENGTH, 'workflow.name_invalid');
export const optionalWorkflowDescription = (description: string | null | undefined) =>
  optionalText(description, 'description', WORKFLOW_DESCRIPTION_MAX_LENGTH, 'workflow.description_invalid');

/** Trimmed, de-duplicated (first spelling wins, case-insensitively), in the given order. */
export function requireTags(tags: readonly string[]): string[] {
  if (!Array.isArray(tags)) throw invalid('workflow.tags_invalid', 'tags', 'tags must be an array of strings');
  const seen = new Set<string>();
  const result: string[] = [];
  for (const tag of tags) {
    const trimmed = typeof tag === 'string' ? tag.trim() : '';
    if (trimmed.length === 0 || trimmed.length > WORKFLOW_TAG_MAX_LENGTH)
      throw invalid('workflow.tags_invalid', 'tags', `each tag must be 1 to ${WORKFLOW_TAG_MAX_LENGTH} characters`);
    if (seen.has(trimmed.toLowerCase())) continue;
    seen.add(trimmed.toLowerCase());
    result.push(trimmed);
  }
  if (result.length > WORKFLOW_MAX_TAGS) throw invalid('workflow.tags_invalid', 'tags', `at most ${WORKFLOW_MAX_TAGS} tags`);
  return result;
}

/** The definition's parts with the right JSON kinds and within the size bound. */
export function requireDefinition(
  definition: Pick<WorkflowContent, 'nodes' | 'connections' | 'settings'>,
): Pick<WorkflowContent, 'nodes' | 'connections' | 'settings'> {
  const { nodes, connections, settings } = definition;
  if (!Array.isArray(nodes)) throw invalid('workflow.definition_invalid', 'nodes', 'nodes must be an array');
  if (!Array.isArray(connections)) throw invalid('workflow.definition_invalid', 'connections', 'connections must be an array');
  if (settings === null || typeof settings !== 'object' || Array.isArray(settings))
    throw invalid('workflow.definition_invalid', 'settings', 'settings must be an object');
  if (JSON.stringify({ nodes, connections, settings }).length > WORKFLOW_DEFINITION_MAX_BYTES) {
    throw invalid('workflow.definition_too_large', 'nodes', `the definition must be at most ${WORKFLOW_DEFINITION_MAX_BYTES} bytes of JSON`);
  }
  return { nodes, connections, settings };
}
