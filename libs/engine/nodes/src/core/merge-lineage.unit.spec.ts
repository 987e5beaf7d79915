import { type ConnectionDefinition, type JsonValue, type NodeDefinition, type WorkflowDefinition } from '@weft/engine-core';
import { execute, json, jsonOf } from './harness.js';

/**
 * `$('Node').item` after a merge traces back through the input each merged item came
 * from, as n8n's pairedItem `{item, input}`, and fails where n8n fails: two different
 * items found ("Multiple matching items"), an item without pairing, a chain that does not
 * pass through the node. The branches reorder and drop items so that "the same index"
 * gives other answers.
 *
 *   Trigger → Before Merge (set) → Only some (filter: not Ada) → Merge.input1
 *   Trigger → Scores (set) → Reversed (sort desc)              → Merge.input2
 *   Merge → After (reads the chosen of $('Trigger').item, $('Before Merge').item, $('Scores').item)
 */
const at = (id: string, type: string, x: number, y: number, properties: NodeDefinition['properties'] = {}): NodeDefinition => ({
  id,
  name: id,
  type,
  position: { x, y },
  properties,
});
const link = (source: string, target: string, targetInput = 'main'): ConnectionDefinition => ({ source, target, sourceOutput: 'main', targetInput });

const REFS = {
  trigger: { name: 'trigger', value: "{{ $('Trigger').item.json.name }}" },
  before: { name: 'before', value: "{{ $('Before Merge').item.json.name }}" },
  score: { name: 'score', type: 'number', value: "{{ $('Scores').item.json.score }}" },
} as const;
type Ref = keyof typeof REFS;

function lineageWorkflow(merge: Record<string, JsonValue>, refs: readonly Ref[]): WorkflowDefinition {
  const after: Record<string, JsonValue> = { keepOnlySet: true, fields: refs.map((ref) => ({ ...REFS[ref] })) };
  const nodes = [
    at('Trigger', 'manualTrigger', 0, 0),
    at('Before Merge', 'set', 100, -50, { fields: [{ name: 'tag', value: 'b' }] }),
    at('Only some', 'filter', 200, -50, { conditions: [{ left: '{{ $json.name }}', op: 'ne', right: 'Ada' }] }),
    at('Scores', 'set', 100, 50, {
      keepOnlySet: true,
      fields: [
        { name: 'userId', type: 'number', value: '{{ $json.id }}' },
        { name: 'score', type: 'number', value: '{{ $json.id * 10 }}' },
      ],
    }),
    at('Reversed', 'sort', 200, 50, { fields: [{ field: 'userId', order: 'desc' }] }),
    at('Merge', 'merge', 300, 0, merge),
    at('After', 'set', 400, 0, after),
  ];
  const connections = [
    link('Trigger', 'Before Merge'),
    link('Before Merge', 'Only some'),
    link('Only some', 'Merge', 'input1'),
    link('Trigger', 'Scores'),
    link('Scores', 'Reversed'),
    link('Reversed', 'Merge', 'input2'),
    link('Merge', 'After'),
  ];
  return { id: 'wf', name: 'Lineage', nodes, connections, settings: { timezone: 'UTC' } };
}

const people = json({ id: 1, name: 'Ada' }, { id: 2, name: 'Linus' }, { id: 3, name: 'Grace' });
// Merge inputs: input1 = [Linus, Grace], input2 = [score 30 (Grace), score 20 (Linus), score 10 (Ada)].
const fromInput1 = (name: string) => ({ trigger: name, before: name });
const fromInput2 = (name: string, score: number) => ({ trigger: name, score });
const fromBoth = (name: string, score: number) => ({ trigger: name, before: name, score });

