import { type PairedItemResult } from '../expressions/sources.js';
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

const NO_PATH: PairedItemResult = { kind: 'noPath' };

/**
 * Follows item `index` of the current activation's first input back through
 * `pairedItem`/`pairedItems` links and the runs' sources to the node `targetId`, as
 * n8n's paired-item resolution: every link is followed (through a merge, both inputs);
 * chains that fail are ignored when another finds an item, and two different items
 * found are "multiple matches". Only sources `targetId` can reach are visited.
 */
export function tracePairedItem(graph: PreparedWorkflow, state: Checkpoint, current: ActivationSources, index: number, targetId: string): PairedItemResult {
  const upstream = graph.reach.get(targetId);
  if (!upstream?.has(current.nodeId) || current.nodeId === targetId) return NO_PATH;
  const first = originOn(current, graph.nodes.get(current.nodeId)?.inputs[0], true, index);
  if (!first) return NO_PATH;
  const budget = { steps: 0 };
  return resolve({ graph, state, upstream, targetId, budget }, first);
}

interface Walk {
  readonly graph: PreparedWorkflow;
  readonly state: Checkpoint;
  readonly upstream: ReadonlySet<string>;
  readonly targetId: string;
  readonly budget: { steps: number };
}

/** One origin being resolved: its own result, or the origins it came from (those the target can reach). */
type Step = { readonly result: PairedItemResult } | { readonly origins: readonly Origin[] };

function step(walk: Walk, { source, index }: Origin): Step {
  const run = walk.state.runData[source.nodeId]?.[source.run];
  const item = run?.outputs[source.output]?.[index];
  if (!run || !item) return { result: unavailable(walk, source.nodeId) };
  if (source.nodeId === walk.targetId) return { result: { kind: 'found', item } };
  walk.budget.steps += 1;
  if (walk.budget.steps > MAX_STEPS) return { result: NO_PATH };
  const origins = originsOf(walk.graph, source.nodeId, run, item);
  if (origins.length === 0) return { result: unavailable(walk, source.nodeId) };
  return { origins: origins.filter((origin) => walk.upstream.has(origin.source.nodeId)) };
}

/** What the chains of one origin found: the one item, several (`multiple`), or the first chain's failure. */
function combine(results: readonly PairedItemResult[], index: number): PairedItemResult {
  const found = results.flatMap((result) => (result.kind === 'found' ? [result.item] : []));
  if (found.length === 0) return results[0] ?? NO_PATH;
  return found.some((match) => match !== found[0]) ? { kind: 'multiple', index } : { kind: 'found', item: found[0]! };
}

/** An origin whose chains are being followed, first chain first. */
interface Frame {
  readonly index: number;
  readonly origins: readonly Origin[];
  next: number;
  readonly results: PairedItemResult[];
}

/**
 * Depth first over the chains, with a stack of its own: a loop run thousands of times
 * makes chains thousands of links long, too deep for the call stack.
 */
function resolve(walk: Walk, start: Origin): PairedItemResult {
  const first = step(walk, start);
  if ('result' in first) return first.result;
  const stack: Frame[] = [{ index: start.index, origins: first.origins, next: 0, results: [] }];
  for (;;) {
    const frame = stack.at(-1)!;
    const origin = frame.origins[frame.next];
    if (origin !== undefined) {
      frame.next += 1;
      const next = step(walk, origin);
      if ('result' in next) frame.results.push(next.result);
      else stack.push({ index: origin.index, origins: next.origins, next: 0, results: [] });
      continue;
    }
    stack.pop();
    const result = combine(frame.results, frame.index);
    const parent = stack.at(-1);
    if (parent === undefined) return result;
    parent.results.push(result);
  }
}

const unavailable = (walk: Walk, nodeId: string): PairedItemResult => ({ kind: 'unavailable', nodeName: walk.graph.nodes.get(nodeId)?.name ?? nodeId });
