import { VirtualClock } from '../clock.js';
import { type WorkflowDefinition } from '../definition/types.js';
import { NodeRegistry, type NodeType } from '../node-type.js';
import { resumeWorkflow, runWorkflow } from './run-loop.js';
import { type Checkpoint } from './state.js';
import { pause, testNodeTypes } from './test-nodes.js';

/** Reports its `bytes` and `memory` properties, then fails `failTimes` times before it passes. */
const metered: NodeType = {
  type: 'metered',
  execute: (ctx) => {
    ctx.usage.network(Number(ctx.rawParam('bytes') ?? 0));
    ctx.usage.memory(Number(ctx.rawParam('memory') ?? 0));
    const failures = Number(ctx.getState() ?? 0);
    if (failures < Number(ctx.rawParam('failTimes') ?? 0)) {
      ctx.setState(failures + 1);
      throw new Error('try again');
    }
    return { main: [...ctx.items] };
  },
};

const registry = new NodeRegistry([...testNodeTypes, metered]);

function workflow(...nodes: { id: string; type: string; properties?: Record<string, number>; settings?: Record<string, unknown> }[]): WorkflowDefinition {
  const all = [{ id: 'start', type: 'trigger' }, ...nodes].map((node, index) => ({ ...node, position: { x: index * 100, y: 0 } }));
  return { id: 'wf', name: 'usage', nodes: all, connections: all.slice(1).map((node, index) => ({ source: all[index]!.id, target: node.id })) };
}

const options = (definition: WorkflowDefinition) => ({ workflow: definition, registry, clock: new VirtualClock(), executionId: 'exec' });

describe('usage reported by nodes', () => {
  it('adds network bytes over node runs, keeps the largest memory, and leaves silent nodes without usage', async () => {
    const definition = workflow(
      { id: 'a', type: 'metered', properties: { bytes: 120, memory: 4000 } },
      { id: 'plain', type: 'tag' },
      { id: 'b', type: 'metered', properties: { bytes: 30, memory: 1000 } },
    );
    const result = await runWorkflow(options(definition), { items: [{ json: {} }] });
    expect(result.usage).toEqual({ networkBytes: 150, memoryBytes: 4000 });
    expect(result.runData['a']![0]!.usage).toEqual({ networkBytes: 120, memoryBytes: 4000 });
    expect(result.runData['b']![0]!.usage).toEqual({ networkBytes: 30, memoryBytes: 1000 });
    expect(result.runData['plain']![0]).not.toHaveProperty('usage');
    expect(result.runData['start']![0]).not.toHaveProperty('usage');
  });

  it('counts the bytes of failed tries, and of a node that fails for good', async () => {
    const retried = await runWorkflow(
      options(workflow({ id: 'a', type: 'metered', properties: { bytes: 10, failTimes: 2 }, settings: { retryOnFail: true, maxTries: 3 } })),
      {},
    );
    expect(retried.runData['a']![0]).toMatchObject({ status: 'success', tries: 3, usage: { networkBytes: 30, memoryBytes: 0 } });
    const failed = await runWorkflow(options(workflow({ id: 'a', type: 'metered', properties: { bytes: 7, failTimes: 5 } })), {});
    expect(failed.status).toBe('error');
    expect(failed.usage).toEqual({ networkBytes: 7, memoryBytes: 0 });
  });

  it('ignores reports that are not finite positive numbers', async () => {
    const result = await runWorkflow(options(workflow({ id: 'a', type: 'metered', properties: { bytes: -5, memory: Number.NaN } })), {});
    expect(result.usage).toEqual({ networkBytes: 0, memoryBytes: 0 });
    expect(result.runData['a']![0]).not.toHaveProperty('usage');
  });

  it('keeps counting after a resume: the checkpoint carries what ran before', async () => {
    const definition = workflow(
      { id: 'a', type: 'metered', properties: { bytes: 100, memory: 50 } },
      { id: 'wait', type: pause.type },
      { id: 'b', type: 'metered', properties: { bytes: 11 } },
    );
    const parked = await runWorkflow(options(definition), {});
    expect(parked.status).toBe('waiting');
    expect(parked.usage).toEqual({ networkBytes: 100, memoryBytes: 50 });
    const stored = JSON.parse(JSON.stringify(parked.checkpoint)) as Checkpoint;
    const resumed = await resumeWorkflow(options(definition), { checkpoint: stored, resumeItems: [{ json: {} }] });
    expect(resumed.status).toBe('success');
    expect(resumed.usage).toEqual({ networkBytes: 111, memoryBytes: 50 });
  });
});
