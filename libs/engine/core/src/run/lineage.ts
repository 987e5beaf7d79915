import { type Item } from '../items.js';
import { type PreparedWorkflow } from './prepared.js';
import { type Checkpoint, type InputSources, type ItemSource } from './state.js';

/** An item of a node run's output: where to look next while tracing. */
interface Origin {
  readonly source: ItemSource;
  readonly index: number;
}

/** Where a run's (or an activation's) input items came from. */
export interface RunSources {
  readonly source?: ItemSource | undefined;
  readonly inputSources?: InputSources | undefined;
}

/** The activation expressions are evaluated in. */
export interface ActivationSources extends RunSources {
  readonly nodeId: string;
}

/** Bounds the walk; a loop node run many times makes long but finite chains. */
const MAX_STEPS = 10_000;

/** The output item that input item `index` of `input` was (segments count the items each source brought). */
function originOn(sources: RunSources, input: string | undefined, isFirst: boolean, index: number): Origin | undefined {
  const segments = input === undefined ? undefined : sources.inputSources?.[input];
  if (!segments) return isFirst && sources.source ? { source: sources.source, index } : undefined;
  let offset = 0;
  for (const { count, ...source } of segments) {
    if (index < offset + count) return { source, index: index - offset };
    offset += count;
  }
  return undefined;
}

/** The input items an output item of `nodeId`'s run came from, first input first. */
function originsOf(graph: PreparedWorkflow, nodeId: string, run: RunSources, item: Item): Origin[] {
  const inputs = graph.nodes.get(nodeId)?.inputs ?? [];
  const refs = item.pairedItems ?? (item.pairedItem === undefined ? [] : [{ item: item.pairedItem, input: 0 }]);
  return refs.flatMap((ref) => originOn(run, inputs[ref.input], ref.input === 0, ref.item) ?? []);
}

/**
 * Follows item `index` of the current activation's first input back through
 * `pairedItem`/`pairedItems` links and the runs' sources to the node `targetId`, as
 * n8n's paired-item resolution. Through a merge every input is followed, the first input
 * first, and the first item of `targetId` found wins; only sources `targetId` can reach
 * are visited. `undefined` when no chain leads there (aggregations, other branches).
 */
export function tracePairedItem(graph: PreparedWorkflow, state: Checkpoint, current: ActivationSources, index: number, targetId: string): Item | undefined {
  const upstream = graph.reach.get(targetId);
  const first = originOn(current, graph.nodes.get(current.nodeId)?.inputs[0], true, index);
  const pending = first ? [first] : [];
  for (let steps = 0; pending.length > 0 && steps < MAX_STEPS; steps += 1) {
    const { source, index: at } = pending.pop()!;
    const run = state.runData[source.nodeId]?.[source.run];
    const item = run?.outputs[source.output]?.[at];
    if (!run || !item) continue;
    if (source.nodeId === targetId) return item;
    const next = originsOf(graph, source.nodeId, run, item).filter((origin) => upstream?.has(origin.source.nodeId));
    pending.push(...next.reverse());
  }
  return undefined;
}
