import { VirtualClock } from './clock.js';
import { DataTooDeepError, MAX_ITEM_DEPTH, MAX_PROPERTY_DEPTH, assertItemDepth, parseJsonData } from './data-depth.js';
import { type NodeDefinition, type WorkflowDefinition } from './definition/types.js';
import { validateWorkflow } from './definition/validate.js';
import { checkTemplate, evaluateTemplate } from './expressions/evaluate.js';
import { ExpressionError } from './expressions/errors.js';
import { ItemExpressionData } from './expressions/sources.js';
import { type Item, type JsonObject } from './items.js';
import { NodeRegistry, type NodeType } from './node-type.js';
import { resumeWorkflow, runWorkflow } from './run/run-loop.js';
import { testNodeTypes } from './run/test-nodes.js';

// Deeply nested data must never overflow the stack or block the event loop: it is
// refused where it enters a run, and every walk over it is iterative or bounded.

/** `{a: {a: ... {}}}` with `depth` objects (the outermost is level 1). */
function nested(depth: number): JsonObject {
  let value: JsonObject = {};
  for (let level = 1; level < depth; level++) value = { a: value };
  return value;
}
const nestedText = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

function expressionData(json: Record<string, unknown>): ItemExpressionData {
  return new ItemExpressionData({
    items: [{ json: json as JsonObject }],
    itemIndex: 0,
    nodeOutput: () => undefined,
    executedNodeNames: () => [],
    now: 0,
    execution: { id: 'exec-1', mode: 'manual' },
    workflow: { id: 'wf-1', name: 'Deep' },
    vars: {},
  });
}
const evaluate = (text: string, json: Record<string, unknown> = {}) => evaluateTemplate(text, expressionData(json));

describe('data entering a run', () => {
  it('parses JSON text up to MAX_ITEM_DEPTH levels and refuses one more, naming what', () => {
    expect(parseJsonData(nestedText(MAX_ITEM_DEPTH), 'The response')).toBeInstanceOf(Array);
    expect(() => parseJsonData(nestedText(MAX_ITEM_DEPTH + 1), 'The response')).toThrow(new DataTooDeepError('The response'));
    expect(() => parseJsonData(nestedText(MAX_ITEM_DEPTH + 1), 'The response')).toThrow('The response is nested deeper than 1000 levels');
    expect(() => parseJsonData('{"a":', 'x')).toThrow(SyntaxError);
  });

  it('refuses 100,000 levels of JSON before parsing them, in a few milliseconds', () => {
    const text = nestedText(100_000);
    const started = performance.now();
    expect(() => parseJsonData(text, 'The body')).toThrow(DataTooDeepError);
    expect(performance.now() - started).toBeLessThan(50);
  });

  it("checks a node's output items: json at the limit passes, one level more fails", () => {
    expect(() => assertItemDepth([{ json: { ok: true } }, { json: nested(MAX_ITEM_DEPTH) }])).not.toThrow();
    expect(() => assertItemDepth([{ json: {} }, { json: nested(MAX_ITEM_DEPTH + 1) }])).toThrow("The node's output is nested deeper than 1000 levels");
    expect(() => assertItemDepth([{ json: nested(100_000) }])).toThrow(DataTooDeepError);
  });
});

describe('expressions over deep data', () => {
  it('passes a value as deep as an item may be, unchanged', () => {
    const deep = nested(MAX_ITEM_DEPTH);
    expect(evaluate('{{ $json.deep }}', { deep })).toBe(deep);
  });

  it('refuses a value deeper than an item may be, whether built by JSON.parse or read from the data', () => {
    expect(() => evaluate(`{{ JSON.parse(${JSON.stringify(nestedText(100_000))}) }}`)).toThrow(/JSON.parse: the text is nested deeper than 1000 levels/);
    expect(() => evaluate('{{ ({ wrapped: $json.deep }) }}', { deep: nested(MAX_ITEM_DEPTH) })).toThrow(
      "the expression's value is nested deeper than 1000 levels",
    );
    expect(() => evaluate('{{ [$json.deep, new Date(0)] }}', { deep: nested(5_000) })).toThrow(ExpressionError);
  });

  it('reports a runaway recursion and an expression nested too deeply in plain words', () => {
    expect(() => evaluate('{{ (f => f(f))(f => f(f)) }}')).toThrow('the expression recursed or nested too deeply');
    const parens = `{{ ${'('.repeat(50_000)}1${')'.repeat(50_000)} }}`;
    // acorn guards its own recursion.
    expect(checkTemplate(parens)?.message).toMatch(/^invalid expression: Not enough stack space/);
  });
});

