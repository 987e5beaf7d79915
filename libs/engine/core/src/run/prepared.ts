import { DEFAULT_PORT, nodeName, type NodeDefinition, type WorkflowDefinition } from '../definition/types.js';
import { inputsOf, outputsOf, type NodeRegistry, type NodeType } from '../node-type.js';

export interface Edge {
  readonly target: string;
  readonly input: string;
}

/** A node with everything the run loop needs precomputed. */
export interface PreparedNode {
  readonly definition: NodeDefinition;
  readonly type: NodeType;
  readonly name: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  /** Inputs that have at least one incoming connection. */
  readonly connectedInputs: Set<string>;
  /** Outgoing edges per output, targets ordered by position (top to bottom, then left to right). */
  readonly edges: Map<string, Edge[]>;
  /** Source node ids per connected input. */
  readonly sources: Map<string, string[]>;
}

/** The workflow as a graph, computed once per definition. */
export interface PreparedWorkflow {
  readonly definition: WorkflowDefinition;
  readonly nodes: Map<string, PreparedNode>;
  readonly byName: Map<string, string>;
  /** `reach.get(a)` holds every node reachable from `a`, `a` included. */
  readonly reach: Map<string, Set<string>>;
}

const prepared = new WeakMap<WorkflowDefinition, PreparedWorkflow>();

const byPosition = (a: NodeDefinition, b: NodeDefinition): number => (a.position?.y ?? 0) - (b.position?.y ?? 0) || (a.position?.x ?? 0) - (b.position?.x ?? 0);

/** Builds (and caches) the graph of a validated workflow. */
export function prepareWorkflow(definition: WorkflowDefinition, registry: NodeRegistry): PreparedWorkflow {
  const cached = prepared.get(definition);
  if (cached) return cached;
  const nodes = new Map<string, PreparedNode>();
  for (const node of definition.nodes) {
    const type = registry.get(node.type);
    if (!type) throw new Error(`unknown node type "${node.type}"`);
    const inputs = inputsOf(type);
    nodes.set(node.id, {
      definition: node,
      type,
      name: nodeName(node),
      inputs,
      outputs: outputsOf(type, node),
      connectedInputs: new Set(),
      edges: new Map(),
      sources: new Map(),
    });
  }
  for (const connection of definition.connections) {
    const source = nodes.get(connection.source);
    const target = nodes.get(connection.target);
    if (!source || !target) continue;
    const input = connection.targetInput ?? target.inputs[0] ?? DEFAULT_PORT;
    const output = connection.sourceOutput ?? DEFAULT_PORT;
    source.edges.set(output, [...(source.edges.get(output) ?? []), { target: target.definition.id, input }]);
    target.connectedInputs.add(input);
    target.sources.set(input, [...(target.sources.get(input) ?? []), source.definition.id]);
  }
  for (const node of nodes.values()) {
    for (const edges of node.edges.values()) edges.sort((a, b) => byPosition(nodes.get(a.target)!.definition, nodes.get(b.target)!.definition));
  }
  const result: PreparedWorkflow = {
    definition,
    nodes,
    byName: new Map([...nodes.values()].map((node) => [node.name, node.definition.id])),
    reach: computeReach(nodes),
  };
  prepared.set(definition, result);
  return result;
}

function computeReach(nodes: Map<string, PreparedNode>): Map<string, Set<string>> {
  const reach = new Map<string, Set<string>>();
  for (const start of nodes.keys()) {
    const seen = new Set<string>([start]);
    const queue = [start];
    while (queue.length > 0) {
      const current = nodes.get(queue.pop()!)!;
      for (const edges of current.edges.values()) {
        for (const edge of edges) {
          if (!seen.has(edge.target)) {
            seen.add(edge.target);
            queue.push(edge.target);
          }
        }
      }
    }
    reach.set(start, seen);
  }
  return reach;
}

export { byPosition };
