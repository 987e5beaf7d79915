// Expression evaluator throughput: `{{ $json.a * $json.b }}` and friends, one core.
// Run: npm exec -- node --import ./tools/bench/engine/register.mjs tools/bench/engine/expressions.bench.mjs
import { evaluateTemplate, ItemExpressionData } from '@weft/engine-core';
import { header, measure, throughput } from './stats.mjs';

const N = Number(process.env.BENCH_N ?? 1_000_000);
const items = [{ json: { a: 6, b: 7, name: 'ada', list: [1, 2, 3, 4, 5] } }];
const sources = {
  items,
  itemIndex: 0,
  nodeOutput: () => items,
  executedNodeNames: () => ['Webhook'],
  now: Date.UTC(2026, 0, 1),
  execution: { id: 'e', mode: 'webhook' },
  workflow: { id: 'w', name: 'bench' },
  vars: {},
};
const data = new ItemExpressionData(sources);

header('expressions');
await throughput('{{ $json.a * $json.b }} (prepared data)', N, () => evaluateTemplate('{{ $json.a * $json.b }}', data));
await throughput('{{ $json.a * $json.b }} (data built per evaluation)', N, () => evaluateTemplate('{{ $json.a * $json.b }}', new ItemExpressionData(sources)));
await throughput('mixed text "{{ $json.name.toUpperCase() }}-{{ $json.a }}"', N / 2, () =>
  evaluateTemplate('{{ $json.name.toUpperCase() }}-{{ $json.a }}', data),
);
await throughput('{{ $json.list.map(x => x * 2).filter(x => x > 4) }}', N / 4, () =>
  evaluateTemplate('{{ $json.list.map(x => x * 2).filter(x => x > 4) }}', data),
);
await measure('{{ $json.a * $json.b }} per-call latency', N / 5, () => evaluateTemplate('{{ $json.a * $json.b }}', data));
let counter = 0;
await throughput('cold: a new expression text each time (parse + compile)', 20_000, () => evaluateTemplate(`{{ $json.a * ${counter++} }}`, data));