describe('workflow definitions', () => {
  const registry = new NodeRegistry(testNodeTypes);
  const codes = (raw: unknown) => {
    const result = validateWorkflow(raw, registry);
    return result.ok ? [] : result.problems.map((problem) => problem.code);
  };

  it('validates a chain of 20,000 nodes and finds the cycle at its end', () => {
    const count = 20_000;
    const nodes = [{ id: 'n0', type: 'trigger' }, ...Array.from({ length: count - 1 }, (_, i) => ({ id: `n${i + 1}`, type: 'tag' }))];
    const connections = nodes.slice(1).map((node, i) => ({ source: `n${i}`, target: node.id }));
    expect(codes({ nodes, connections })).toEqual([]);
    const cyclic = validateWorkflow({ nodes, connections: [...connections, { source: `n${count - 1}`, target: `n${count - 3}` }] }, registry);
    expect(cyclic).toMatchObject({
      ok: false,
      problems: [
        {
          code: 'cycle',
          nodeId: `n${count - 3}`,
          message: `cycle n${count - 3} → n${count - 2} → n${count - 1} → n${count - 3} is not broken by a loop node (splitInBatches)`,
        },
      ],
    });
  });

  it('refuses properties nested deeper than MAX_PROPERTY_DEPTH', () => {
    const node = (value: JsonObject): NodeDefinition => ({ id: 'e', type: 'evaluate', properties: { value } });
    expect(codes({ nodes: [node(nested(MAX_PROPERTY_DEPTH - 1))], connections: [] })).toEqual([]);
    expect(codes({ nodes: [node(nested(MAX_PROPERTY_DEPTH))], connections: [] })).toEqual(['property_too_deep']);
    expect(codes({ nodes: [node(nested(50_000))], connections: [] })).toEqual(['property_too_deep']);
  });
});

describe('runs over long chains and deep checkpoints', () => {
  const pass: NodeType = { type: 'pass', execute: (ctx) => ({ main: [...ctx.items] }) };
  const registry = new NodeRegistry([...testNodeTypes, pass]);
  const at = (id: string, type: string, extra: Partial<NodeDefinition> = {}): NodeDefinition => ({ id, type, position: { x: 0, y: 0 }, ...extra });

  it("traces $('trigger').item back through 4,000 loop passes", async () => {
    const workflow: WorkflowDefinition = {
      nodes: [at('t', 'trigger'), at('loop', 'countdown'), at('body', 'pass'), at('after', 'evaluate', { properties: { value: "{{ $('t').item.json.n }}" } })],
      connections: [
        { source: 't', target: 'loop' },
        { source: 'loop', target: 'body', sourceOutput: 'loop' },
        { source: 'body', target: 'loop' },
        { source: 'loop', target: 'after', sourceOutput: 'done' },
      ],
    };
    const result = await runWorkflow({ workflow, registry, clock: new VirtualClock(0), executionId: 'exec-1' }, { items: [{ json: { n: 4_000 } }] });
    expect(result.status).toBe('success');
    expect(result.runData['loop']).toHaveLength(4_000);
    expect(result.lastNodeOutput[0]?.json['value']).toBe(4_000);
  });

  it('resumes a checkpoint holding data deeper than structuredClone can copy', async () => {
    const workflow: WorkflowDefinition = {
      nodes: [at('t', 'trigger'), at('wait', 'pause'), at('after', 'pass')],
      connections: [
        { source: 't', target: 'wait' },
        { source: 'wait', target: 'after' },
      ],
    };
    const options = { workflow, registry, clock: new VirtualClock(0), executionId: 'exec-1' };
    const deep: Item = { json: nested(2_000) };
    const parked = await runWorkflow(options, { items: [deep] });
    expect(parked.status).toBe('waiting');
    const resumed = await resumeWorkflow(options, { checkpoint: parked.checkpoint, resumeItems: [deep] });
    expect(resumed.status).toBe('success');
    expect(resumed.lastNodeOutput[0]?.json).toEqual(deep.json);
  });
});
