import { type Item, type JsonObject, type LogEntry, NodeOperationError, type NodeType } from '@weft/engine-core';
import { type CodeSandbox } from './sandbox-pool.js';

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** n8n accepts items (`{json}`) or plain objects; anything else is an error. */
function toItem(value: unknown): Item {
  if (isObject(value) && isObject(value['json'])) return { json: value['json'] as JsonObject };
  if (isObject(value)) return { json: value as JsonObject };
  throw new NodeOperationError('code must return objects or items ({json: {...}})');
}

function toItems(value: unknown, mode: string): Item[] {
  const results = value as unknown[];
  if (mode === 'runOnceForEachItem') return results.flatMap((entry) => (Array.isArray(entry) ? entry.map(toItem) : entry === undefined || entry === null ? [] : [toItem(entry)]));
  const first = results[0];
  if (first === undefined || first === null) return [];
  return Array.isArray(first) ? first.map(toItem) : [toItem(first)];
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
    const outcome = await sandbox.run({ code: String(ctx.rawParam('code') ?? ''), mode, items: ctx.items.map((item) => ({ json: item.json })) });
    for (const [level, message] of outcome.logs) ctx.log(LEVELS.has(level as LogEntry['level']) ? (level as LogEntry['level']) : 'log', message);
    if (!outcome.ok) throw new NodeOperationError(outcome.error ?? 'code failed');
    return { main: toItems(outcome.value, mode) };
  },
};
