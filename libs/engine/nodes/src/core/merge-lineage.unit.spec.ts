import { type ConnectionDefinition, type JsonValue, type NodeDefinition, type WorkflowDefinition } from '@weft/engine-core';
import { execute, json, jsonOf } from './harness.js';

/**
 * `$('Node').item` after a merge traces back through the input each merged item came
 * from, as n8n's pairedItem `{item, input}`. The branches reorder and drop items so that
 * "the same index" (Weft's fallback where no chain leads back) gives other answers.
 *
 *   Trigger → Before Merge (set) → Only some (filter: not Ada) → Merge.input1
 *   Trigger → Scores (set) → Reversed (sort desc)              → Merge.input2
 *   Merge → After (reads $('Trigger').item, $('Before Merge').item, $('Scores').item)
 */
const at = (id: string, type: string, x: number, y: number, properties: NodeDefinition['properties'] = {}): NodeDefinition => ({ id, name: id, type, position: { x, y }, properties });
const link = (source: string, target: string, targetInput = 'main'): ConnectionDefinition => ({ source, target, sourceOutput: 'main', targetInput });

function lineageWorkflow(merge: Record<string, JsonValue>): WorkflowDefinition {
  const after: Record<string, JsonValue> = {
    keepOnlySet: true,
    fields: [
      { name: 'trigger', value: "{{ $('Trigger').item.json.name }}" },
      { name: 'before', value: "{{ $('Before Merge').item.json.name }}" },
      { name: 'score', type: 'number', value: "{{ $('Scores').item.json.score }}" },
    ],
  };
  const nodes = [
    at('Trigger', 'manualTrigger', 0, 0),
    at('Before Merge', 'set', 100, -50, { fields: [{ name: 'tag', value: 'b' }] }),
    at('Only some', 'filter', 200, -50, { conditions: [{ left: '{{ $json.name }}', op: 'ne', right: 'Ada' }] }),
    at('Scores', 'set', 100, 50, { keepOnlySet: true, fields: [{ name: 'userId', type: 'number', value: '{{ $json.id }}' }, { name: 'score', type: 'number', value: '{{ $json.id * 10 }}' }] }),
    at('Reversed', 'sort', 200, 50, { fields: [{ field: 'userId', order: 'desc' }] }),
    at('Merge', 'merge', 300, 0, merge),
    at('After', 'set', 400, 0, after),
  ];
  const connections = [
    link('Trigger', 'Before Merge'), link('Before Merge', 'Only some'), link('Only some', 'Merge', 'input1'),
    link('Trigger', 'Scores'), link('Scores', 'Reversed'), link('Reversed', 'Merge', 'input2'), link('Merge', 'After'),
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
    ['append', { mode: 'append' }, [fromInput1('Linus'), fromInput1('Grace'), fromInput2('Grace', 30), fromInput2('Linus', 20), fromInput2('Ada', 10)]],
    ['combine by position', { mode: 'combineByPosition' }, [{ before: 'Linus', score: 30 }, { before: 'Grace', score: 20 }]],
    ['combine by position, unpaired kept', { mode: 'combineByPosition', includeUnpaired: true }, [{ before: 'Linus', score: 30 }, { before: 'Grace', score: 20 }, fromInput2('Ada', 10)]],
    ['combine by fields, inner', { mode: 'combineByKey', key1: 'id', key2: 'userId' }, [fromBoth('Linus', 20), fromBoth('Grace', 30)]],
    ['combine by fields, enrich input 2', { mode: 'combineByKey', key1: 'id', key2: 'userId', join: 'right' }, [fromBoth('Linus', 20), fromBoth('Grace', 30), fromInput2('Ada', 10)]],
    ['combine by fields, outer', { mode: 'combineByKey', key1: 'id', key2: 'userId', join: 'outer' }, [fromBoth('Linus', 20), fromBoth('Grace', 30), fromInput2('Ada', 10)]],
    ['combine by fields, input 2 unmatched only', { mode: 'combineByKey', key1: 'id', key2: 'userId', join: 'rightAnti' }, [fromInput2('Ada', 10)]],
    ['choose branch input 1', { mode: 'chooseBranch', output: 'input1' }, [fromInput1('Linus'), fromInput1('Grace')]],
    ['choose branch input 2', { mode: 'chooseBranch', output: 'input2' }, [fromInput2('Grace', 30), fromInput2('Linus', 20), fromInput2('Ada', 10)]],
    // n8n pairs the empty item with every input item; Weft takes the first it finds, input 1 first.
    ['choose branch, an empty item', { mode: 'chooseBranch', output: 'empty' }, [{ trigger: 'Linus', before: 'Linus', score: 30 }]],
  ] as const)('%s', async (_name, merge, expected) => {
    const result = await execute(lineageWorkflow(merge), { items: people });
    expect(result.error).toBeUndefined();
    expect(jsonOf(result)).toMatchObject(expected);
  });

  it('an item combined from both inputs resolves a node both inputs descend from through input 1', async () => {
    const result = await execute(lineageWorkflow({ mode: 'combineByPosition' }), { items: people });
    // n8n reports "multiple matching items" here (Linus by input 1, Grace by input 2).
    expect(jsonOf(result).map((row) => (row as { trigger: string }).trigger)).toEqual(['Linus', 'Grace']);
  });

  it('tells apart two sources feeding the same merge input', async () => {
    const nodes = [
      at('Trigger', 'manualTrigger', 0, 0),
      at('First two', 'limit', 100, -100, { maxItems: 2 }),
      at('Last one', 'limit', 100, 0, { maxItems: 1, keep: 'lastItems' }),
      at('Scores', 'set', 100, 100, { fields: [{ name: 'score', type: 'number', value: '{{ $json.id * 10 }}' }] }),
      at('Merge', 'merge', 200, 0, { mode: 'append' }),
      at('After', 'set', 300, 0, { keepOnlySet: true, fields: [{ name: 'last', value: "{{ $('Last one').item.json.name }}" }, { name: 'trigger', value: "{{ $('Trigger').item.json.name }}" }] }),
    ];
    const connections = [
      link('Trigger', 'First two'), link('Trigger', 'Last one'), link('Trigger', 'Scores'),
      link('First two', 'Merge', 'input1'), link('Last one', 'Merge', 'input1'), link('Scores', 'Merge', 'input2'), link('Merge', 'After'),
    ];
    const result = await execute({ id: 'wf', name: 'Two sources', nodes, connections }, { items: people });
    expect(result.runData['Merge']![0]!.inputSources).toEqual({
      input1: [{ nodeId: 'First two', output: 'main', run: 0, count: 2 }, { nodeId: 'Last one', output: 'main', run: 0, count: 1 }],
      input2: [{ nodeId: 'Scores', output: 'main', run: 0, count: 3 }],
    });
    expect(jsonOf(result).map((row) => (row as { trigger: string }).trigger)).toEqual(['Ada', 'Linus', 'Grace', 'Ada', 'Linus', 'Grace']);
    expect((jsonOf(result)[2] as { last: string }).last).toBe('Grace');
  });
});
