// Code node sandbox: cost per execution with a warm pool of isolated worker processes.
// Run: npm exec -- node --import ./tools/bench/engine/register.mjs tools/bench/engine/code.bench.mjs
import { CodeSandboxPool } from '@weft/engine-nodes';
import { header, measure } from './stats.mjs';

const N = Number(process.env.BENCH_N ?? 2000);
const pool = new CodeSandboxPool({ timeoutMs: 1000, memoryMb: 128, poolSize: 2 });
const items = Array.from({ length: 10 }, (_v, i) => ({ json: { i, name: `item ${i}` } }));

header('code sandbox');
await measure('runOnceForAllItems, 10 items, warm pool (sequential)', N, () =>
  pool.run({ code: 'return items.map(i => ({ json: { ...i.json, upper: i.json.name.toUpperCase() } }));', mode: 'runOnceForAllItems', items }),
);
const started = process.hrtime.bigint();
await Promise.all(Array.from({ length: N }, () => pool.run({ code: 'return { ok: true };', mode: 'runOnceForAllItems', items })));
const ms = Number(process.hrtime.bigint() - started) / 1e6;
console.log(`parallel over the pool (2 workers): ${Math.round((N / ms) * 1000)} executions/s`);
pool.close();
