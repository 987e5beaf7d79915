import { RUN_LOG_LIMITS } from '@weft/engine-core';
import { CodeSandboxPool } from './sandbox-pool.js';

const pool = new CodeSandboxPool({ timeoutMs: 300, memoryMb: 64, poolSize: 2 });
// The memory test gets a generous CPU budget: near its heap limit V8 collects garbage
// again and again, and on a loaded 2-core machine that can outlast a 300 ms budget,
// which would end the run at the time limit before the memory limit is reached.
const memoryPool = new CodeSandboxPool({ timeoutMs: 10_000, memoryMb: 64, poolSize: 1 });
afterAll(() => {
  pool.close();
  memoryPool.close();
});

const runAll = (code: string, items: unknown[] = [{ json: { a: 1 } }]) => pool.run({ code, mode: 'runOnceForAllItems', items });

describe('code sandbox (isolated worker processes)', () => {
  it('runs code over all items and captures console output', async () => {
    const outcome = await runAll('console.log("hello", { n: items.length }); return items.map(i => ({ json: { doubled: i.json.a * 2 } }));', [
      { json: { a: 1 } },
      { json: { a: 5 } },
    ]);
    expect(outcome).toEqual({
      ok: true,
      value: [[{ json: { doubled: 2 } }, { json: { doubled: 10 } }]],
      logs: [['log', 'hello {"n":2}']],
      heapBytes: expect.any(Number),
    });
  });

  it('bounds a console flood inside the worker: the reply carries the room, and one line counting the rest', async () => {
    const started = Date.now();
    const outcome = await pool.run({
      code: 'for (let i = 0; i < 100000; i++) console.log("line", i, { i }); return {};',
      mode: 'runOnceForAllItems',
      items: [{ json: {} }],
      logRoom: { lines: 20, characters: 10_000, lineCharacters: 100 },
    });
    expect(outcome.ok).toBe(true);
    expect(outcome.logs).toHaveLength(21);
    expect(outcome.logs[19]).toEqual(['log', 'line 19 {"i":19}']);
    expect(outcome.logs[20]).toEqual(['warn', expect.stringMatching(/^99980 console lines dropped: /)]);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('bounds what code writes into the capture itself, on the host', async () => {
    const outcome = await runAll('for (let i = 0; i < 5000; i++) __capture.lines.push(["error", "forged " + i]); return {};');
    expect(outcome.logs).toHaveLength(RUN_LOG_LIMITS.lines + 1);
    expect(outcome.logs.at(-1)).toEqual(['warn', expect.stringMatching(/^4800 console lines dropped: /)]);
  });

  it('runs once per item with $json and supports await', async () => {
    const outcome = await pool.run({
      code: 'await null; return { b: $json.a + $itemIndex };',
      mode: 'runOnceForEachItem',
      items: [{ json: { a: 1 } }, { json: { a: 2 } }],
    });
    expect(outcome.value).toEqual([{ b: 1 }, { b: 3 }]);
  });

  it('ends an infinite loop at the CPU limit and keeps working', async () => {
    const started = Date.now();
    const outcome = await runAll('while (true) {}');
    expect(outcome).toMatchObject({ ok: false, error: expect.stringMatching(/time limit/) });
    expect(Date.now() - started).toBeLessThan(3000);
    expect((await runAll('return { ok: 1 };')).ok).toBe(true);
  });

  it('ends a memory bomb as an error and replaces the worker', async () => {
    const bomb = 'const hog = []; while (true) hog.push(new Array(1e6).fill(Math.random()));';
    const outcome = await memoryPool.run({ code: bomb, mode: 'runOnceForAllItems', items: [{ json: {} }] });
    expect(outcome).toMatchObject({ ok: false, error: expect.stringMatching(/memory/) });
    const after = await memoryPool.run({ code: 'return { after: true };', mode: 'runOnceForAllItems', items: [{ json: {} }] });
    expect(after.value).toEqual([{ after: true }]);
  });

  it('ends a promise that never resolves', async () => {
    expect(await runAll('await new Promise(() => {}); return {};')).toMatchObject({ ok: false, error: expect.stringMatching(/did not finish/) });
  });

  it.each([
    ['require', 'return require("fs");'],
    ['process', 'return process.env;'],
    ['constructor walk', 'return this.constructor.constructor("return process")();'],
    ['Function', 'return Function("return process")();'],
    ['eval', 'return eval("1");'],
    ['fetch', 'return await fetch("http://127.0.0.1/");'],
    ['import', 'return await import("node:fs");'],
    ['timers', 'return setTimeout(() => 1, 1);'],
    ['globalThis.process', 'return globalThis.process.pid;'],
    ['WebAssembly compile', 'return new WebAssembly.Module(new Uint8Array([0,97,115,109,1,0,0,0]));'],
  ])('refuses %s', async (_name, source) => {
    const outcome = await runAll(source);
    expect(outcome.ok).toBe(false);
  });

  it('runs tasks in parallel across the pool', async () => {
    const outcomes = await Promise.all(Array.from({ length: 6 }, (_v, index) => runAll(`return { index: ${index} };`)));
    expect(outcomes.map((outcome) => outcome.value)).toEqual(Array.from({ length: 6 }, (_v, index) => [{ index }]));
  });
});
