import { type NodeRegistry } from '../node-type.js';
import { type ValidationProblem, type WorkflowDefinition } from './types.js';

/** Cycles that do not pass through a loop node (`splitInBatches`), one problem per cycle. */
export function findUnbrokenCycles(workflow: WorkflowDefinition, registry: NodeRegistry): ValidationProblem[] {
  const isLoop = (id: string): boolean => {
    const node = workflow.nodes.find((candidate) => candidate.id === id);
    return node !== undefined && registry.get(node.type)?.loop === true;
  };
  const edges = new Map<string, string[]>();
  for (const { source, target } of workflow.connections) {
    if (isLoop(source) || isLoop(target)) continue;
    edges.set(source, [...(edges.get(source) ?? []), target]);
  }
  const state = new Map<string, 'active' | 'done'>();
  const problems: ValidationProblem[] = [];
  const visit = (id: string, path: string[]): void => {
    state.set(id, 'active');
    for (const next of edges.get(id) ?? []) {
      if (state.get(next) === 'active') {
        const start = path.indexOf(next);
        const cycle = start < 0 ? [id, next] : [...path.slice(start), id, next];
        problems.push({
          code: 'cycle',
          nodeId: next,
          path: 'connections',
          message: `cycle ${cycle.join(' → ')} is not broken by a loop node (splitInBatches)`,
        });
      } else if (!state.has(next)) visit(next, [...path, id]);
    }
    state.set(id, 'done');
  };
  for (const node of workflow.nodes) if (!state.has(node.id)) visit(node.id, []);
  return problems;
}
