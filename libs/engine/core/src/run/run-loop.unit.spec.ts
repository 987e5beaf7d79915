import { systemClock, VirtualClock } from '../clock.js';
import { type ConnectionDefinition, type NodeDefinition, type WorkflowDefinition } from '../definition/types.js';
import { type Item } from '../items.js';
import { NodeRegistry, type NodeType } from '../node-type.js';
import { resumeWorkflow, runWorkflow } from './run-loop.js';
import { type Checkpoint, type RunResult } from './state.js';
import { testNodeTypes } from './test-nodes.js';

const registry = new NodeRegistry(testNodeTypes);
const node = (id: string, type: string, y = 0, extra: Partial<NodeDefinition> = {}): NodeDefinition => ({ id, type, position: { x: 0, y }, ...extra });
const edge = (source: string, target: string, sourceOutput = 'main', targetInput = 'main'): ConnectionDefinition => ({
  source,
  target,
  sourceOutput,
  targetInput,
});
const workflow = (nodes: NodeDefinition[], connections: ConnectionDefinition[], settings = {}): WorkflowDefinition => ({
  id: 'wf',
  name: 'Test',
  nodes,
  connections,
  settings,
});

async function run(
  definition: WorkflowDefinition,
  items: Item[] = [{ json: { n: 1 } }],
  extra: { signal?: AbortSignal; onCheckpoint?: (c: Checkpoint) => void } = {},
): Promise<RunResult> {
  return await runWorkflow({ workflow: definition, registry, clock: new VirtualClock(1000), executionId: 'exec-1', ...extra }, { items });
}
const order = (result: RunResult): string[] => result.checkpoint.executed;

describe('run loop', () => {
  it('runs a chain and reports per-node run data', async () => {
    const result = await run(workflow([node('t', 'trigger'), node('a', 'tag'), node('b', 'tag')], [edge('t', 'a'), edge('a', 'b')]));
    expect(result.status).toBe('success');
    expect(result.lastNodeId).toBe('b');
    expect(result.lastNodeOutput).toEqual([{ json: { n: 1, path: ['a', 'b'] }, pairedItem: 0 }]);
    expect(result.runData['a']![0]).toMatchObject({
      status: 'success',
      inputItemCount: 1,
      outputs: { main: [{ json: { n: 1, path: ['a'] } }] },
      source: { nodeId: 't', output: 'main', run: 0 },
    });
  });

  it('completes a branch before its next sibling, siblings top to bottom', async () => {
    const definition = workflow(
      [node('t', 'trigger'), node('low', 'tag', 200), node('high', 'tag', 100), node('low2', 'tag', 200), node('high2', 'tag', 100)],
      [edge('t', 'low'), edge('t', 'high'), edge('low', 'low2'), edge('high', 'high2')],
    );
    expect(order(await run(definition))).toEqual(['t', 'high', 'high2', 'low', 'low2']);
  });

  it('routes items to named outputs and skips outputs without items', async () => {
    const definition = workflow(
      [node('t', 'trigger'), node('p', 'parity'), node('e', 'tag', 0), node('o', 'tag', 100)],
      [edge('t', 'p'), edge('p', 'e', 'even'), edge('p', 'o', 'odd')],
    );
    const result = await run(definition, [{ json: { n: 1 } }, { json: { n: 3 } }]);
    expect(order(result)).toEqual(['t', 'p', 'o']);
    expect(result.runData['o']![0]!.inputItemCount).toBe(2);
  });

  it('makes a two-input node wait for both inputs', async () => {
    const definition = workflow(
      [node('t', 'trigger'), node('a', 'tag', 0), node('b', 'tag', 100), node('b2', 'tag', 100), node('j', 'join', 50)],
      [edge('t', 'a'), edge('t', 'b'), edge('a', 'j', 'main', 'input1'), edge('b', 'b2'), edge('b2', 'j', 'main', 'input2')],
    );
    const result = await run(definition);
    expect(order(result)).toEqual(['t', 'a', 'b', 'b2', 'j']);
    expect(result.runData['j']).toHaveLength(1);
    expect(result.lastNodeOutput.map((item) => item.json['path'])).toEqual([['a'], ['b', 'b2']]);
  });

  it('runs a two-input node with what it has when the other branch cannot reach it any more', async () => {
    const definition = workflow(
      [node('t', 'trigger'), node('p', 'parity'), node('e', 'tag', 0), node('o', 'tag', 100), node('j', 'join', 50), node('after', 'tag', 300)],
      [edge('t', 'p'), edge('p', 'e', 'even'), edge('p', 'o', 'odd'), edge('e', 'j', 'main', 'input1'), edge('o', 'j', 'main', 'input2'), edge('t', 'after')],
    );
    const result = await run(definition, [{ json: { n: 2 } }]);
    expect(order(result)).toEqual(['t', 'p', 'e', 'j', 'after']);
  });

  it('loops through a loop node until it says done', async () => {
    const definition = workflow(
      [node('t', 'trigger'), node('c', 'countdown'), node('body', 'tag', 0), node('end', 'tag', 100)],
      [edge('t', 'c'), edge('c', 'body', 'loop'), edge('body', 'c'), edge('c', 'end', 'done')],
    );
    const result = await run(definition, [{ json: { n: 3 } }]);
    expect(order(result)).toEqual(['t', 'c', 'body', 'c', 'body', 'c', 'end']);
  });

  it('passes input through a disabled node', async () => {
    const result = await run(
      workflow([node('t', 'trigger'), node('x', 'parity', 0, { settings: { disabled: true } }), node('a', 'tag')], [edge('t', 'x'), edge('x', 'a', 'even')]),
      [{ json: { n: 1 } }],
    );
    expect(result.runData['x']![0]).toMatchObject({ disabled: true, outputs: { even: [{ json: { n: 1 } }] } });
    expect(result.lastNodeId).toBe('a');
  });

  it('gives executeOnce nodes only the first item', async () => {
    const result = await run(workflow([node('t', 'trigger'), node('a', 'tag', 0, { settings: { executeOnce: true } })], [edge('t', 'a')]), [
      { json: { n: 1 } },
      { json: { n: 2 } },
    ]);
    expect(result.lastNodeOutput).toHaveLength(1);
  });

  it('emits an empty item with alwaysOutputData', async () => {
    const result = await run(workflow([node('t', 'trigger', 0, { settings: { alwaysOutputData: true } }), node('e', 'tag')], [edge('t', 'e')]), []);
    expect(result.lastNodeOutput.map((item) => item.json)).toEqual([{ path: ['e'] }]);
  });
});

