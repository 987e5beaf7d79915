import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { chain, execute, jsonOf } from './core/harness.js';
import { CodeSandboxPool } from './code/sandbox-pool.js';

// Where data comes into a run from outside the engine (the Code sandbox, an upstream's
// JSON answer), nesting deeper than 1,000 levels fails the node with a clear error, fast,
// and the process carries on.

const codeSandbox = new CodeSandboxPool({ timeoutMs: 2_000, memoryMb: 128, poolSize: 1 });
const services = { codeSandbox };
const code = (source: string) => chain({ id: 'code', type: 'code', properties: { code: source } });
const deepObject = (levels: number) => `let o = {}; for (let i = 1; i < ${levels}; i++) o = { a: o };`;

let upstream: Server;
let base: string;

beforeAll(async () => {
  upstream = createServer((request, response) => {
    const levels = Number(new URL(request.url ?? '/', 'http://x').searchParams.get('levels'));
    response.writeHead(200, { 'content-type': 'application/json' }).end(`${'{"a":'.repeat(levels - 1)}{}${'}'.repeat(levels - 1)}`);
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});

afterAll(async () => {
  codeSandbox.close();
  await new Promise<void>((resolve) => upstream.close(() => resolve()));
});

describe('a Code node returning deep data', () => {
  it('fails with a clear error for 100,000 levels, and the sandbox serves the next run', async () => {
    const result = await execute(code(`${deepObject(100_000)} return [{ json: o }];`), { services });
    expect(result.status).toBe('error');
    expect(result.error).toMatchObject({ nodeId: 'code', message: "The node's output is nested deeper than 1000 levels" });
    expect(jsonOf(await execute(code('return [{ ok: true }];'), { services }))).toEqual([{ ok: true }]);
  });

  it('passes json 1,000 levels deep and refuses 1,001', async () => {
    expect((await execute(code(`${deepObject(1_000)} return [{ json: o }];`), { services })).status).toBe('success');
    const deeper = await execute(code(`${deepObject(1_001)} return [{ json: o }];`), { services });
    expect(deeper.error).toMatchObject({ nodeId: 'code', message: "The node's output is nested deeper than 1000 levels" });
  });

  it('refuses a result text the code forged itself, before parsing it', async () => {
    const forged = `JSON.stringify = () => '{"ok":true,"value":' + '['.repeat(200000) + ']'.repeat(200000) + '}'; return [];`;
    const started = performance.now();
    const result = await execute(code(forged), { services });
    expect(result.error?.message).toBe("The node's output is nested deeper than 1000 levels");
    expect(performance.now() - started).toBeLessThan(1_500);
  });

  it('says what is wrong with a result that is not JSON', async () => {
    const result = await execute(code('const o = {}; o.self = o; return [{ json: o }];'), { services });
    expect(result.error?.message).toMatch(/^code returned a value that is not JSON: Converting circular structure/);
  });
});

describe('an HTTP Request node reading a deep answer', () => {
  const request = (levels: number) => chain({ id: 'http', type: 'httpRequest', properties: { url: `${base}/deep?levels=${levels}` } });

  it('refuses 100,000 levels before parsing them, naming the host', async () => {
    const started = performance.now();
    const result = await execute(request(100_000), { egressAllowList: ['127.0.0.0/8'] });
    expect(result.error).toMatchObject({
      nodeId: 'http',
      name: 'DataTooDeepError',
      message: `http: the response of ${new URL(base).host} is nested deeper than 1000 levels`,
    });
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('takes an answer 1,000 levels deep', async () => {
    const result = await execute(request(1_000), { egressAllowList: ['127.0.0.0/8'] });
    expect(result.status).toBe('success');
  });
});
