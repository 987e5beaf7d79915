import { NodeRegistry } from '../node-type.js';
import { testNodeTypes } from '../run/test-nodes.js';
import { validateWorkflow } from './validate.js';

const registry = new NodeRegistry(testNodeTypes);
const problemsOf = (raw: unknown) => {
  const result = validateWorkflow(raw, registry);
  return result.ok ? [] : result.problems.map(({ code, nodeId, path }) => ({ code, nodeId, path }));
};

describe('workflow validation', () => {
  it('accepts a valid workflow', () => {
    const result = validateWorkflow(
      {
        nodes: [
          { id: 't', type: 'trigger' },
          { id: 'a', type: 'tag' },
        ],
        connections: [{ source: 't', target: 'a' }],
      },
      registry,
    );
    expect(result.ok).toBe(true);
  });

  it('reports the JSON shape problems with their paths', () => {
    expect(problemsOf({ nodes: [{ id: 1, type: 'tag', settings: { maxTries: -1, onError: 'explode' } }], connections: {} })).toEqual([
      { code: 'invalid_shape', nodeId: undefined, path: 'nodes[0].id' },
      { code: 'invalid_shape', nodeId: undefined, path: 'nodes[0].settings.maxTries' },
      { code: 'invalid_shape', nodeId: undefined, path: 'nodes[0].settings.onError' },
      { code: 'invalid_shape', nodeId: undefined, path: 'connections' },
    ]);
    expect(problemsOf('nope')).toEqual([{ code: 'invalid_shape', nodeId: undefined, path: '' }]);
  });

  it('reports every graph problem, one message each', () => {
    const problems = problemsOf({
      nodes: [
        { id: 'h1', type: 'hook', properties: { path: 'orders', method: 'POST' } },
        { id: 'h2', type: 'hook', properties: { path: '/orders/', method: 'post' } },
        { id: 'h3', type: 'hook' },
        { id: 'a', type: 'tag' },
        { id: 'a', type: 'tag' },
        { id: 'x', type: 'nope' },
        { id: 'c1', type: 'tag' },
        { id: 'c2', type: 'tag' },
        { id: 'e', type: 'evaluate', properties: { value: '{{ $json. }}' } },
      ],
      connections: [
        { source: 'h1', target: 'ghost' },
        { source: 'h1', target: 'a', sourceOutput: 'sideways' },
        { source: 'a', target: 'h2' },
        { source: 'h1', target: 'c1', targetInput: 'input9' },
        { source: 'c1', target: 'c2' },
        { source: 'c2', target: 'c1' },
      ],
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        { code: 'duplicate_webhook', nodeId: 'h2', path: 'nodes[1].properties.path' },
        { code: 'missing_property', nodeId: 'h3', path: 'nodes[2].properties.path' },
        { code: 'duplicate_node_id', nodeId: 'a', path: 'nodes[4].id' },
        { code: 'unknown_node_type', nodeId: 'x', path: 'nodes[5].type' },
        { code: 'invalid_expression', nodeId: 'e', path: 'nodes[8].properties.value' },
        { code: 'missing_node', nodeId: undefined, path: 'connections[0].target' },
        { code: 'missing_port', nodeId: 'h1', path: 'connections[1].sourceOutput' },
        { code: 'trigger_with_input', nodeId: 'h2', path: 'connections[2].target' },
        { code: 'missing_port', nodeId: 'c1', path: 'connections[3].targetInput' },
        { code: 'cycle', nodeId: 'c1', path: 'connections' },
      ]),
    );
    expect(problems).toHaveLength(10);
  });

  it('allows a cycle through a loop node', () => {
    const result = validateWorkflow(
      {
        nodes: [
          { id: 't', type: 'trigger' },
          { id: 'loop', type: 'countdown' },
          { id: 'body', type: 'tag' },
        ],
        connections: [
          { source: 't', target: 'loop' },
          { source: 'loop', target: 'body', sourceOutput: 'loop' },
          { source: 'body', target: 'loop' },
        ],
      },
      registry,
    );
    expect(result).toMatchObject({ ok: true });
  });
});