describe('node settings on failure', () => {
  const flaky = (failTimes: number, settings = {}): NodeDefinition => node('f', 'flaky', 0, { properties: { failTimes }, settings });

  it('retries with waits through the clock, then succeeds', async () => {
    const clock = new VirtualClock();
    const definition = workflow([node('t', 'trigger'), flaky(2, { retryOnFail: true, maxTries: 3, waitBetweenTries: 500 })], [edge('t', 'f')]);
    const result = await runWorkflow({ workflow: definition, registry, clock, executionId: 'e' }, { items: [{ json: {} }] });
    expect(result.status).toBe('success');
    expect(result.runData['f']![0]!.tries).toBe(3);
    expect(clock.sleeps).toEqual([500, 500]);
  });

  it('uses the workflow maxRetries when the node sets none, and stops the run on the last failure', async () => {
    const definition = workflow([node('t', 'trigger'), flaky(5, { retryOnFail: true })], [edge('t', 'f')], { maxRetries: 2 });
    const result = await run(definition);
    expect(result.status).toBe('error');
    expect(result.error).toMatchObject({ message: 'failure 2', nodeId: 'f' });
    expect(result.runData['f']![0]!.status).toBe('error');
  });

  it('continues on the regular output with the error as data', async () => {
    const definition = workflow([node('t', 'trigger'), flaky(1, { onError: 'continueRegularOutput' }), node('a', 'tag')], [edge('t', 'f'), edge('f', 'a')]);
    const result = await run(definition);
    expect(result.status).toBe('success');
    expect(result.lastNodeOutput.map((item) => item.json)).toEqual([{ error: 'failure 1', path: ['a'] }]);
  });

  it('routes to the error output', async () => {
    const definition = workflow(
      [node('t', 'trigger'), flaky(1, { onError: 'continueErrorOutput' }), node('ok', 'tag', 0), node('bad', 'tag', 100)],
      [edge('t', 'f'), edge('f', 'ok'), edge('f', 'bad', 'error')],
    );
    const result = await run(definition);
    expect(order(result)).toEqual(['t', 'f', 'bad']);
    expect(result.lastNodeOutput[0]!.json).toMatchObject({ n: 1, error: 'failure 1' });
  });

  it('makes continueRegularOutput the default with errorHandling continue', async () => {
    const result = await run(workflow([node('t', 'trigger'), flaky(1)], [edge('t', 'f')], { errorHandling: 'continue' }));
    expect(result.status).toBe('success');
  });

  it('ends a node at its timeout', async () => {
    const clock = new VirtualClock();
    const definition = workflow([node('t', 'trigger'), node('h', 'hang', 0, { settings: { timeout: 50 } })], [edge('t', 'h')]);
    const running = runWorkflow(
      { workflow: definition, registry, clock, executionId: 'e', onCheckpoint: () => queueMicrotask(() => clock.advance(50)) },
      { items: [{ json: {} }] },
    );
    const result = await running;
    expect(result.status).toBe('error');
    expect(result.error).toMatchObject({ name: 'NodeTimeoutError', nodeId: 'h' });
  });

  it('ends the run at the workflow timeout (real clock)', async () => {
    const definition = workflow([node('t', 'trigger'), node('h', 'hang')], [edge('t', 'h')], { timeout: 100 });
    const result = await runWorkflow({ workflow: definition, registry, clock: systemClock, executionId: 'e' }, { items: [{ json: {} }] });
    expect(result.status).toBe('error');
    expect(result.error).toMatchObject({ name: 'WorkflowTimeoutError' });
  });

  it('names the node, property and expression in an expression error', async () => {
    const result = await run(
      workflow([node('t', 'trigger'), node('x', 'evaluate', 0, { name: 'Compute', properties: { value: '{{ $json.n.constructor }}' } })], [edge('t', 'x')]),
    );
    expect(result.error?.message).toMatch(/node "Compute", property "value", expression "\$json\.n\.constructor"/);
  });
});

