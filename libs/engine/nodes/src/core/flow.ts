import { type Item, type JsonValue, NodeOperationError, type NodeType, WaitRequest } from '@weft/engine-core';
import { checkConditions, matches, type Condition, testCondition } from './conditions.js';

export const noOp: NodeType = { type: 'noOp', execute: (ctx) => ({ main: [...ctx.items] }) };

export const ifNode: NodeType = {
  type: 'if',
  outputs: ['true', 'false'],
  required: ['conditions'],
  validate: (properties) => checkConditions(properties['conditions']),
  execute: (ctx) => {
    const result: { true: Item[]; false: Item[] } = { true: [], false: [] };
    ctx.items.forEach((item, index) => result[matches(ctx, index) ? 'true' : 'false'].push(item));
    return result;
  },
};

export const filter: NodeType = {
  type: 'filter',
  required: ['conditions'],
  validate: (properties) => checkConditions(properties['conditions']),
  execute: (ctx) => ({ main: ctx.items.filter((_item, index) => matches(ctx, index)) }),
};

interface SwitchRule {
  readonly conditions?: Condition[];
  readonly combinator?: string;
  readonly output?: string;
}

function switchOutputs(properties: Record<string, JsonValue>): string[] {
  const names =
    properties['mode'] === 'expression'
      ? Array.from({ length: Number(properties['numberOutputs'] ?? 4) }, (_v, index) => String(index))
      : ((properties['rules'] as SwitchRule[] | undefined) ?? []).map((rule, index) => rule.output ?? String(index));
  return properties['fallbackOutput'] === 'extra' ? [...names, 'fallback'] : names;
}

const ruleMatches = (rule: SwitchRule): boolean =>
  rule.combinator === 'or' ? (rule.conditions ?? []).some(testCondition) : (rule.conditions ?? []).every(testCondition);

/** Routes each item by rules (first match, or all matches) or by an expression giving the output index. */
export const switchNode: NodeType = {
  type: 'switch',
  outputs: switchOutputs,
  validate: (properties) =>
    properties['mode'] === 'expression'
      ? properties['output'] === undefined
        ? [['output', 'expression mode needs an "output" expression']]
        : []
      : ((properties['rules'] as SwitchRule[] | undefined) ?? []).flatMap((rule, index) => checkConditions(rule.conditions, `rules[${index}].conditions`)),
  execute: (ctx) => {
    const outputs = switchOutputs(ctx.node.properties ?? {});
    const result: Record<string, Item[]> = Object.fromEntries(outputs.map((name) => [name, []]));
    const fallback = ctx.rawParam('fallbackOutput');
    ctx.items.forEach((item, index) => {
      const targets = switchTargets(ctx.param('mode') === 'expression', ctx, index, outputs);
      if (targets.length === 0 && fallback !== undefined && fallback !== 'none') {
        const name = fallback === 'extra' ? 'fallback' : String(fallback);
        result[name]?.push(item);
      }
      for (const name of targets) result[name]?.push(item);
    });
    return result;
  },
};

function switchTargets(expressionMode: boolean, ctx: Parameters<NodeType['execute']>[0], index: number, outputs: string[]): string[] {
  if (expressionMode) {
    const target = String(ctx.param('output', index));
    if (!outputs.includes(target)) throw new NodeOperationError(`output ${target} does not exist`);
    return [target];
  }
  const rules = ctx.param<SwitchRule[]>('rules', index) ?? [];
  const matched = rules.flatMap((rule, ruleIndex) => (ruleMatches(rule) ? [rule.output ?? String(ruleIndex)] : []));
  return ctx.param<boolean>('allMatchingOutputs') ? matched : matched.slice(0, 1);
}

export const stopAndError: NodeType = {
  type: 'stopAndError',
  execute: (ctx) => {
    const message = ctx.param<string>('message') ?? ctx.param<string>('errorMessage') ?? 'Workflow stopped';
    throw new NodeOperationError(typeof message === 'string' ? message : JSON.stringify(message));
  },
};

const UNIT_MS: Record<string, number> = { seconds: 1000, minutes: 60_000, hours: 3_600_000, days: 86_400_000 };

/** Suspends the run: for a duration, until a time, or until the resume webhook is called. */
export const wait: NodeType = {
  type: 'wait',
  validate: (properties) => {
    const resume = properties['resume'] ?? 'timeInterval';
    if (resume === 'timeInterval' && properties['amount'] === undefined) return [['amount', 'amount is required']];
    if (resume === 'specificTime' && properties['dateTime'] === undefined) return [['dateTime', 'dateTime is required']];
    return [];
  },
  execute: (ctx) => {
    if (ctx.resumedWith) return { main: [...ctx.resumedWith] };
    const resume = ctx.param<string>('resume') ?? 'timeInterval';
    if (resume === 'webhook') return new WaitRequest(undefined, true);
    if (resume === 'specificTime') return new WaitRequest(new Date(String(ctx.param('dateTime'))).toISOString(), false);
    const amount = Number(ctx.param('amount') ?? 1);
    const unit = UNIT_MS[String(ctx.param('unit') ?? 'seconds')] ?? 1000;
    return new WaitRequest(new Date(ctx.clock.now() + amount * unit).toISOString(), false);
  },
};

interface BatchState {
  remaining: Item[];
  processed: Item[];
}

/** Loops over items in batches: `loop` gets each batch, `done` all processed items at the end. */
export const splitInBatches: NodeType = {
  type: 'splitInBatches',
  loop: true,
  outputs: ['done', 'loop'],
  execute: (ctx) => {
    const size = Math.max(1, Number(ctx.param('batchSize') ?? 1));
    const saved = ctx.getState() as unknown as BatchState | undefined;
    const state: BatchState = saved
      ? { remaining: saved.remaining, processed: [...saved.processed, ...ctx.items] }
      : { remaining: [...ctx.items], processed: [] };
    if (state.remaining.length === 0) {
      ctx.setState(undefined);
      return { done: state.processed, loop: [] };
    }
    const batch = state.remaining.slice(0, size);
    ctx.setState({ remaining: state.remaining.slice(size), processed: state.processed } as unknown as JsonValue);
    return { done: [], loop: batch };
  },
};
