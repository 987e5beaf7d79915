import { type NodeSettings } from '../definition/types.js';
import { type Item, type ItemsByPort } from '../items.js';
import { type NodeResult, type UsageMeter } from '../node-type.js';
import { createNodeContext } from './context.js';
import { toErrorInfo } from './errors.js';
import { applyAlwaysOutput, continueOutputs, executeWithSettings, isWait, routeErrorItems, triesFor } from './execute-node.js';
import { type RunOptions } from './options.js';
import { type PreparedNode, type PreparedWorkflow } from './prepared.js';
import { type Activation, type Checkpoint, type NodeRun, type RunUsage } from './state.js';

/** How one activation ended, for the run loop. */
export type ActivationOutcome =
  { readonly kind: 'done'; readonly outputs: ItemsByPort } | { readonly kind: 'wait' } | { readonly kind: 'stop' } | { readonly kind: 'aborted' };

export interface ActivationScope {
  readonly graph: PreparedWorkflow;
  readonly state: Checkpoint;
  readonly options: RunOptions;
  readonly signal: AbortSignal;
}

function onlyFirstItem(inputs: ItemsByPort): ItemsByPort {
  return Object.fromEntries(Object.entries(inputs).map(([input, items]) => [input, items.slice(0, 1)]));
}

/** What one activation's node reports, over all its tries (bytes of a failed try were sent too). */
class ActivationMeter implements UsageMeter {
  private networkBytes = 0;
  private memoryBytes = 0;

  network(bytes: number): void {
    if (Number.isFinite(bytes) && bytes > 0) this.networkBytes += Math.round(bytes);
  }

  memory(bytes: number): void {
    if (Number.isFinite(bytes) && bytes > this.memoryBytes) this.memoryBytes = Math.round(bytes);
  }

  /** For the node run: undefined when the node reported nothing, so runs without I/O stay as they were. */
  recorded(): RunUsage | undefined {
    return this.networkBytes === 0 && this.memoryBytes === 0 ? undefined : { networkBytes: this.networkBytes, memoryBytes: this.memoryBytes };
  }
}

const countItems = (ports: ItemsByPort): number => Object.values(ports).reduce((sum, items) => sum + items.length, 0);

/** Runs one node activation with its settings and records the run in `runData`. */
export async function runActivation(scope: ActivationScope, activation: Activation, resumedWith?: readonly Item[]): Promise<ActivationOutcome> {
  const { graph, state, options, signal } = scope;
  const node = graph.nodes.get(activation.nodeId)!;
  const settings: NodeSettings = node.definition.settings ?? {};
  const inputs = freshInputs(settings.executeOnce ? onlyFirstItem(activation.inputs) : activation.inputs);
  const usage = new ActivationMeter();
  const record = runRecorder(state, node.definition.id, activation, inputs, options.clock.now(), usage, options.clock);
  const firstOutput = node.outputs[0] ?? 'main';
  if (settings.disabled) {
    const passed = inputs[node.inputs[0] ?? 'main'] ?? [];
    const outputs = pairItems({ [firstOutput]: passed }, passed);
    record({ status: 'success', outputs, disabled: true });
    return { kind: 'done', outputs };
  }
  let result: NodeResult;
  let tries: number;
  try {
    const makeContext = (nodeSignal: AbortSignal) =>
      createNodeContext({
        graph,
        node,
        state,
        options,
        inputs,
        signal: nodeSignal,
        source: activation.source,
        inputSources: activation.inputSources,
        usage,
        ...(resumedWith ? { resumedWith } : {}),
      });
    ({ result, tries } = await executeWithSettings(node.type, makeContext, settings, graph.definition.settings, options.clock, signal));
  } catch (error) {
    if (signal.aborted) return { kind: 'aborted' };
    // Not aborted: every try allowed was made (executeWithSettings throws only after the last).
    return handleFailure(scope, node, inputs, error, record, triesFor(settings, graph.definition.settings));
  }
  if (isWait(result)) {
    record({ status: 'waiting', outputs: {}, tries });
    state.waitingOn = { nodeId: node.definition.id, ...(result.until ? { until: result.until } : {}), resumeOnWebhook: result.resumeOnWebhook };
    return { kind: 'wait' };
  }
  const outputs = settledOutputs(node, settings, result, inputs[node.inputs[0] ?? 'main'] ?? [], firstOutput);
  record({ status: 'success', outputs, tries });
  return { kind: 'done', outputs };
}

