import { type Item, type JsonValue } from '../items.js';
import { type NodeType, WaitRequest } from '../node-type.js';

/**
 * Tiny deterministic node types for the engine's own tests (the real catalogue lives in
 * `@weft/engine-nodes`, which depends on this library).
 */
export const trigger: NodeType = { type: 'trigger', trigger: true, execute: (ctx) => ({ main: [...ctx.items] }) };

/** Appends its node id to `json.path` of every item. */
export const tag: NodeType = {
  type: 'tag',
  execute: (ctx) => ({ main: ctx.items.map((item) => ({ json: { ...item.json, path: [...((item.json['path'] as JsonValue[]) ?? []), ctx.node.id] } })) }),
};

/** Routes items by `json.n` parity to `even` / `odd`. */
export const parity: NodeType = {
  type: 'parity',
  outputs: ['even', 'odd'],
  execute: (ctx) => ({
    even: ctx.items.filter((item) => Number(item.json['n']) % 2 === 0),
    odd: ctx.items.filter((item) => Number(item.json['n']) % 2 !== 0),
  }),
};

/** Two inputs, appended. */
export const join: NodeType = {
  type: 'join',
  inputs: ['input1', 'input2'],
  execute: (ctx) => ({ main: [...(ctx.inputs['input1'] ?? []), ...(ctx.inputs['input2'] ?? [])] }),
};

/** Fails `failTimes` times (counted in node state), then passes items through. */
export const flaky: NodeType = {
  type: 'flaky',
  execute: (ctx) => {
    const failures = Number(ctx.getState() ?? 0);
    if (failures < Number(ctx.rawParam('failTimes') ?? Infinity)) {
      ctx.setState(failures + 1);
      throw new Error(`failure ${failures + 1}`);
    }
    return { main: [...ctx.items] };
  },
};

/** Evaluates its `value` property per item into `json.value`. */
export const evaluate: NodeType = {
  type: 'evaluate',
  execute: (ctx) => ({ main: ctx.items.map((item, index) => ({ json: { ...item.json, value: ctx.param('value', index) ?? null } })) }),
};

/** Never finishes until aborted. */
export const hang: NodeType = {
  type: 'hang',
  execute: (ctx) =>
    new Promise((_resolve, reject) => {
      ctx.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
    }),
};

/** Suspends the run; emits the resume items afterwards. */
export const pause: NodeType = {
  type: 'pause',
  execute: (ctx) => (ctx.resumedWith ? { main: [...ctx.resumedWith] } : new WaitRequest('2030-01-01T00:00:00.000Z', false)),
};

/** Loop node: emits `json.n - 1` on `loop` while positive, else the item on `done`. */
export const countdown: NodeType = {
  type: 'countdown',
  loop: true,
  outputs: ['loop', 'done'],
  execute: (ctx) => {
    const items: Item[] = ctx.items.map((item) => ({ json: { ...item.json, n: Number(item.json['n']) - 1 } }));
    return { loop: items.filter((item) => Number(item.json['n']) > 0), done: items.filter((item) => Number(item.json['n']) <= 0) };
  },
};

/** A webhook trigger with a required path. */
export const hook: NodeType = {
  type: 'hook',
  trigger: true,
  required: ['path'],
  webhook: (properties) => ({ path: String(properties['path']), method: String(properties['method'] ?? 'GET') }),
  execute: (ctx) => ({ main: [...ctx.items] }),
};

export const testNodeTypes: readonly NodeType[] = [trigger, tag, parity, join, flaky, evaluate, hang, pause, countdown, hook];
