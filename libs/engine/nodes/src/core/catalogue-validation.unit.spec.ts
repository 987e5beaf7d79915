import { validateWorkflow } from '@weft/engine-core';
import { registry } from './harness.js';

const problemsOf = (nodes: unknown[], connections: unknown[] = []) => {
  const result = validateWorkflow({ nodes, connections }, registry);
  return result.ok ? [] : result.problems.map(({ nodeId, path, code }) => ({ nodeId, path, code }));
};

describe('catalogue validation', () => {
  it('reports the node-specific problems with their property paths', () => {
    expect(
      problemsOf([
        { id: 'h1', type: 'webhookTrigger', properties: { path: 'orders', method: 'POST' } },
        { id: 'h2', type: 'webhookTrigger', properties: { path: 'orders', method: 'POST', responseMode: 'later' } },
        { id: 'h3', type: 'webhookTrigger', properties: { path: 'orders', method: 'GET' } },
        { id: 'http', type: 'httpRequest', properties: { method: 'FETCH' } },
        { id: 'set', type: 'set', properties: { fields: [{ name: '', type: 'date' }] } },
        { id: 'if', type: 'if', properties: { conditions: [{ left: 1, op: 'roughly', right: 2 }] } },
        { id: 'merge', type: 'merge', properties: { mode: 'zip', join: 'sideways' } },
        { id: 'code', type: 'code', properties: { code: 'return []', mode: 'sometimes' } },
        { id: 'wait', type: 'wait', properties: { resume: 'specificTime' } },
        { id: 'tick', type: 'scheduleTrigger', properties: {} },
        { id: 'sw', type: 'switch', properties: { rules: [{ conditions: [{ op: 'nope' }] }] } },
        { id: 'crypto', type: 'crypto', properties: { type: 'crc32' } },
      ]),
    ).toEqual([
      { nodeId: 'h2', path: 'nodes[1].properties.responseMode', code: 'invalid_property' },
      { nodeId: 'http', path: 'nodes[3].properties.url', code: 'missing_property' },
      { nodeId: 'http', path: 'nodes[3].properties.method', code: 'invalid_property' },
      { nodeId: 'set', path: 'nodes[4].properties.fields[0].name', code: 'invalid_property' },
      { nodeId: 'set', path: 'nodes[4].properties.fields[0].type', code: 'invalid_property' },
      { nodeId: 'if', path: 'nodes[5].properties.conditions[0].op', code: 'invalid_property' },
      { nodeId: 'merge', path: 'nodes[6].properties.mode', code: 'invalid_property' },
      { nodeId: 'merge', path: 'nodes[6].properties.join', code: 'invalid_property' },
      { nodeId: 'code', path: 'nodes[7].properties.mode', code: 'invalid_property' },
      { nodeId: 'wait', path: 'nodes[8].properties.dateTime', code: 'invalid_property' },
      { nodeId: 'tick', path: 'nodes[9].properties.cron', code: 'invalid_property' },
      { nodeId: 'sw', path: 'nodes[10].properties.rules[0].conditions[0].op', code: 'invalid_property' },
      { nodeId: 'crypto', path: 'nodes[11].properties.type', code: 'invalid_property' },
      { nodeId: 'h2', path: 'nodes[1].properties.path', code: 'duplicate_webhook' },
    ]);
  });

  it.each([
    [{ cron: '*/5 * * * *' }, []],
    [{ cron: '0 0 9 * * MON-FRI' }, []],
    [{ interval: { every: 15, unit: 'minutes' } }, []],
    [{ cron: 'every five minutes' }, ['cron']],
    [{ cron: '* * *' }, ['cron']],
    [{ interval: { every: 0, unit: 'minutes' } }, ['interval']],
    [{ interval: { every: 1, unit: 'fortnights' } }, ['interval']],
  ])('checks the schedule %j', (properties, fields) => {
    expect(problemsOf([{ id: 'tick', type: 'scheduleTrigger', properties }]).map((problem) => problem.path)).toEqual(
      fields.map((field) => `nodes[0].properties.${field}`),
    );
  });

  it('checks the http pagination settings', () => {
    expect(
      problemsOf([
        { id: 'a', type: 'httpRequest', properties: { url: 'https://x.test', pagination: { mode: 'nextUrl' } } },
        { id: 'b', type: 'httpRequest', properties: { url: 'https://x.test', pagination: { parameter: {}, completeWhen: 'expression' } } },
        {
          id: 'c',
          type: 'httpRequest',
          properties: { url: 'https://x.test', pagination: { mode: 'parameter', parameter: { name: 'page', value: '{{ $pageCount + 1 }}' } } },
        },
      ]).map((problem) => problem.path),
    ).toEqual(['nodes[0].properties.pagination.nextUrl', 'nodes[1].properties.pagination.parameter.name', 'nodes[1].properties.pagination.complete']);
  });

  it('allows the same path with another method, and a splitInBatches loop', () => {
    expect(
      problemsOf(
        [
          { id: 'get', type: 'webhookTrigger', properties: { path: 'orders', method: 'GET' } },
          { id: 'loop', type: 'splitInBatches', properties: { batchSize: 2 } },
          { id: 'work', type: 'noOp' },
        ],
        [
          { source: 'get', target: 'loop' },
          { source: 'loop', target: 'work', sourceOutput: 'loop' },
          { source: 'work', target: 'loop' },
        ],
      ),
    ).toEqual([]);
  });

  it('knows the outputs of if, switch and the error output', () => {
    expect(
      problemsOf(
        [
          { id: 't', type: 'manualTrigger' },
          { id: 'if', type: 'if', properties: { conditions: [] }, settings: { onError: 'continueErrorOutput' } },
          { id: 'sw', type: 'switch', properties: { rules: [{ output: 'eu', conditions: [] }], fallbackOutput: 'extra' } },
          { id: 'x', type: 'noOp' },
        ],
        [
          { source: 't', target: 'if' },
          { source: 'if', target: 'sw', sourceOutput: 'true' },
          { source: 'if', target: 'x', sourceOutput: 'error' },
          { source: 'sw', target: 'x', sourceOutput: 'eu' },
          { source: 'sw', target: 'x', sourceOutput: 'fallback' },
          { source: 'sw', target: 'x', sourceOutput: 'us' },
          { source: 't', target: 'x', targetInput: 'input2' },
        ],
      ),
    ).toEqual([
      { nodeId: 'sw', path: 'connections[5].sourceOutput', code: 'missing_port' },
      { nodeId: 'x', path: 'connections[6].targetInput', code: 'missing_port' },
    ]);
  });
});