/** A node's result as the next nodes see it: items paired with their inputs, errors routed, empty outputs filled when the settings ask. */
function settledOutputs(node: PreparedNode, settings: NodeSettings, result: ItemsByPort, firstInput: readonly Item[], firstOutput: string): ItemsByPort {
  const paired = node.connectedInputs.size > 1 ? result : pairItems(result, firstInput);
  const routed = settings.onError === 'continueErrorOutput' ? routeErrorItems(paired, firstInput, firstOutput) : paired;
  return settings.alwaysOutputData ? applyAlwaysOutput(routed, firstOutput) : routed;
}

type RunRecord = Omit<NodeRun, 'startedAt' | 'finishedAt' | 'durationMs' | 'inputItemCount'>;

/** Records one run of the node in `runData` (timing, input count, sources, usage), once it is known how it ended. */
function runRecorder(
  state: ActivationScope['state'],
  nodeId: string,
  activation: Activation,
  inputs: ItemsByPort,
  startedAt: number,
  usage: ActivationMeter,
  clock: ActivationScope['options']['clock'],
): (run: RunRecord) => void {
  const firstLine = state.logs.length;
  return (run) => {
    const finishedAt = clock.now();
    const source = {
      ...(activation.source ? { source: activation.source } : {}),
      ...(activation.inputSources ? { inputSources: activation.inputSources } : {}),
    };
    const entry: NodeRun & { usage?: RunUsage; logLines?: NodeRun['logLines'] } = {
      startedAt,
      finishedAt,
      durationMs: finishedAt - startedAt,
      inputItemCount: countItems(inputs),
      ...run,
      ...source,
    };
    const used = usage.recorded();
    if (used !== undefined) entry.usage = used; // no spread: this runs for every node
    if (state.logs.length > firstLine) entry.logLines = [firstLine, state.logs.length];
    (state.runData[nodeId] ??= []).push(entry);
    state.executed.push(nodeId);
  };
}

/**
 * Links output items to the input item they came from (`pairedItem`), so expressions can
 * follow an item back through the graph. Inputs are fresh copies per activation, so an
 * identical object means "passed through" in this run and never depends on how the
 * state was stored. Otherwise the node's own `pairedItem` counts, then a single input
 * item, then equal counts (a map-like node) pair by position.
 */
function pairItems(outputs: ItemsByPort, input: readonly Item[]): ItemsByPort {
  let positions: Map<Item, number> | undefined;
  const result: ItemsByPort = {};
  for (const [port, items] of Object.entries(outputs)) {
    const byPosition = items.length === input.length;
    result[port] = items.map((item, index): Item => {
      positions ??= new Map(input.map((entry, position) => [entry, position]));
      const passed = positions.get(item);
      if (passed !== undefined) return { ...item, pairedItem: passed };
      if (item.pairedItem !== undefined || item.pairedItems !== undefined) return item;
      if (input.length === 1) return { ...item, pairedItem: 0 };
      return byPosition ? { ...item, pairedItem: index } : item;
    });
  }
  return result;
}

/** Per-activation copies without pairing, so identity and `pairedItem` mean this run only. */
function freshInputs(inputs: ItemsByPort): ItemsByPort {
  const copy: ItemsByPort = {};
  for (const [port, items] of Object.entries(inputs))
    copy[port] = items.map((item) => (item.binary ? { json: item.json, binary: item.binary } : { json: item.json }));
  return copy;
}

function handleFailure(
  scope: ActivationScope,
  node: PreparedNode,
  inputs: ItemsByPort,
  error: unknown,
  record: (run: RunRecord) => void,
  tries: number,
): ActivationOutcome {
  const defaultOnError = scope.graph.definition.settings?.errorHandling === 'continue' ? 'continueRegularOutput' : 'stopWorkflow';
  const onError = node.definition.settings?.onError ?? defaultOnError;
  const info = toErrorInfo(error, node.definition.id);
  const retried = tries > 1 ? { tries } : {};
  if (onError === 'stopWorkflow') {
    record({ status: 'error', outputs: {}, error: info, ...retried });
    scope.state.error = info;
    return { kind: 'stop' };
  }
  const outputs = continueOutputs(onError, inputs[node.inputs[0] ?? 'main'] ?? [], info.message, node.outputs[0] ?? 'main');
  record({ status: 'error', outputs, error: info, ...retried });
  return { kind: 'done', outputs };
}
