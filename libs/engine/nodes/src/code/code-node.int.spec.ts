import { chain, execute, json, jsonOf } from '../core/harness.js';
import { CodeSandboxPool } from './sandbox-pool.js';

const codeSandbox = new CodeSandboxPool({ timeoutMs: 300, memoryMb: 64, poolSize: 1 });
afterAll(() => codeSandbox.close());
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
    const big = await execute(chain({ id: 'code', type: 'code', properties: { code: hungry } }), { services });
    expect(jsonOf(big)).toEqual([{ n: 200000 }]);
    expect(big.usage.memoryBytes).toBeGreaterThan(8 * 1024 * 1024);
    expect(big.runData['code']![0]!.usage).toEqual({ networkBytes: 0, memoryBytes: big.usage.memoryBytes });
    const small = await execute(chain({ id: 'code', type: 'code', properties: { code: 'return [{ ok: true }];' } }), { services });
    expect(small.usage.memoryBytes).toBeGreaterThan(0);
    expect(small.usage.memoryBytes).toBeLessThan(big.usage.memoryBytes / 4);
  });

  it('rejects return values that are not objects', async () => {
    const result = await execute(chain({ id: 'code', type: 'code', properties: { code: 'return [1, 2];' } }), { services });
    expect(result.error?.message).toMatch(/must return objects/);
  });
});
