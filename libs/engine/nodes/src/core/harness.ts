import {
  type ConnectionDefinition,
  type EngineServices,
  type Item,
  type NodeDefinition,
  type RunResult,
  runWorkflow,
  validateWorkflow,
  VirtualClock,
  type WorkflowDefinition,
} from '@weft/engine-core';
import { createNodeRegistry } from '../catalogue.js';

/**
 * Test harness for the catalogue: validates a workflow with the real registry and runs it
 * on a virtual clock. Kept out of the index; only specs import it.
 */
export const registry = createNodeRegistry();

export type NodeSpec = Omit<NodeDefinition, 'position'> & { position?: { x: number; y: number } };

/** `manualTrigger → nodes[0] → nodes[1] ...`, positioned left to right. */
export function chain(...nodes: NodeSpec[]): WorkflowDefinition {
  const all = [{ id: 'start', type: 'manualTrigger' }, ...nodes].map((node, index) => ({ position: { x: index * 100, y: 0 }, ...node }));
  const connections: ConnectionDefinition[] = all.slice(1).map((node, index) => ({ source: all[index]!.id, target: node.id }));
  return { id: 'wf', name: 'Test workflow', nodes: all, connections, settings: { timezone: 'UTC' } };
}

export interface RunCase {
  readonly items?: Item[];
  readonly services?: EngineServices;
  readonly egressAllowList?: string[];
  readonly now?: number;
  /** The run's clock (to read `sleeps` afterwards); a new one at `now` when absent. */
  readonly clock?: VirtualClock;
}

export async function execute(workflow: WorkflowDefinition, options: RunCase = {}): Promise<RunResult> {
  const validation = validateWorkflow(workflow, registry);
  if (!validation.ok) throw new Error(`invalid workflow: ${validation.problems.map((problem) => `${problem.path}: ${problem.message}`).join('; ')}`);
  return await runWorkflow(
    {
      workflow,
      registry,
      clock: options.clock ?? new VirtualClock(options.now ?? Date.UTC(2026, 0, 15, 10, 30)),
      executionId: 'exec-1',
      mode: 'manual',
      ...(options.services ? { services: options.services } : {}),
      ...(options.egressAllowList ? { egressAllowList: options.egressAllowList } : {}),
    },
    { items: options.items ?? [{ json: {} }] },
  );
}

export const jsonOf = (result: RunResult): unknown[] => result.lastNodeOutput.map((item) => item.json);
export const json = (...values: Record<string, unknown>[]): Item[] => values.map((value) => ({ json: value as Item['json'] }));
