import { ExpressionError } from '../expressions/errors.js';
import { evaluateTemplate, evaluateTemplateKeepingDateTime } from '../expressions/evaluate.js';
import { DEFAULT_LIMITS, type ExpressionExtras } from '../expressions/data.js';
import { ItemExpressionData, type ExpressionSources } from '../expressions/sources.js';
import { hasExpression } from '../expressions/template.js';
import { type Item, type ItemsByPort, type JsonValue } from '../items.js';
import { type NodeExecutionContext, type UsageMeter } from '../node-type.js';
import { type RunOptions } from './options.js';
import { type PreparedNode, type PreparedWorkflow } from './prepared.js';
import { logRoomAfter } from './run-logs.js';
import { tracePairedItem } from './lineage.js';
import { type Checkpoint, type InputSources, type ItemSource } from './state.js';

/** Last output items (first output) of a node by name, as expressions see them. */
function nodeOutputReader(graph: PreparedWorkflow, state: Checkpoint): (name: string) => Item[] | undefined {
  return (name) => {
    const id = graph.byName.get(name) ?? (graph.nodes.has(name) ? name : undefined);
    if (id === undefined) return undefined;
    const run = state.runData[id]?.at(-1);
    if (!run) return undefined;
    const node = graph.nodes.get(id)!;
    return run.outputs[node.outputs[0] ?? 'main'] ?? Object.values(run.outputs).find((items) => items.length > 0) ?? [];
  };
}

function resolveDeep(value: JsonValue, evaluate: (text: string) => unknown): unknown {
  if (typeof value === 'string') return hasExpression(value) ? evaluate(value) : value;
  if (Array.isArray(value)) return value.map((entry) => resolveDeep(entry, evaluate));
  if (value !== null && typeof value === 'object') {
    const result: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(value)) result[key] = resolveDeep(entry, evaluate);
    return result;
  }
  return value;
}

export interface ContextParts {
  readonly graph: PreparedWorkflow;
  readonly node: PreparedNode;
  readonly state: Checkpoint;
  readonly options: RunOptions;
  readonly inputs: ItemsByPort;
  readonly signal: AbortSignal;
  readonly source: ItemSource | undefined;
  readonly inputSources?: InputSources | undefined;
  readonly resumedWith?: readonly Item[];
  /** Collects what the activation's node reports (one meter for all its tries). */
  readonly usage: UsageMeter;
}

type Workflow = NodeExecutionContext['workflow'];

/** What expressions of this activation can see, except the item index. */
function expressionSources(parts: ContextParts, items: readonly Item[], workflow: Workflow): Omit<ExpressionSources, 'itemIndex'> {
  const { graph, state, options } = parts;
  return {
    items,
    nodeOutput: nodeOutputReader(graph, state),
    pairedItem: (name: string, itemIndex: number) => {
      const id = graph.byName.get(name) ?? (graph.nodes.has(name) ? name : undefined);
      const current = { nodeId: parts.node.definition.id, source: parts.source, inputSources: parts.inputSources };
      return id === undefined ? { kind: 'noPath' as const } : tracePairedItem(graph, state, current, itemIndex, id);
    },
    executedNodeNames: () => state.executed.map((id) => graph.nodes.get(id)?.name ?? id),
    now: options.clock.now(),
    execution: { id: state.executionId, mode: state.mode },
    workflow,
    vars: options.vars ?? {},
    timezone: workflow.timezone,
  };
}

type Evaluate = (raw: JsonValue | undefined, itemIndex: number, extras: ExpressionExtras, property: string, keepDateTime?: boolean) => unknown;

/** Evaluates a raw property value for one item; errors name the node and the property. */
function evaluator(parts: ContextParts, sources: Omit<ExpressionSources, 'itemIndex'>): Evaluate {
  const limits = parts.options.expressionLimits ?? DEFAULT_LIMITS;
  return (raw, itemIndex, extras, property, keepDateTime = false) => {
    if (raw === undefined) return undefined;
    const data = new ItemExpressionData({ ...sources, itemIndex }, extras);
    try {
      if (keepDateTime && typeof raw === 'string') return evaluateTemplateKeepingDateTime(raw, data, limits);
      return resolveDeep(raw, (text) => evaluateTemplate(text, data, limits));
    } catch (error) {
      if (error instanceof ExpressionError) throw error.withLocation(parts.node.name, property);
      throw error;
    }
  };
}

/** Builds what a node executor sees for one activation. */
export function createNodeContext(parts: ContextParts): NodeExecutionContext {
  const { graph, node, state, options, inputs } = parts;
  const definition = node.definition;
  const items = inputs[node.inputs[0] ?? 'main'] ?? [];
  const workflow: Workflow = { id: graph.definition.id ?? '', name: graph.definition.name ?? '', timezone: graph.definition.settings?.timezone ?? 'UTC' };
  const evaluate = evaluator(parts, expressionSources(parts, items, workflow));
  const properties = definition.properties ?? {};
  return {
    node: definition,
    nodeName: node.name,
    inputs,
    items,
    param: <T>(name: string, itemIndex = 0) => evaluate(properties[name], itemIndex, {}, name) as T | undefined,
    dateParam: (name, itemIndex = 0) => evaluate(properties[name], itemIndex, {}, name, true) as ReturnType<NodeExecutionContext['dateParam']>,
    evaluate,
    rawParam: (name) => definition.properties?.[name],
    signal: parts.signal,
    clock: options.clock,
    services: options.services ?? {},
    execution: { id: state.executionId, mode: state.mode },
    workflow,
    egressAllowList: options.egressAllowList ?? [],
    getState: () => state.nodeState[definition.id],
    setState: (value) => {
      if (value === undefined) delete state.nodeState[definition.id];
      else state.nodeState[definition.id] = value;
    },
    respond: (response) => {
      // The first answer is the one the caller gets, as in n8n: the HTTP response has gone.
      state.response ??= response;
    },
    log: (level, message) => {
      state.logs.push({ nodeId: definition.id, level, message });
    },
    logRoom: () => logRoomAfter(state.logs),
    usage: parts.usage,
    ...(parts.resumedWith ? { resumedWith: parts.resumedWith } : {}),
  };
}