describe('cancellation, waiting and resuming', () => {
  it('cancels a running node through the AbortSignal and resumes it later', async () => {
    const controller = new AbortController();
    const definition = workflow([node('t', 'trigger'), node('a', 'tag'), node('h', 'hang')], [edge('t', 'a'), edge('a', 'h')]);
    const pending = run(definition, [{ json: { n: 1 } }], { signal: controller.signal, onCheckpoint: (c) => c.executed.includes('a') && controller.abort() });
    const result = await pending;
    expect(result.status).toBe('canceled');
    expect(result.checkpoint.stack[0]!.nodeId).toBe('h');
  });

  it('suspends at a wait node and resumes with the resume items', async () => {
    const definition = workflow([node('t', 'trigger'), node('w', 'pause'), node('a', 'tag')], [edge('t', 'w'), edge('w', 'a')]);
    const waiting = await run(definition);
    expect(waiting.status).toBe('waiting');
    expect(waiting.waitingOn).toEqual({ nodeId: 'w', until: '2030-01-01T00:00:00.000Z', resumeOnWebhook: false });
    const checkpoint = JSON.parse(JSON.stringify(waiting.checkpoint)) as Checkpoint;
    const resumed = await resumeWorkflow(
      { workflow: definition, registry, clock: new VirtualClock(), executionId: 'exec-1' },
      { checkpoint, resumeItems: [{ json: { resumed: true } }] },
    );
    expect(resumed.status).toBe('success');
    expect(resumed.lastNodeOutput.map((item) => item.json)).toEqual([{ resumed: true, path: ['a'] }]);
    expect(resumed.runData['w']).toHaveLength(1);
  });
});

describe('paired items', () => {
  it("lets $('Node').item follow an item back through filtering branches", async () => {
    const definition = workflow(
      [
        node('t', 'trigger'),
        node('first', 'tag', 0, { name: 'First' }),
        node('p', 'parity'),
        node('odd', 'evaluate', 100, { properties: { value: "{{ $('First').item.json.label }}/{{ $node['First'].json.label }}/{{ $input.item.json.n }}" } }),
      ],
      [edge('t', 'first'), edge('first', 'p'), edge('p', 'odd', 'odd')],
    );
    const items = [{ json: { n: 2, label: 'two' } }, { json: { n: 3, label: 'three' } }, { json: { n: 5, label: 'five' } }];
    const result = await run(definition, items);
    // Only the 2nd and 3rd items reach "odd": index 0 there is index 1 in "First".
    expect(result.lastNodeOutput.map((item) => item.json['value'])).toEqual(['three/three/3', 'five/five/5']);
  });

  it('continueErrorOutput moves items holding only an error to the error output, over their input item (as n8n)', async () => {
    const emitted: Item[] = [
      { json: { ok: 1 }, pairedItem: 0 },
      { json: { error: 'gone' }, pairedItem: 1 },
      { json: { error: 'x', message: 'y' } },
      { json: { error: 'kept', code: 3 } },
    ];
    const emits: NodeType = { type: 'emitsErrors', execute: () => ({ main: emitted }) };
    const withErrors = new NodeRegistry([...testNodeTypes, emits]);
    const definition = (settings: NodeDefinition['settings']) => workflow([node('t', 'trigger'), node('e', 'emitsErrors', 0, { settings })], [edge('t', 'e')]);
    const result = await runWorkflow(
      { workflow: definition({ onError: 'continueErrorOutput' }), registry: withErrors, clock: new VirtualClock(0), executionId: 'exec-1' },
      { items: [{ json: { n: 1 } }, { json: { n: 2 } }] },
    );
    const outputs = result.runData['e']![0]!.outputs;
    expect(outputs['main']!.map((item) => item.json)).toEqual([{ ok: 1 }, { error: 'kept', code: 3 }]);
    expect(outputs['error']!.map((item) => item.json)).toEqual([
      { n: 2, error: 'gone' },
      { error: 'x', message: 'y' },
    ]);
    const plain = await runWorkflow(
      { workflow: definition({}), registry: withErrors, clock: new VirtualClock(0), executionId: 'exec-1' },
      { items: [{ json: { n: 1 } }] },
    );
    expect(plain.runData['e']![0]!.outputs['main']).toHaveLength(4);
  });
});
