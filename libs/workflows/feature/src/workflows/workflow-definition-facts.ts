import { validateWorkflow } from '@weft/engine-core';
import { createNodeRegistry } from '@weft/engine-nodes';
import { UserError } from '@weft/kernel';
import {
  type ActivationFacts,
  type ActiveWebhook,
  type WorkflowConnection,
  type WorkflowNode,
  type WorkflowSettings,
  normalizeWebhookRoute,
} from '@weft/workflows-domain';

const registry = createNodeRegistry();

export interface Definition {
  readonly nodes: readonly WorkflowNode[];
  readonly connections: readonly WorkflowConnection[];
  readonly settings?: WorkflowSettings;
}

/** The engine's problems with a definition, in the shape the domain and the 422 answer use. */
export function problemsOf(definition: Definition): ActivationFacts['validation']['problems'] {
  const result = validateWorkflow({ nodes: definition.nodes, connections: definition.connections, settings: definition.settings ?? {} }, registry);
  return result.ok
    ? []
    : result.problems.map((p) => ({ code: p.code, message: p.message, path: p.path, ...(p.nodeId === undefined ? {} : { nodeId: p.nodeId }) }));
}

/** A 422 naming each problem of the graph, as the engine found them (node id and field path). */
export function invalidDefinition(problems: ActivationFacts['validation']['problems']): UserError {
  return new UserError('unprocessable', 'workflow.invalid', `The workflow has ${problems.length} problem(s); see errors.`, {
    errors: problems.map((p) => ({ field: p.path ?? '', message: p.nodeId ? `${p.nodeId}: ${p.message}` : p.message })),
    problems,
  });
}

/** 422 unless the engine accepts the graph; checked before a definition is saved. */
export function requireValidDefinition(definition: Definition): void {
  const problems = problemsOf(definition);
  if (problems.length > 0) throw invalidDefinition(problems);
}

/**
 * A definition from JSON that already is one: a read model's (a workflow, a template, a
 * version: what the decider accepted when it was saved) or the n8n importer's output.
 * Whatever the engine must still check, `requireValidDefinition` checks.
 */
export function definitionOf(saved: {
  readonly nodes?: readonly unknown[];
  readonly connections?: readonly unknown[];
  readonly settings?: object;
}): Definition {
  return {
    nodes: (saved.nodes ?? []) as WorkflowNode[],
    connections: (saved.connections ?? []) as WorkflowConnection[],
    settings: (saved.settings ?? {}) as WorkflowSettings,
  };
}

/** What an activation registers, with its routes normalised (a valid `ActivationFacts`). */
export interface ActivationPlan {
  readonly validation: ActivationFacts['validation'];
  readonly webhooks: readonly ActiveWebhook[];
  readonly schedules: ActivationFacts['schedules'];
}

/**
 * What an activation registers: the engine's problems, the webhook routes of its
 * enabled `webhookTrigger` nodes and the schedules of its `scheduleTrigger` nodes.
 */
export function activationFactsOf(definition: Definition): ActivationPlan {
  const enabled = definition.nodes.filter((node) => node.settings?.['disabled'] !== true);
  const webhooks = enabled
    .filter((node) => node.type === 'webhookTrigger')
    .map((node): ActiveWebhook => ({
      ...normalizeWebhookRoute({ method: String(node.properties?.['method'] ?? 'GET'), path: String(node.properties?.['path'] ?? '') }),
      nodeId: node.id,
    }));
  const timezone = typeof definition.settings?.['timezone'] === 'string' ? definition.settings['timezone'] : null;
  const schedules = enabled
    .filter((node) => node.type === 'scheduleTrigger')
    .map((node) => {
      const interval = node.properties?.['interval'] as { every?: number; unit?: string } | undefined;
      const zone = node.properties?.['timezone'];
      return {
        nodeId: node.id,
        cron: typeof node.properties?.['cron'] === 'string' ? node.properties['cron'] : null,
        interval: interval && typeof interval.every === 'number' ? { every: interval.every, unit: String(interval.unit) } : null,
        timezone: typeof zone === 'string' ? zone : timezone,
      };
    });
  return { validation: { problems: problemsOf(definition) }, webhooks, schedules };
}
