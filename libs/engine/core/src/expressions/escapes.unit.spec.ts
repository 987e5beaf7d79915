import { evaluateTemplate } from './evaluate.js';
import { ExpressionError } from './errors.js';
import { ItemExpressionData } from './sources.js';

const data = new ItemExpressionData({
  items: [{ json: { a: 1, nested: { list: [1, 2] } } }],
  itemIndex: 0,
  nodeOutput: () => undefined,
  executedNodeNames: () => [],
  now: 0,
  execution: { id: 'e', mode: 'manual' },
  workflow: { id: 'w', name: 'w' },
  vars: {},
});

// Every payload must end in an ExpressionError: never a value, never a host object.
const payloads = [
  '{{ (function(){ return this })().process }}',
  '{{ $json.constructor.constructor("return process")() }}',
  '{{ $json[`constructor`][`constructor`]("return process")() }}',
  "{{ $json['constructor']['constructor']('return process')() }}",
  "{{ $json['con' + 'structor'] }}",
  '{{ $json[`con${"struc"}tor`] }}',
  "{{ ''.__proto__ }}",
  "{{ $json['__pro' + 'to__'] }}",
  '{{ $json.__proto__.polluted = 1 }}',
  '{{ Reflect.construct(Function, ["return process"])() }}',
  '{{ (async function(){}).constructor("return process")() }}',
  '{{ (async () => 1).constructor }}',
  '{{ (() => 1).constructor("return process")() }}',
  '{{ (x => x)["constructor"] }}',
  '{{ Object.getPrototypeOf($json) }}',
  '{{ Object.getPrototypeOf([]).constructor }}',
  '{{ Object.constructor }}',
  '{{ Object.assign($json, { b: 2 }) }}',
  '{{ Object.defineProperty($json, "x", {}) }}',
  '{{ globalThis }}',
  '{{ global.process }}',
  '{{ this }}',
  "{{ require('fs') }}",
  "{{ import('fs') }}",
  '{{ import.meta }}',
  '{{ process.env }}',
  '{{ process }}',
  '{{ setTimeout }}',
  '{{ setTimeout(() => 1, 0) }}',
  "{{ eval('1') }}",
  "{{ Function('return 1')() }}",
  "{{ [].map.constructor('return process')() }}",
  "{{ [].map['constructor'] }}",
  '{{ "".toString.call.call }}',
  '{{ Math.max.apply(null, [1]) }}',
  '{{ Math.max.bind(null) }}',
  '{{ Math.max }}',
  '{{ $input.all.constructor }}',
  '{{ $json.nested.list.push(3) }}',
  '{{ $json.nested.list.constructor.from }}',
  '{{ "x".repeat(1e9) }}',
  '{{ "x".padStart(1e9) }}',
  '{{ Array.from({ length: 1e7 }) }}',
  '{{ Array.from({ length: 3000 }).map(() => Array.from({ length: 3000 }).map(() => 1)) }}',
  '{{ Array.from({ length: 40 }).reduce(acc => acc.concat(acc), [1]) }}',
  '{{ Array.from({ length: 1000 }).map(() => "x".repeat(1000000)) }}',
  '{{ Array.from({ length: 100 }).reduce(s => s + s, "x") }}',
  '{{ new Function("return 1") }}',
  '{{ new Proxy({}, {}) }}',
  '{{ Symbol.iterator }}',
  '{{ $json[Symbol.iterator] }}',
  '{{ $json instanceof Object }}',
  '{{ "constructor" in $json }}',
  '{{ delete $json.a }}',
  '{{ $json.a++ }}',
  '{{ (() => { while (true) {} })() }}',
  '{{ class A {} }}',
  '{{ String.raw`x` }}',
  '{{ WebAssembly }}',
  '{{ fetch("http://169.254.169.254/") }}',
  '{{ structuredClone }}',
  '{{ queueMicrotask }}',
  '{{ Buffer.from("x") }}',
  '{{ arguments }}',
  '{{ ({}).__defineGetter__("a", () => 1) }}',
  '{{ ({ __proto__: { polluted: 1 } }) }}',
  '{{ ({ ["__proto__"]: 1 }) }}',
  '{{ ({ get a() { return 1 } }) }}',
  '{{ $json.a.toString.constructor }}',
  '{{ $now.constructor }}',
  '{{ $input }}',
  '{{ [$input] }}',
  '{{ ({ a: $("Prev") }) }}',
  '{{ $input.read("item") }}',
  '{{ $input.item.constructor }}',
  '{{ DateTime.constructor }}',
  '{{ DateTime.now }}',
  '{{ DateTime.now.call(null) }}',
  '{{ DateTime.local().constructor }}',
  '{{ DateTime["fromI" + "SO"]("2026-01-01", { zone: "Not/AZone" }) }}',
  '{{ DateTime.fromISO({ toString: () => "2026" }) }}',
  '{{ /x/.constructor }}',
  '{{ JSON.parse("{}").constructor }}',
  '{{ 1; process.exit(1) }}',
  '{{ x => x }}',
  '{{ Object.values([{}].pluck("__proto__", "x")[0])[0] }}',
  '{{ [{}].pluck("constructor") }}',
  '{{ ({}).hasField.constructor }}',
];

describe('expression sandbox escapes', () => {
  it.each(payloads)('refuses %s', (payload) => {
    expect(() => evaluateTemplate(payload, data, { timeoutMs: 200, maxSteps: 1_000_000 })).toThrow(ExpressionError);
  });

  it('leaves the data untouched after every payload', () => {
    for (const payload of payloads) {
      try {
        evaluateTemplate(payload, data, { timeoutMs: 200, maxSteps: 1_000_000 });
      } catch {
        // expected
      }
    }
    expect(data.$json).toEqual({ a: 1, nested: { list: [1, 2] } });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('ends a runaway expression within its time limit', () => {
    const started = performance.now();
    expect(() => evaluateTemplate('{{ Array.from({ length: 1000000 }).map(() => [1, 2, 3].map(x => x)) }}', data, { timeoutMs: 50, maxSteps: 1e12 })).toThrow(
      /time limit/,
    );
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
