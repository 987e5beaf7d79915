// Engine throughput: the 5-node webhook workflow and the per-node overhead, one core.
// Run: npm exec -- node --import ./tools/bench/engine/register.mjs tools/bench/engine/workflow.bench.mjs
import { runWorkflow, systemClock } from '@weft/engine-core';
import { createNodeRegistry } from '@weft/engine-nodes';
import { header, measure } from './stats.mjs';

const N = Number(process.env.BENCH_N ?? 50_000);
const registry = createNodeRegistry();

/** webhookTrigger → set (two expressions) → if → set | set */
const fiveNodes = {
  id: 'bench',
  name: 'Five nodes',
  nodes: [
    { id: 'hook', type: 'webhookTrigger', position: { x: 0, y: 0 }, properties: { path: 'orders', method: 'POST', responseMode: 'lastNode' } },
    {
      id: 'total',
      type: 'set',
      position: { x: 200, y: 0 },
      properties: {
        fields: [
          { name: 'total', type: 'number', value: '{{ $json.body.qty * $json.body.price }}' },
          { name: 'customer', type: 'string', value: '{{ $json.body.customer.toUpperCase() }}' },
        ],
      },
    },
    { id: 'check', type: 'if', position: { x: 400, y: 0 }, properties: { conditions: [{ left: '{{ $json.total }}', op: 'gt', right: 100 }] } },
    { id: 'big', type: 'set', position: { x: 600, y: -100 }, properties: { fields: [{ name: 'tier', value: 'big' }] } },
    { id: 'small', type: 'set', position: { x: 600, y: 100 }, properties: { fields: [{ name: 'tier', value: 'small' }] } },
  ],
  connections: [
    { source: 'hook', target: 'total' },
    { source: 'total', target: 'check' },
    { source: 'check', target: 'big', sourceOutput: 'true' },
    { source: 'check', target: 'small', sourceOutput: 'false' },
  ],
};

const CHAIN = 50;
const noOpChain = {
  id: 'chain',
  name: 'noOp chain',
  nodes: [
    { id: 'n0', type: 'manualTrigger', position: { x: 0, y: 0 } },
    ...Array.from({ length: CHAIN }, (_v, i) => ({ id: `n${i + 1}`, type: 'noOp', position: { x: (i + 1) * 10, y: 0 } })),
  ],
  connections: Array.from({ length: CHAIN }, (_v, i) => ({ source: `n${i}`, target: `n${i + 1}` })),
};

let id = 0;
const run = (workflow, items) => runWorkflow({ workflow, registry, clock: systemClock, executionId: `e${id++}`, mode: 'webhook' }, { items });
const request = (i) => [{ json: { headers: {}, params: {}, query: {}, body: { qty: (i % 5) + 1, price: 30, customer: 'ada' } } }];

header('workflow engine');
const five = await measure('5-node webhook workflow (set×2 expr → if → set)', N, (i) => run(fiveNodes, request(i)));
const chain = await measure(`manualTrigger → ${CHAIN} × noOp`, Math.round(N / 5), () => run(noOpChain, [{ json: { a: 1 } }]));
const perNodeUs = 1e6 / chain.opsPerSecond / (CHAIN + 1);
console.log(`engine overhead per simple node: ${perNodeUs.toFixed(2)} µs (from the noOp chain); 5-node run: ${(1e6 / five.opsPerSecond).toFixed(1)} µs`);
const checkpoints = await measure('5-node workflow, JSON checkpoint after every node', Math.round(N / 2), (i) =>
  runWorkflow({ workflow: fiveNodes, registry, clock: systemClock, executionId: `c${i}`, onCheckpoint: (c) => JSON.stringify(c) }, { items: request(i) }),
);
void checkpoints;
