import { type Item, type JsonObject, type LogEntry, NodeOperationError, type NodeType, assertItemDepth } from '@weft/engine-core';
import { type CodeSandbox } from './sandbox-pool.js';

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

const ITEM_KEYS = new Set(['json', 'binary', 'pairedItem', 'error', 'index']);

/**
 * n8n accepts items (`{json}`) or plain objects, but not both in one result: once any
 * returned object has an item key, every key of every object must be an item key.
 */
function toItemList(values: unknown[]): Item[] {
  values.forEach((value, index) => {
    if (!isObject(value)) throw new NodeOperationError(`code must return objects or items ({json: {...}}) [item ${index}]`);
  });
  const objects = values as Record<string, unknown>[];
  const asItems = objects.some((value) => Object.keys(value).some((key) => ITEM_KEYS.has(key)));
  if (!asItems) return objects.map((value) => ({ json: value as JsonObject }));
  return objects.map((value, index) => {
    const unknown = Object.keys(value).find((key) => !ITEM_KEYS.has(key));
    if (unknown !== undefined) throw new NodeOperationError(`Unknown top-level item key: ${unknown} [item ${index}]`);
    if (!isObject(value['json'])) throw new NodeOperationError(`A 'json' property isn't an object [item ${index}]`);
    return { json: value['json'] as JsonObject };
  });
}

function toItems(value: unknown, mode: string): Item[] {
  const results = value as unknown[];
  if (mode === 'runOnceForEachItem') {
    return results.flatMap((entry, index) => {
      // n8n: "Code doesn't return a single object" (use runOnceForAllItems for several).
      if (Array.isArray(entry)) throw new NodeOperationError(`code must return a single object per item, not an array [item ${index}]`);
      return entry === undefined || entry === null ? [] : toItemList([entry]);
    });
  }
  const first = results[0];
  if (first === undefined || first === null) return [];
  return toItemList(Array.isArray(first) ? first : [first]);
}

const LEVELS = new Set<LogEntry['level']>(['log', 'info', 'warn', 'error', 'debug']);

/** Runs JavaScript in the process-isolated sandbox; console output goes to the execution log. */
export const code: NodeType = {
  type: 'code',
  required: ['code'],
  validate: (properties) => {
    const mode = properties['mode'];
    return mode !== undefined && mode !== 'runOnceForAllItems' && mode !== 'runOnceForEachItem' ? [['mode', `unknown mode "${String(mode)}"`]] : [];
  },
  execute: async (ctx) => {
    const sandbox = ctx.services['codeSandbox'] as CodeSandbox | undefined;
    if (!sandbox) throw new NodeOperationError('the code sandbox is not available');
    const mode = ctx.rawParam('mode') === 'runOnceForEachItem' ? 'runOnceForEachItem' : 'runOnceForAllItems';
    const items = ctx.items.map((item) => ({ json: item.json }));
    // The console writes into the run's log, bounded per execution: the sandbox keeps within what is left of it.
    const outcome = await sandbox.run({ code: String(ctx.rawParam('code') ?? ''), mode, items, logRoom: ctx.logRoom() });
    if (outcome.heapBytes !== undefined) ctx.usage.memory(outcome.heapBytes);
    for (const [level, message] of outcome.logs) ctx.log(LEVELS.has(level as LogEntry['level']) ? (level as LogEntry['level']) : 'log', message);
    if (!outcome.ok) throw new NodeOperationError(outcome.error ?? 'code failed');
    const output = toItems(outcome.value, mode);
    // The sandbox's result enters the run here: nothing deeper than the engine walks safely.
    assertItemDepth(output);
    return { main: output };
  },
};
