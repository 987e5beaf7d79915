import { evaluateTemplate } from './evaluate.js';
import { ExpressionError } from './errors.js';
import { ItemExpressionData, type ExpressionSources } from './sources.js';
import { type Item } from '../items.js';

const previous: Item[] = [{ json: { id: 7, tags: ['a', 'b'] } }, { json: { id: 8, tags: [] } }];

function data(json: Record<string, unknown>, overrides: Partial<ExpressionSources> = {}): ItemExpressionData {
  const items: Item[] = [{ json: json as Item['json'] }, { json: { a: 100 } }];
  return new ItemExpressionData({
    items,
    itemIndex: 0,
    nodeOutput: (name) => (name === 'Previous node' ? previous : undefined),
    executedNodeNames: () => ['Previous node'],
    now: Date.UTC(2026, 0, 2, 3, 4, 5),
    execution: { id: 'exec-1', mode: 'manual' },
    workflow: { id: 'wf-1', name: 'Orders' },
    vars: { region: 'eu' },
    ...overrides,
  });
}

const evaluate = (text: string, json: Record<string, unknown> = { a: 6, b: 7 }): unknown => evaluateTemplate(text, data(json));

describe('expressions', () => {
  it.each([
    ['{{ $json.a * $json.b }}', 42],
    ['total: {{ $json.a * $json.b }}!', 'total: 42!'],
    ['{{ $json.a > 5 ? "big" : "small" }}', 'big'],
    ['{{ [1, 2, 3].map(x => x * $json.a).filter(x => x > 6) }}', [12, 18]],
    ['{{ ({ sum: $json.a + $json.b, ...{ k: 1 } }) }}', { sum: 13, k: 1 }],
    ['{{ `a=${$json.a}` }}', 'a=6'],
    ['{{ $json.missing?.deep }}', undefined],
    ['{{ $json.missing ?? "default" }}', 'default'],
    ['{{ "Hello".toUpperCase().split("") }}', ['H', 'E', 'L', 'L', 'O']],
    ['{{ Math.max(...[1, 5, 3]) }}', 5],
    ['{{ JSON.stringify({ a: 1 }) }}', '{"a":1}'],
    ['{{ Object.keys($json) }}', ['a', 'b']],
    ['{{ $input.all().length }}', 2],
    ['{{ $input.first().json.a }}', 6],
    ['{{ $input.item.json.b }}', 7],
    ['{{ $itemIndex }}', 0],
    ["{{ $('Previous node').item.json.id }}", 7],
    ["{{ $('Previous node').all().map(i => i.json.id) }}", [7, 8]],
    ['{{ $node["Previous node"].json.tags[1] }}', 'b'],
    ['{{ $now.toISO() }}', '2026-01-02T03:04:05.000Z'],
    ['{{ $now }}', '2026-01-02T03:04:05.000Z'],
    ["{{ $now.toFormat('yyyy-MM-dd HH:mm:ss \\'at\\' ccc') }}", '2026-01-02 03:04:05 at Fri'],
    ['{{ $now.plus({ days: 30, hours: 1 }).toISODate() }}', '2026-02-01'],
    ['{{ $now.minus({ months: 1 }).month }}', 12],
    ["{{ $now.setZone('America/New_York').toISO() }}", '2026-01-01T22:04:05.000-05:00'],
    ["{{ $now.setZone('Asia/Kolkata').startOf('day').toISO() }}", '2026-01-02T00:00:00.000+05:30'],
    ["{{ DateTime.fromISO('2026-03-01T10:00:00Z').toMillis() > $now.toMillis() }}", true],
    ['{{ $now > $today }}', true],
    ['{{ "".isEmpty() && [1, 2, 3].sum() === 6 && "42".toNumber() === 42 }}', true],
    ['{{ [3, 1, 3, null].compact().unique() }}', [3, 1]],
    ['{{ (2.345).round(2) }}', 2.35],
    ['{{ [{ a: 1 }, { a: 2 }].pluck("a").max() }}', 2],
    ['{{ "hello big world".toTitleCase() }}', 'Hello Big World'],
    ['{{ ({ a: 1 }).isNotEmpty() }}', true],
    ['{{ ({ at: $now, list: [new Date(0)], re: /x/g }) }}', { at: '2026-01-02T03:04:05.000Z', list: ['1970-01-01T00:00:00.000Z'], re: '/x/g' }],
    ['{{ $today }}', '2026-01-02T00:00:00.000Z'],
    ['{{ $execution.id }}/{{ $execution.mode }}', 'exec-1/manual'],
    ['{{ $workflow.name }}', 'Orders'],
    ['{{ $vars.region }}', 'eu'],
    ['{{ [3, 1, 2].toSorted((a, b) => a - b) }}', [1, 2, 3]],
    ['{{ [1, 2, 3].reduce((s, x) => s + x, 0) }}', 6],
    ['{{ Number("4") + parseInt("5") }}', 9],
    ['{{ new Date(0).toISOString() }}', '1970-01-01T00:00:00.000Z'],
    ['{{ /^a/.test("abc") }}', true],
    ['{{ {"a": 1}["a"] }}', 1],
    ['no expression here', 'no expression here'],
    ['{{ "}}" }}', '}}'],
    ['{{ [1, 2].map(x => { return x + 1 }) }}', [2, 3]],
    ['{{ $json.a }} and {{ { x: 1 } }}', '6 and {"x":1}'],
  ])('%s → %j', (expression, expected) => {
    expect(evaluate(expression)).toEqual(expected);
  });

  it('keeps the type of a property that is exactly one expression', () => {
    expect(evaluate('{{ $json.a }}')).toBe(6);
    expect(evaluate(' {{ $json.a }}')).toBe(' 6');
  });

  it('reads a data property named like a method of an object as data, not as a method', () => {
    expect(evaluate('{{ $json.toString }}', { toString: 'x' })).toBe('x');
    expect(evaluate('{{ $json.hasOwnProperty }}', {})).toBeUndefined();
  });

  it('refuses functions nested in a result', () => {
    expect(() => evaluate('{{ ({ f: x => x }) }}')).toThrow(/evaluated to a function/);
  });

  it('names the expression in errors', () => {
    expect(() => evaluate('{{ $json.a.b.c }}')).toThrow(ExpressionError);
    try {
      evaluate('{{ nope(1) }}');
    } catch (error) {
      expect((error as ExpressionError).expression).toBe('nope(1)');
      expect((error as ExpressionError).withLocation('Set', 'fields').message).toMatch(/node "Set", property "fields", expression "nope\(1\)"/);
    }
    expect.assertions(3);
  });
});

describe('$input and $(…) views', () => {
  it('show no members but their own to spreads, keys and JSON', () => {
    expect(evaluate('{{ Object.keys($input).length + JSON.stringify($input).length }}')).toBe(2);
    expect(evaluate('{{ ({ ...$input }) }}')).toEqual({});
    expect(evaluate('{{ $input.isExecuted && $input.items.length }}')).toBe(2);
    expect(evaluate('{{ $input.last().json.a }}')).toBe(100);
  });

  it('resolve .item only when it is read', () => {
    let traced = 0;
    const sources: Partial<ExpressionSources> = {
      pairedItem: () => {
        traced += 1;
        return { kind: 'multiple', index: 3 };
      },
    };
    expect(evaluateTemplate("{{ $('Previous node').first().json.id }}", data({}, sources))).toBe(7);
    expect(traced).toBe(0);
    expect(() => evaluateTemplate("{{ $('Previous node').item.json.id }}", data({}, sources))).toThrow('Multiple matching items for item [3]');
    expect(traced).toBe(1);
  });
});
