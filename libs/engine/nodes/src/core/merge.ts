import { type Item, type NodeExecutionContext, type NodeType } from '@weft/engine-core';
import { getPath, stableStringify } from './paths.js';

const MODES = new Set(['append', 'combineByKey', 'combineByPosition', 'chooseBranch']);
const JOINS = new Set(['inner', 'left', 'right', 'outer', 'leftAnti', 'rightAnti']);

const combine = (a: Item | undefined, b: Item | undefined): Item => ({
  json: { ...(a?.json ?? {}), ...(b?.json ?? {}) },
  ...(a?.binary || b?.binary ? { binary: { ...(a?.binary ?? {}), ...(b?.binary ?? {}) } } : {}),
});

function combineByKey(ctx: NodeExecutionContext, first: Item[], second: Item[]): Item[] {
  const key1 = String(ctx.param('key1') ?? '');
  const key2 = String(ctx.param('key2') ?? key1);
  const join = String(ctx.param('join') ?? 'inner');
  const index = new Map<string, Item[]>();
  for (const item of second) {
    const key = stableStringify(getPath(item.json, key2));
    index.set(key, [...(index.get(key) ?? []), item]);
  }
  const used = new Set<Item>();
  const result: Item[] = [];
  for (const item of first) {
    const matchesOf = index.get(stableStringify(getPath(item.json, key1))) ?? [];
    matchesOf.forEach((match) => used.add(match));
    if (matchesOf.length === 0) {
      if (join === 'left' || join === 'outer' || join === 'leftAnti') result.push(item);
    } else if (join !== 'leftAnti' && join !== 'rightAnti') {
      // As in n8n: the second input's values win where both have a field, except when
      // enriching the second input (join right), where the first input's values win.
      for (const match of matchesOf) result.push(join === 'right' ? combine(match, item) : combine(item, match));
    }
  }
  if (join === 'right' || join === 'outer' || join === 'rightAnti') result.push(...second.filter((item) => !used.has(item)));
  return result;
}

function combineByPosition(ctx: NodeExecutionContext, first: Item[], second: Item[]): Item[] {
  const includeUnpaired = ctx.param<boolean>('includeUnpaired') ?? false;
  const length = includeUnpaired ? Math.max(first.length, second.length) : Math.min(first.length, second.length);
  return Array.from({ length }, (_v, index) => combine(first[index], second[index]));
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
      case 'chooseBranch': {
        const output = ctx.param<string>('output') ?? 'input1';
        return { main: output === 'empty' ? [{ json: {} }] : output === 'input2' ? second : first };
      }
      default:
        return { main: [...first, ...second] };
    }
  },
};
