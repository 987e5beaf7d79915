import { RUN_LOG_LIMITS } from '@weft/engine-core';
import { chain, execute, json, jsonOf } from '../core/harness.js';
import { CodeSandboxPool } from './sandbox-pool.js';

const codeSandbox = new CodeSandboxPool({ timeoutMs: 300, memoryMb: 64, poolSize: 1 });
// The allocation-heavy case needs more than 300 ms on a loaded CI machine; the time limit is not what it tests.
const patientSandbox = new CodeSandboxPool({ timeoutMs: 10_000, memoryMb: 64, poolSize: 1 });
afterAll(() => {
  codeSandbox.close();
  patientSandbox.close();
});
const services = { codeSandbox };

describe('code node in a workflow', () => {
  it('returns items and puts console output into the run logs', async () => {
    const result = await execute(
      chain({ id: 'code', type: 'code', properties: { code: 'console.log("count", items.length); return items.map(i => ({ doubled: i.json.n * 2 }));' } }),
      { items: json({ n: 1 }, { n: 2 }), services },
    );
    expect(jsonOf(result)).toEqual([{ doubled: 2 }, { doubled: 4 }]);
    expect(result.logs).toEqual([{ nodeId: 'code', level: 'log', message: 'count 2' }]);
  });

  it('runs once per item', async () => {
    const result = await execute(
      chain({ id: 'code', type: 'code', properties: { mode: 'runOnceForEachItem', code: 'return { json: { id: $json.id, index: $itemIndex } };' } }),
      { items: json({ id: 'a' }, { id: 'b' }), services },
    );
    expect(jsonOf(result)).toEqual([
      { id: 'a', index: 0 },
      { id: 'b', index: 1 },
    ]);
  });

  it('turns an infinite loop into a node error, and the next run works', async () => {
    const looping = await execute(chain({ id: 'code', type: 'code', properties: { code: 'for (;;) {}' } }), { services });
    expect(looping.status).toBe('error');
    expect(looping.error).toMatchObject({ nodeId: 'code', message: expect.stringMatching(/time limit/) });
    const next = await execute(chain({ id: 'code', type: 'code', properties: { code: 'return [{ ok: true }];' } }), { services });
    expect(jsonOf(next)).toEqual([{ ok: true }]);
  });

  it('routes a sandbox refusal to the error output when asked', async () => {
    const result = await execute(
      chain({
        id: 'code',
        type: 'code',
        properties: { code: 'return require("child_process").execSync("id");' },
        settings: { onError: 'continueRegularOutput' },
      }),
      { services },
    );
    expect(result.status).toBe('success');
    expect(jsonOf(result)).toEqual([{ error: expect.stringMatching(/require is not defined/) }]);
  });

  it("reports the peak heap growth of its task as the run's memory, even when a collection freed it", async () => {
    const hungry = 'let rows = []; for (let i = 0; i < 200000; i++) rows.push({ i, s: "row " + i }); const n = rows.length; rows = null; return [{ n }];';
    const patient = { codeSandbox: patientSandbox };
    const big = await execute(chain({ id: 'code', type: 'code', properties: { code: hungry } }), { services: patient });
    expect(big.error).toBeUndefined();
    expect(jsonOf(big)).toEqual([{ n: 200000 }]);
    expect(big.usage.memoryBytes).toBeGreaterThan(8 * 1024 * 1024);
    expect(big.runData['code']![0]!.usage).toEqual({ networkBytes: 0, memoryBytes: big.usage.memoryBytes });
    const small = await execute(chain({ id: 'code', type: 'code', properties: { code: 'return [{ ok: true }];' } }), { services: patient });
    // A tiny task's growth can read as 0: V8's concurrent sweeper may free earlier garbage while it runs.
    expect(small.usage.memoryBytes).toBeGreaterThanOrEqual(0);
    expect(small.usage.memoryBytes).toBeLessThan(big.usage.memoryBytes / 4);
  });

  it("bounds console output per execution: the nodes share the run's room, each run says how many of its lines it dropped", async () => {
    const chatty = (id: string, count: number) => ({
      id,
      type: 'code',
      properties: { code: `for (let i = 0; i < ${count}; i++) console.error('${id}', i); console.warn('x'.repeat(5000)); return items;` },
    });
    const result = await execute(chain(chatty('first', 150), chatty('second', 100), chatty('third', 1)), { services });
    expect(result.status).toBe('success');
    const lines = (nodeId: string) => result.logs.filter((entry) => entry.nodeId === nodeId);
    expect(lines('first')).toHaveLength(151);
    expect(lines('first')[150]).toEqual({ nodeId: 'first', level: 'warn', message: expect.stringMatching(/^x+ … \[cut: 5000 characters in all\]$/) });
    expect(lines('first')[150]!.message).toHaveLength(RUN_LOG_LIMITS.lineCharacters);
    expect(lines('second')).toHaveLength(50);
    expect(lines('second').at(-1)).toEqual({ nodeId: 'second', level: 'warn', message: expect.stringMatching(/^52 console lines dropped: /) });
    expect(lines('third')).toEqual([{ nodeId: 'third', level: 'warn', message: expect.stringMatching(/^2 console lines dropped: /) }]);
    expect(result.runData['second']![0]!.logLines).toEqual([151, 201]);
  });

  it('keeps the console lines of code that throws, with the failed run', async () => {
    const code = 'console.log("before"); console.error(new Error("x").message); throw new Error("boom");';
    const result = await execute(chain({ id: 'code', type: 'code', properties: { code } }), { services });
    expect(result.status).toBe('error');
    expect(result.logs.map((entry) => [entry.level, entry.message])).toEqual([
      ['log', 'before'],
      ['error', 'x'],
    ]);
    expect(result.runData['code']![0]).toMatchObject({ status: 'error', logLines: [0, 2] });
  });

  it('rejects return values that are not objects', async () => {
    const result = await execute(chain({ id: 'code', type: 'code', properties: { code: 'return [1, 2];' } }), { services });
    expect(result.error?.message).toMatch(/must return objects/);
  });
});
