import { MAX_ITEM_DEPTH } from '@weft/engine-core';
import { createConsoleCapture } from './console-capture.js';

/**
 * Source of the sandbox worker process (CommonJS, started with `node --permission -e`).
 * Each task runs in a fresh V8 context created with DONT_CONTEXTIFY, so the context's
 * global is an ordinary object of its own realm: nothing of the worker's realm (no
 * `process`, `require`, host functions) is reachable from user code. Data goes in and
 * out as JSON strings only; the result is read back from an own data property, never by
 * calling into the context.
 */
export const WORKER_SOURCE = String.raw`
'use strict';
const vm = require('node:vm');
const v8 = require('node:v8');

// Heap growth of a task at its peak: the largest used size before any collection that
// ran during the task (a collection would hide the peak) or at its end, minus the size
// when it began. Costs a few microseconds per task.
const peakGrowth = (before, profile) => {
  let peak = v8.getHeapStatistics().used_heap_size;
  for (const entry of profile.statistics) peak = Math.max(peak, entry.beforeGC.heapStatistics.usedHeapSize);
  return Math.max(0, peak - before);
};

// The bounded console (console-capture.ts), compiled into every task's context: its lines stay in that realm.
const CAPTURE = ${JSON.stringify(createConsoleCapture.toString())};

const PRELUDE = ${'`'}
'use strict';
const __task = JSON.parse(globalThis.__taskJson);
delete globalThis.__taskJson;
const __capture = (${'${'}CAPTURE})(__task.logRoom);
const console = Object.freeze({
  log: (...a) => { __capture.add('log', a); },
  info: (...a) => { __capture.add('info', a); },
  warn: (...a) => { __capture.add('warn', a); },
  error: (...a) => { __capture.add('error', a); },
  debug: (...a) => { __capture.add('debug', a); },
});
const __logs = () => ({ logs: __capture.lines, dropped: __capture.dropped });
const __items = __task.items;
const __view = (index) => Object.freeze({
  all: () => __items, first: () => __items[0], last: () => __items[__items.length - 1], item: __items[index],
});
// A result JSON cannot hold (too deep for the stack, circular, a BigInt) fails the task with a reason.
const __reply = (value) => {
  try {
    return JSON.stringify({ ok: true, value, ...__logs() });
  } catch (error) {
    const tooDeep = error instanceof RangeError && String(error.message).includes('call stack');
    const message = tooDeep ? "The node's output is nested deeper than ${MAX_ITEM_DEPTH} levels" : 'code returned a value that is not JSON: ' + String(error && error.message);
    return JSON.stringify({ ok: false, error: message, ...__logs() });
  }
};
${'`'};

process.on('message', (task) => {
  const started = process.cpuUsage();
  const heapBefore = v8.getHeapStatistics().used_heap_size;
  const gcProfile = new v8.GCProfiler();
  gcProfile.start();
  let reply;
  try {
    const context = vm.createContext(vm.constants.DONT_CONTEXTIFY, {
      codeGeneration: { strings: false, wasm: false },
      microtaskMode: 'afterEvaluate',
    });
    context.__taskJson = task.payload;
    const script = new vm.Script(PRELUDE + task.wrapper, { filename: 'code-node.js' });
    script.runInContext(context, { timeout: task.timeoutMs, breakOnSigint: false });
    const descriptor = Object.getOwnPropertyDescriptor(context, '__result');
    const value = descriptor && 'value' in descriptor ? descriptor.value : undefined;
    reply = typeof value === 'string' ? { id: task.id, output: value } : { id: task.id, error: 'the code did not finish (it awaited something that never resolves)' };
  } catch (error) {
    const message = error && typeof error.message === 'string' ? error.message : 'code failed';
    reply = { id: task.id, error: /timed out/.test(message) ? 'code exceeded its CPU time limit' : message };
  }
  const used = process.cpuUsage(started);
  reply.cpuMicros = used.user + used.system;
  reply.heapBytes = peakGrowth(heapBefore, gcProfile.stop());
  process.send(reply);
});
process.send({ ready: true });
`;

/** Wraps user code into the task script: runs once, or once per item, and stores the JSON result. */
export function wrapUserCode(code: string, mode: 'runOnceForAllItems' | 'runOnceForEachItem'): string {
  const call =
    mode === 'runOnceForEachItem'
      ? `const __out = []; for (let i = 0; i < __items.length; i++) { const v = __view(i); __out.push(await __user(__items[i].json, v, __items[i], i)); } return __out;`
      : `return [await __user(__items[0] ? __items[0].json : {}, __view(0), __items[0], 0)];`;
  return `
const __user = async function ($json, $input, item, $itemIndex) {
  const items = __items;
${code}
};
(async () => { ${call} })().then(
  (value) => { globalThis.__result = __reply(value); },
  (error) => { globalThis.__result = JSON.stringify({ ok: false, error: error && error.message ? String(error.message) : String(error), ...__logs() }); },
);
`;
}
