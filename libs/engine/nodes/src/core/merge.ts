import { type Item, type NodeExecutionContext, type NodeType, type PairedItem } from '@weft/engine-core';
import { getPath, stableStringify } from './paths.js';

const MODES = new Set(['append', 'combineByKey', 'combineByPosition', 'chooseBranch']);
const JOINS = new Set(['inner', 'left', 'right', 'outer', 'leftAnti', 'rightAnti']);

/**
 * Merge outputs name the input items they came from (`pairedItems`, input 0 = input1), so
 * `$('Before Merge').item` traces back through either input, as n8n's pairedItem `input`.
 */
const from = (input: number, item: number): PairedItem => ({ item, input });

/** An input item passed on (append, chooseBranch, unmatched items of a join). */
const passed = (item: Item, input: number, index: number): Item => ({
  json: item.json,
  ...(item.binary ? { binary: item.binary } : {}),
  pairedItems: [from(input, index)],
});

const combine = (a: Item | undefined, b: Item | undefined, pairedItems: readonly PairedItem[]): Item => ({
  json: { ...(a?.json ?? {}), ...(b?.json ?? {}) },
  ...(a?.binary || b?.binary ? { binary: { ...(a?.binary ?? {}), ...(b?.binary ?? {}) } } : {}),
  pairedItems,
});

function combineByKey(ctx: NodeExecutionContext, first: Item[], second: Item[]): Item[] {
  const key1 = String(ctx.param('key1') ?? '');
  const key2 = String(ctx.param('key2') ?? key1);
  const join = String(ctx.param('join') ?? 'inner');
  const index = new Map<string, number[]>();
  second.forEach((item, position) => {
    const key = stableStringify(getPath(item.json, key2));
    index.set(key, [...(index.get(key) ?? []), position]);
  });
  const used = new Set<number>();
  const result: Item[] = [];
  first.forEach((item, position) => {
    const matchesOf = index.get(stableStringify(getPath(item.json, key1))) ?? [];
    matchesOf.forEach((match) => used.add(match));
    if (matchesOf.length === 0) {
      if (join === 'left' || join === 'outer' || join === 'leftAnti') result.push(passed(item, 0, position));
    } else if (join !== 'leftAnti' && join !== 'rightAnti') {
      // As in n8n: the second input's values win where both have a field, except when
      // enriching the second input (join right), where the first input's values win.
      for (const match of matchesOf) {
        const pairedItems = [from(0, position), from(1, match)];
        result.push(join === 'right' ? combine(second[match], item, pairedItems) : combine(item, second[match], pairedItems));
      }
    }
  });
  if (join !== 'right' && join !== 'outer' && join !== 'rightAnti') return result;
  second.forEach((item, position) => {
    if (!used.has(position)) result.push(passed(item, 1, position));
  });
  return result;
}

function combineByPosition(ctx: NodeExecutionContext, first: Item[], second: Item[]): Item[] {
  const includeUnpaired = ctx.param<boolean>('includeUnpaired') ?? false;
  const length = includeUnpaired ? Math.max(first.length, second.length) : Math.min(first.length, second.length);
  return Array.from({ length }, (_v, index) => {
    const pairedItems = [...(index < first.length ? [from(0, index)] : []), ...(index < second.length ? [from(1, index)] : [])];
    return combine(first[index], second[index], pairedItems);
  });
}

function chooseBranch(ctx: NodeExecutionContext, first: Item[], second: Item[]): Item[] {
  const output = ctx.param<string>('output') ?? 'input1';
  // n8n pairs the empty item with every input item.
  if (output === 'empty') return [{ json: {}, pairedItems: [...first.map((_item, index) => from(0, index)), ...second.map((_item, index) => from(1, index))] }];
  return output === 'input2' ? second.map((item, index) => passed(item, 1, index)) : first.map((item, index) => passed(item, 0, index));
}

/** Two inputs → one output: append, join by key, pair by position, or pick a branch. */
export const merge: NodeType = {
  type: 'merge',
  inputs: ['input1', 'input2'],
  validate: (properties) => {
    const problems: [string, string][] = [];
    const mode = String(properties['mode'] ?? 'append');
    if (!MODES.has(mode)) problems.push(['mode', `unknown mode "${mode}"`]);
    if (mode === 'combineByKey' && properties['key1'] === undefined) problems.push(['key1', 'key1 is required for combineByKey']);
    if (properties['join'] !== undefined && !JOINS.has(String(properties['join']))) problems.push(['join', `unknown join "${String(properties['join'])}"`]);
    return problems;
  },
  execute: (ctx) => {
    const first = [...(ctx.inputs['input1'] ?? [])];
    const second = [...(ctx.inputs['input2'] ?? [])];
    switch (ctx.param<string>('mode') ?? 'append') {
      case 'combineByKey':
        return { main: combineByKey(ctx, first, second) };
      case 'combineByPosition':
        return { main: combineByPosition(ctx, first, second) };
      case 'chooseBranch':
        return { main: chooseBranch(ctx, first, second) };
      default:
        return { main: [...first.map((item, index) => passed(item, 0, index)), ...second.map((item, index) => passed(item, 1, index))] };
    }
  },
};