describe("$('Node').item through a merge", () => {
  it.each([
    ['append', { mode: 'append' }, ['trigger'], ['Linus', 'Grace', 'Grace', 'Linus', 'Ada'].map((trigger) => ({ trigger }))],
    [
      'combine by position',
      { mode: 'combineByPosition' },
      ['before', 'score'],
      [
        { before: 'Linus', score: 30 },
        { before: 'Grace', score: 20 },
      ],
    ],
    ['combine by position, unpaired kept', { mode: 'combineByPosition', includeUnpaired: true }, ['score'], [{ score: 30 }, { score: 20 }, { score: 10 }]],
    // Both inputs lead back to the same trigger item: one match, not two.
    [
      'combine by fields, inner',
      { mode: 'combineByKey', key1: 'id', key2: 'userId' },
      ['trigger', 'before', 'score'],
      [fromBoth('Linus', 20), fromBoth('Grace', 30)],
    ],
    [
      'combine by fields, enrich input 2',
      { mode: 'combineByKey', key1: 'id', key2: 'userId', join: 'right' },
      ['trigger', 'score'],
      [fromInput2('Linus', 20), fromInput2('Grace', 30), fromInput2('Ada', 10)],
    ],
    [
      'combine by fields, outer',
      { mode: 'combineByKey', key1: 'id', key2: 'userId', join: 'outer' },
      ['trigger', 'score'],
      [fromInput2('Linus', 20), fromInput2('Grace', 30), fromInput2('Ada', 10)],
    ],
    [
      'combine by fields, input 2 unmatched only',
      { mode: 'combineByKey', key1: 'id', key2: 'userId', join: 'rightAnti' },
      ['trigger', 'score'],
      [fromInput2('Ada', 10)],
    ],
    ['choose branch input 1', { mode: 'chooseBranch', output: 'input1' }, ['trigger', 'before'], [fromInput1('Linus'), fromInput1('Grace')]],
    [
      'choose branch input 2',
      { mode: 'chooseBranch', output: 'input2' },
      ['trigger', 'score'],
      [fromInput2('Grace', 30), fromInput2('Linus', 20), fromInput2('Ada', 10)],
    ],
  ] as const)('%s', async (_name, merge, refs, expected) => {
    const result = await execute(lineageWorkflow(merge, refs), { items: people });
    expect(result.error).toBeUndefined();
    expect(jsonOf(result)).toEqual(expected);
  });

  it.each([
    // Linus by input 1, Grace by input 2.
    [
      'an item combined from both inputs, when they lead to different items',
      { mode: 'combineByPosition' },
      ['trigger'],
      'Multiple matching items for item [0]',
    ],
    // n8n pairs the empty item with every input item.
    ['the empty item of chooseBranch', { mode: 'chooseBranch', output: 'empty' }, ['trigger'], 'Multiple matching items for item [0]'],
    ['an item of input 2 asking for a node only input 1 descends from', { mode: 'append' }, ['before'], "No path back to referenced node 'Before Merge'"],
  ] as const)('fails as n8n does for %s', async (_name, merge, refs, message) => {
    const result = await execute(lineageWorkflow(merge, refs), { items: people });
    expect(result.status).toBe('error');
    expect(result.error?.message).toContain(message);
    expect(result.error?.message).toMatch(/node "After"/);
  });

  it('tells apart two sources feeding the same merge input', async () => {
    const nodes = [
      at('Trigger', 'manualTrigger', 0, 0),
      at('First two', 'limit', 100, -100, { maxItems: 2 }),
      at('Last one', 'limit', 100, 0, { maxItems: 1, keep: 'lastItems' }),
      at('Scores', 'set', 100, 100, { fields: [{ name: 'score', type: 'number', value: '{{ $json.id * 10 }}' }] }),
      at('Merge', 'merge', 200, 0, { mode: 'append' }),
      // `.item` is resolved only when read, so the other items never ask 'Last one'.
      at('After', 'set', 300, 0, {
        keepOnlySet: true,
        fields: [
          { name: 'last', value: "{{ $itemIndex === 2 ? $('Last one').item.json.name : '-' }}" },
          { name: 'trigger', value: "{{ $('Trigger').item.json.name }}" },
        ],
      }),
    ];
    const connections = [
      link('Trigger', 'First two'),
      link('Trigger', 'Last one'),
      link('Trigger', 'Scores'),
      link('First two', 'Merge', 'input1'),
      link('Last one', 'Merge', 'input1'),
      link('Scores', 'Merge', 'input2'),
      link('Merge', 'After'),
    ];
    const result = await execute({ id: 'wf', name: 'Two sources', nodes, connections }, { items: people });
    expect(result.runData['Merge']![0]!.inputSources).toEqual({
      input1: [
        { nodeId: 'First two', output: 'main', run: 0, count: 2 },
        { nodeId: 'Last one', output: 'main', run: 0, count: 1 },
      ],
      input2: [{ nodeId: 'Scores', output: 'main', run: 0, count: 3 }],
    });
    expect(jsonOf(result).map((row) => (row as { trigger: string }).trigger)).toEqual(['Ada', 'Linus', 'Grace', 'Ada', 'Linus', 'Grace']);
    expect((jsonOf(result)[2] as { last: string }).last).toBe('Grace');
  });
});

describe("$('Node').item where n8n finds no paired item", () => {
  // Trigger (3 items) → Agg (aggregate: one item from three, no pairing) → Read; Trigger → Side (runs first)
  const workflow = (fields: readonly { name: string; value: string }[]): WorkflowDefinition => ({
    id: 'wf',
    name: 'Unpaired',
    nodes: [
      at('Trigger', 'manualTrigger', 0, 0),
      at('Agg', 'aggregate', 100, 0, { aggregate: 'allItemData', destinationField: 'all' }),
      at('Read', 'set', 200, 0, { keepOnlySet: true, fields: fields.map((field) => ({ ...field })) }),
      at('Side', 'noOp', 100, -100),
    ],
    connections: [link('Trigger', 'Agg'), link('Agg', 'Read'), link('Trigger', 'Side')],
  });

  it('fails on an item that carries no pairing, naming the node that made it', async () => {
    const result = await execute(workflow([{ name: 'name', value: "{{ $('Trigger').item.json.name }}" }]), { items: people });
    expect(result.error?.message).toContain("Paired item data for item from node 'Agg' is unavailable. Ensure 'Agg' is providing the required output.");
  });

  it('fails on a node that ran but is not upstream', async () => {
    const result = await execute(workflow([{ name: 'side', value: "{{ $('Side').item.json.name }}" }]), { items: people });
    expect(result.runData['Side']).toHaveLength(1);
    expect(result.error?.message).toContain("No path back to referenced node 'Side'");
  });

  it('still answers first(), last(), all() and the older $node["Name"] (the same index)', async () => {
    const fields = [
      { name: 'first', value: "{{ $('Trigger').first().json.name }}" },
      { name: 'last', value: "{{ $('Trigger').last().json.name }}" },
      { name: 'count', value: "{{ $('Trigger').all().length }}" },
      { name: 'legacy', value: '{{ $node["Trigger"].json.name }}' },
    ];
    const result = await execute(workflow(fields), { items: people });
    expect(result.error).toBeUndefined();
    expect(jsonOf(result)).toEqual([{ first: 'Ada', last: 'Grace', count: '3', legacy: 'Ada' }]);
  });
});
