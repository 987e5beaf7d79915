import { type Item, type ItemsByPort } from '../items.js';
import { byPosition, type PreparedNode, type PreparedWorkflow } from './prepared.js';
import { type Activation, type Checkpoint, type ItemSource } from './state.js';

/**
 * Puts the children of a finished node at the front of the stack, so a branch completes
 * before its next sibling (n8n `executionOrder: v1`); siblings ordered top to bottom, then
 * left to right. Multi-input nodes collect their inputs in `pending` instead.
 */
export function enqueueChildren(graph: PreparedWorkflow, state: Checkpoint, node: PreparedNode, outputs: ItemsByPort): void {
  const next: Activation[] = [];
  const run = (state.runData[node.definition.id]?.length ?? 1) - 1;
  for (const [output, edges] of node.edges) {
    const items = outputs[output];
    if (!items || items.length === 0) continue;
    for (const edge of edges) {
      const target = graph.nodes.get(edge.target)!;
      const source = { nodeId: node.definition.id, output, run };
      if (target.connectedInputs.size > 1) addPending(state, edge.target, edge.input, items, source);
      else next.push({ nodeId: edge.target, inputs: { [edge.input]: items }, source });
    }
  }
  next.sort((a, b) => byPosition(graph.nodes.get(a.nodeId)!.definition, graph.nodes.get(b.nodeId)!.definition));
  state.stack.unshift(...next);
  releasePending(graph, state, false);
}

function addPending(state: Checkpoint, nodeId: string, input: string, items: Item[], source: ItemSource): void {
  const inputs = (state.pending[nodeId] ??= {});
  inputs[input] = [...(inputs[input] ?? []), ...items];
  const sources = ((state.pendingSources ??= {})[nodeId] ??= {});
  sources[input] = [...(sources[input] ?? []), { ...source, count: items.length }];
}

function takePending(state: Checkpoint, id: string): Activation {
  const inputSources = state.pendingSources?.[id];
  const activation: Activation = { nodeId: id, inputs: state.pending[id]!, ...(inputSources ? { inputSources } : {}) };
  delete state.pending[id];
  delete state.pendingSources?.[id];
  return activation;
}

/**
 * Moves multi-input nodes to the stack when all their connected inputs have data, or when
 * no queued or pending node can still reach a missing input. With `force`, the first
 * pending node by position goes anyway (the stack ran dry inside a cycle).
 */
export function releasePending(graph: PreparedWorkflow, state: Checkpoint, force: boolean): void {
  const ids = Object.keys(state.pending).sort((a, b) => byPosition(graph.nodes.get(a)!.definition, graph.nodes.get(b)!.definition));
  if (ids.length === 0) return;
  const ready = ids.filter((id) => !canStillReceive(graph, state, id));
  if (ready.length === 0 && force) ready.push(ids[0]!);
  state.stack.unshift(...ready.map((id) => takePending(state, id)));
}

function canStillReceive(graph: PreparedWorkflow, state: Checkpoint, id: string): boolean {
  const node = graph.nodes.get(id)!;
  const received = state.pending[id] ?? {};
  const missingSources = [...node.connectedInputs].filter((input) => !received[input]).flatMap((input) => node.sources.get(input) ?? []);
  if (missingSources.length === 0) return false;
  const reaches = (from: string): boolean => {
    const reach = graph.reach.get(from);
    return reach !== undefined && missingSources.some((source) => reach.has(source));
  };
  return state.stack.some((activation) => reaches(activation.nodeId)) || Object.keys(state.pending).some((other) => other !== id && reaches(other));
}
