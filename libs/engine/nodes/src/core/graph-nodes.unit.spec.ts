import { type ConnectionDefinition, type NodeDefinition, resumeWorkflow, VirtualClock, type WorkflowDefinition } from '@weft/engine-core';
import { execute, json, jsonOf, registry } from './harness.js';

const at = (
  id: string,
  type: string,
  x: number,
  y: number,
  properties: NodeDefinition['properties'] = {},
  extra: Partial<NodeDefinition> = {},
): NodeDefinition => ({ id, type, position: { x, y }, properties, ...extra });
const link = (source: string, target: string, sourceOutput = 'main', targetInput = 'main'): ConnectionDefinition => ({
  source,
  target,
  sourceOutput,
  targetInput,
});
const wf = (nodes: NodeDefinition[], connections: ConnectionDefinition[]): WorkflowDefinition => ({ id: 'wf', name: 'Graph', nodes, connections });

describe('routing nodes', () => {
  it('if: routes to true and false, true branch (higher) first', async () => {
    const result = await execute(
      wf(
        [
          at('start', 'manualTrigger', 0, 0),
          at('check', 'if', 100, 0, { conditions: [{ left: '{{ $json.total }}', op: 'gt', right: 100 }] }),
          at('big', 'set', 200, -50, { fields: [{ name: 'kind', value: 'big' }] }),
          at('small', 'set', 200, 50, { fields: [{ name: 'kind', value: 'small' }] }),
        ],
        [link('start', 'check'), link('check', 'big', 'true'), link('check', 'small', 'false')],
      ),
      { items: json({ total: 150 }, { total: 50 }) },
    );
    expect(result.checkpoint.executed).toEqual(['start', 'check', 'big', 'small']);
    expect(result.runData['big']![0]!.outputs['main']!.map((item) => item.json)).toEqual([{ total: 150, kind: 'big' }]);
    expect(jsonOf(result)).toEqual([{ total: 50, kind: 'small' }]);
  });

  it('switch: rules with named outputs and an extra fallback output', async () => {
    const rules = [
      { output: 'eu', conditions: [{ left: '{{ $json.region }}', op: 'eq', right: 'eu' }] },
      { output: 'us', conditions: [{ left: '{{ $json.region }}', op: 'eq', right: 'us' }] },
    ];
    const result = await execute(
      wf(
        [at('start', 'manualTrigger', 0, 0), at('route', 'switch', 100, 0, { rules, fallbackOutput: 'extra' }), at('rest', 'noOp', 200, 100)],
        [link('start', 'route'), link('route', 'rest', 'fallback')],
      ),
      { items: json({ region: 'eu' }, { region: 'apac' }) },
    );
    const outputs = result.runData['route']![0]!.outputs;
    expect(outputs['eu']!.map((item) => item.json)).toEqual([{ region: 'eu' }]);
    expect(outputs['us']).toEqual([]);
    expect(jsonOf(result)).toEqual([{ region: 'apac' }]);
  });

  it('switch: allMatchingOutputs sends an item to every matching rule', async () => {
    const rules = [{ conditions: [{ left: '{{ $json.n }}', op: 'gt', right: 1 }] }, { conditions: [{ left: '{{ $json.n }}', op: 'gt', right: 2 }] }];
    const result = await execute(
      wf([at('start', 'manualTrigger', 0, 0), at('route', 'switch', 100, 0, { rules, allMatchingOutputs: true })], [link('start', 'route')]),
      { items: json({ n: 3 }, { n: 2 }) },
    );
    const outputs = result.runData['route']![0]!.outputs;
    expect(outputs['0']!.map((item) => item.json)).toEqual([{ n: 3 }, { n: 2 }]);
    expect(outputs['1']!.map((item) => item.json)).toEqual([{ n: 3 }]);
  });

  it('merge: combineByPosition with unpaired items', async () => {
    const definition = wf(
      [
        at('start', 'manualTrigger', 0, 0),
        at('one', 'limit', 100, -50, { maxItems: 1 }),
        at('all', 'noOp', 100, 50),
        at('merge', 'merge', 200, 0, { mode: 'combineByPosition', includeUnpaired: true }),
      ],
      [link('start', 'one'), link('start', 'all'), link('one', 'merge', 'main', 'input1'), link('all', 'merge', 'main', 'input2')],
    );
    const result = await execute(definition, { items: json({ a: 1 }, { b: 2 }) });
    expect(jsonOf(result)).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('switch: expression mode picks the output index', async () => {
    const result = await execute(
      wf(
        [
          at('start', 'manualTrigger', 0, 0),
          at('route', 'switch', 100, 0, { mode: 'expression', numberOutputs: 2, output: '{{ $json.n % 2 }}' }),
          at('odd', 'noOp', 200, 0),
        ],
        [link('start', 'route'), link('route', 'odd', '1')],
      ),
      { items: json({ n: 1 }, { n: 2 }, { n: 3 }) },
    );
    expect(jsonOf(result)).toEqual([{ n: 1 }, { n: 3 }]);
  });

  const mergeWorkflow = (properties: NodeDefinition['properties']): WorkflowDefinition =>
    wf(
      [
        at('start', 'manualTrigger', 0, 0),
        at('left', 'set', 100, -50, {
          keepOnlySet: true,
          fields: [
            { name: 'id', type: 'number', value: '{{ $json.id }}' },
            { name: 'name', value: '{{ $json.name }}' },
          ],
        }),
        at('right', 'set', 100, 50, {
          keepOnlySet: true,
          fields: [
            { name: 'userId', type: 'number', value: '{{ $json.id === 1 ? 1 : 9 }}' },
            { name: 'score', type: 'number', value: '{{ $json.id * 10 }}' },
          ],
        }),
        at('merge', 'merge', 200, 0, properties),
      ],
      [link('start', 'left'), link('start', 'right'), link('left', 'merge', 'main', 'input1'), link('right', 'merge', 'main', 'input2')],
    );
  const users = json({ id: 1, name: 'Ada' }, { id: 2, name: 'Linus' });

  it.each([
    [
      'append',
      { mode: 'append' },
      [
        { id: 1, name: 'Ada' },
        { id: 2, name: 'Linus' },
        { userId: 1, score: 10 },
        { userId: 9, score: 20 },
      ],
    ],
    ['combineByKey inner', { mode: 'combineByKey', key1: 'id', key2: 'userId' }, [{ id: 1, name: 'Ada', userId: 1, score: 10 }]],
    [
      'combineByKey left',
      { mode: 'combineByKey', key1: 'id', key2: 'userId', join: 'left' },
      [
        { id: 1, name: 'Ada', userId: 1, score: 10 },
        { id: 2, name: 'Linus' },
      ],
    ],
    [
      'combineByKey outer',
      { mode: 'combineByKey', key1: 'id', key2: 'userId', join: 'outer' },
      [
        { id: 1, name: 'Ada', userId: 1, score: 10 },
        { id: 2, name: 'Linus' },
        { userId: 9, score: 20 },
      ],
    ],
    [
      'combineByKey right',
      { mode: 'combineByKey', key1: 'id', key2: 'userId', join: 'right' },
      [
        { id: 1, name: 'Ada', userId: 1, score: 10 },
        { userId: 9, score: 20 },
      ],
    ],
    ['combineByKey leftAnti', { mode: 'combineByKey', key1: 'id', key2: 'userId', join: 'leftAnti' }, [{ id: 2, name: 'Linus' }]],
    ['combineByKey rightAnti', { mode: 'combineByKey', key1: 'id', key2: 'userId', join: 'rightAnti' }, [{ userId: 9, score: 20 }]],
    ['chooseBranch empty', { mode: 'chooseBranch', output: 'empty' }, [{}]],
    [
      'combineByPosition',
      { mode: 'combineByPosition' },
      [
        { id: 1, name: 'Ada', userId: 1, score: 10 },
        { id: 2, name: 'Linus', userId: 9, score: 20 },
      ],
    ],
    [
      'chooseBranch input2',
      { mode: 'chooseBranch', output: 'input2' },
      [
        { userId: 1, score: 10 },
        { userId: 9, score: 20 },
      ],
    ],
  ])('merge: %s', async (_name, properties, expected) => {
    const result = await execute(mergeWorkflow(properties), { items: users });
    expect(result.checkpoint.executed).toEqual(['start', 'left', 'right', 'merge']);
    expect(jsonOf(result)).toEqual(expected);
  });

  it('splitInBatches: loops over batches and emits everything on done', async () => {
    const result = await execute(
      wf(
        [
          at('start', 'manualTrigger', 0, 0),
          at('batches', 'splitInBatches', 100, 0, { batchSize: 2 }),
          at('work', 'set', 200, 50, { fields: [{ name: 'seen', type: 'boolean', value: true }] }),
          at('after', 'aggregate', 200, -50, { fields: ['n'] }),
        ],
        [link('start', 'batches'), link('batches', 'work', 'loop'), link('work', 'batches'), link('batches', 'after', 'done')],
      ),
      { items: json({ n: 1 }, { n: 2 }, { n: 3 }) },
    );
    expect(result.checkpoint.executed).toEqual(['start', 'batches', 'work', 'batches', 'work', 'batches', 'after']);
    expect(jsonOf(result)).toEqual([{ n: [1, 2, 3] }]);
    expect(result.runData['work']!.map((run) => run.inputItemCount)).toEqual([2, 1]);
  });
});

describe('ending nodes', () => {
  it('stopAndError fails the execution with its message', async () => {
    const result = await execute(
      wf([at('start', 'manualTrigger', 0, 0), at('stop', 'stopAndError', 100, 0, { message: 'bad order {{ $json.id }}' })], [link('start', 'stop')]),
      { items: json({ id: 7 }) },
    );
    expect(result.status).toBe('error');
    expect(result.error).toMatchObject({ message: 'bad order 7', nodeId: 'stop' });
  });

  it('respondToWebhook sets the response', async () => {
    const result = await execute(
      wf(
        [
          at('hook', 'webhookTrigger', 0, 0, { path: 'orders', method: 'POST', responseMode: 'responseNode' }),
          at('reply', 'respondToWebhook', 100, 0, {
            statusCode: 201,
            headers: { 'x-id': '{{ $json.body.id }}' },
            body: '{{ ({ ok: true, id: $json.body.id }) }}',
          }),
        ],
        [link('hook', 'reply')],
      ),
      { items: json({ body: { id: 42 } }) },
    );
    expect(result.response).toEqual({ statusCode: 201, headers: { 'x-id': '42' }, body: { ok: true, id: 42 } });
    expect(jsonOf(result)).toEqual([{ headers: {}, params: {}, query: {}, body: { id: 42 } }]);
  });

  it('respondToWebhook defaults to the first item', async () => {
    const result = await execute(wf([at('start', 'manualTrigger', 0, 0), at('reply', 'respondToWebhook', 100, 0)], [link('start', 'reply')]), {
      items: json({ a: 1 }, { a: 2 }),
    });
    expect(result.response).toEqual({ statusCode: 200, headers: {}, body: { a: 1 } });
  });

  it('wait: suspends until a time and resumes with its input', async () => {
    const definition = wf(
      [at('start', 'manualTrigger', 0, 0), at('pause', 'wait', 100, 0, { amount: 2, unit: 'hours' }), at('after', 'noOp', 200, 0)],
      [link('start', 'pause'), link('pause', 'after')],
    );
    const waiting = await execute(definition, { items: json({ a: 1 }), now: Date.UTC(2026, 0, 1) });
    expect(waiting.status).toBe('waiting');
    expect(waiting.waitingOn).toEqual({ nodeId: 'pause', until: '2026-01-01T02:00:00.000Z', resumeOnWebhook: false });
    const done = await resumeWorkflow(
      { workflow: definition, registry, clock: new VirtualClock(), executionId: 'exec-1' },
      { checkpoint: JSON.parse(JSON.stringify(waiting.checkpoint)) },
    );
    expect(done.status).toBe('success');
    expect(jsonOf(done)).toEqual([{ a: 1 }]);
  });

  it('wait: webhook resume emits the resume request', async () => {
    const definition = wf([at('start', 'manualTrigger', 0, 0), at('pause', 'wait', 100, 0, { resume: 'webhook' })], [link('start', 'pause')]);
    const waiting = await execute(definition);
    expect(waiting.waitingOn).toEqual({ nodeId: 'pause', resumeOnWebhook: true });
    const done = await resumeWorkflow(
      { workflow: definition, registry, clock: new VirtualClock(), executionId: 'exec-1' },
      { checkpoint: waiting.checkpoint, resumeItems: json({ approved: true }) },
    );
    expect(jsonOf(done)).toEqual([{ approved: true }]);
  });

  it('executeWorkflow: hands items to the sub-workflow runner and returns its output', async () => {
    const calls: unknown[] = [];
    const subWorkflows = {
      run: async (request: { workflowId: string; items: { json: Record<string, unknown> }[]; waitForCompletion: boolean }) => {
        calls.push({ workflowId: request.workflowId, waitForCompletion: request.waitForCompletion });
        return request.items.map((item) => ({ json: { ...item.json, child: true } }));
      },
    };
    const result = await execute(
      wf([at('start', 'manualTrigger', 0, 0), at('sub', 'executeWorkflow', 100, 0, { workflowId: 'child-1' })], [link('start', 'sub')]),
      { items: json({ a: 1 }), services: { subWorkflows } },
    );
    expect(jsonOf(result)).toEqual([{ a: 1, child: true }]);
    expect(calls).toEqual([{ workflowId: 'child-1', waitForCompletion: true }]);
  });

  it('wait: until a specific time', async () => {
    const definition = wf(
      [at('start', 'manualTrigger', 0, 0), at('pause', 'wait', 100, 0, { resume: 'specificTime', dateTime: '{{ $json.at }}' })],
      [link('start', 'pause')],
    );
    const waiting = await execute(definition, { items: json({ at: '2026-05-01T08:00:00+02:00' }) });
    expect(waiting.waitingOn).toEqual({ nodeId: 'pause', until: '2026-05-01T06:00:00.000Z', resumeOnWebhook: false });
  });

  it('executeWorkflow: fire and forget passes its input on', async () => {
    const subWorkflows = { run: async () => [] };
    const result = await execute(
      wf([at('start', 'manualTrigger', 0, 0), at('sub', 'executeWorkflow', 100, 0, { workflowId: 'child', mode: 'fireAndForget' })], [link('start', 'sub')]),
      { items: json({ a: 1 }), services: { subWorkflows } },
    );
    expect(jsonOf(result)).toEqual([{ a: 1 }]);
  });

  it('executeWorkflow: fails clearly without a runner', async () => {
    const result = await execute(
      wf([at('start', 'manualTrigger', 0, 0), at('sub', 'executeWorkflow', 100, 0, { workflowId: 'child' })], [link('start', 'sub')]),
    );
    expect(result.error?.message).toMatch(/sub-workflows are not available/);
  });

  it('scheduleTrigger emits the tick time', async () => {
    const result = await execute(wf([at('tick', 'scheduleTrigger', 0, 0, { interval: { every: 5, unit: 'minutes' } })], []), { items: [] });
    expect(jsonOf(result)).toEqual([{ timestamp: '2026-01-15T10:30:00.000Z', timezone: 'UTC' }]);
  });
});
