import { type NodeRegistry } from '../node-type.js';
import { type ValidationProblem, type WorkflowDefinition } from './types.js';

/** Cycles that do not pass through a loop node (`splitInBatches`), one problem per cycle. */
export function findUnbrokenCycles(workflow: WorkflowDefinition, registry: NodeRegistry): ValidationProblem[] {
  const typeOf = new Map<string, string>();
  for (const node of workflow.nodes) if (!typeOf.has(node.id)) typeOf.set(node.id, node.type);
  const isLoop = (id: string): boolean => {
    const type = typeOf.get(id);
    return type !== undefined && registry.get(type)?.loop === true;
  };
  const edges = new Map<string, string[]>();
  for (const { source, target } of workflow.connections) {
    if (isLoop(source) || isLoop(target)) continue;
    const targets = edges.get(source);
    if (targets) targets.push(target);
    else edges.set(source, [target]);
  }
  const done = new Set<string>();
  const problems: ValidationProblem[] = [];
  for (const node of workflow.nodes) if (!done.has(node.id)) walkFrom(node.id, edges, done, problems);
  return problems;
}

/**
 * Depth first from `start` with a stack of its own: a chain of thousands of nodes is too
 * deep for the call stack. `path` is the chain being followed; an edge back into it is a cycle.
 */
function walkFrom(start: string, edges: ReadonlyMap<string, readonly string[]>, done: Set<string>, problems: ValidationProblem[]): void {
  const path = [start];
  const positions = new Map([[start, 0]]);
  /** Per node of `path`: the next of its edges to follow. */
  const nextEdge = [0];
  while (path.length > 0) {
    const id = path.at(-1)!;
    const targets = edges.get(id) ?? [];
    const edge = nextEdge[nextEdge.length - 1]!;
    if (edge < targets.length) {
      nextEdge[nextEdge.length - 1] = edge + 1;
      const target = targets[edge]!;
      const position = positions.get(target);
      if (position !== undefined) problems.push(cycleProblem([...path.slice(position), target]));
      else if (!done.has(target)) {
        positions.set(target, path.length);
        path.push(target);
        nextEdge.push(0);
      }
      continue;
    }
    path.pop();
    nextEdge.pop();
    positions.delete(id);
    done.add(id);
  }
}

const cycleProblem = (cycle: readonly string[]): ValidationProblem => ({
  code: 'cycle',
  nodeId: cycle.at(-1)!,
  path: 'connections',
  message: `cycle ${cycle.join(' → ')} is not broken by a loop node (splitInBatches)`,
});
