import { VirtualClock } from '../clock.js';
import { type WorkflowDefinition } from '../definition/types.js';
import { NodeRegistry, type NodeType } from '../node-type.js';
import { resumeWorkflow, runWorkflow } from './run-loop.js';
import { RUN_LOG_LIMITS, logRoomAfter } from './run-logs.js';
import { type Checkpoint } from './state.js';
import { testNodeTypes } from './test-nodes.js';

// A run's log: each node run knows its lines (`logLines`, its tries' lines included), the
// room nodes are told is what the whole execution has left (across nodes, retries and a
// resume), and a node that fails for good after retries says how many tries it made.

/** Logs `lines` lines of `size` characters (its room's numbers in the first), then fails `failTimes` times before it passes. */
const chatty: NodeType = {
  type: 'chatty',
  execute: (ctx) => {
    const room = ctx.logRoom();
    ctx.log('info', `room ${room.lines} ${room.characters}`);
    for (let i = 1; i < Number(ctx.rawParam('lines') ?? 1); i += 1) ctx.log('debug', 'x'.repeat(Number(ctx.rawParam('size') ?? 10)));
    const failures = Number(ctx.getState() ?? 0);
    if (failures < Number(ctx.rawParam('failTimes') ?? 0)) {
      ctx.setState(failures + 1);
      throw new Error(`failure ${failures + 1}`);
    }
    return { main: [...ctx.items] };
  },
};

const registry = new NodeRegistry([...testNodeTypes, chatty]);

function workflow(...nodes: { id: string; type: string; properties?: Record<string, number>; settings?: Record<string, unknown> }[]): WorkflowDefinition {
  const all = [{ id: 'start', type: 'trigger' }, ...nodes].map((node, index) => ({ ...node, position: { x: index * 100, y: 0 } }));
  return { id: 'wf', name: 'logs', nodes: all, connections: all.slice(1).map((node, index) => ({ source: all[index]!.id, target: node.id })) };
}

const options = (definition: WorkflowDefinition) => ({ workflow: definition, registry, clock: new VirtualClock(), executionId: 'exec' });

describe("a run's log", () => {
  it('gives each node run the range of its lines, none to nodes that log nothing', async () => {
    const result = await runWorkflow(
      options(
        workflow({ id: 'a', type: 'chatty', properties: { lines: 2 } }, { id: 'plain', type: 'tag' }, { id: 'b', type: 'chatty', properties: { lines: 3 } }),
      ),
      { items: [{ json: {} }] },
    );
    expect(result.logs.map((entry) => entry.nodeId)).toEqual(['a', 'a', 'b', 'b', 'b']);
    expect(result.runData['a']![0]!.logLines).toEqual([0, 2]);
    expect(result.runData['b']![0]!.logLines).toEqual([2, 5]);
    expect(result.runData['plain']![0]).not.toHaveProperty('logLines');
    expect(result.runData['start']![0]).not.toHaveProperty('logLines');
  });

  it("tells nodes what is left of the execution's limits: lines and characters spent by the nodes before", async () => {
    const result = await runWorkflow(
      options(workflow({ id: 'a', type: 'chatty', properties: { lines: 11, size: 100 } }, { id: 'b', type: 'chatty', properties: { lines: 1 } })),
      {},
    );
    const spent = result.logs.slice(0, 11).reduce((sum, entry) => sum + entry.message.length, 0);
    expect(result.logs[0]!.message).toBe(`room ${RUN_LOG_LIMITS.lines} ${RUN_LOG_LIMITS.characters}`);
    expect(result.logs[11]!.message).toBe(`room ${RUN_LOG_LIMITS.lines - 11} ${RUN_LOG_LIMITS.characters - spent}`);
  });

  it("keeps every try's lines with the run, and records the tries of a node that failed for good", async () => {
    const retried = await runWorkflow(
      options(workflow({ id: 'a', type: 'chatty', properties: { failTimes: 2 }, settings: { retryOnFail: true, maxTries: 3 } })),
      {},
    );
    expect(retried.runData['a']![0]).toMatchObject({ status: 'success', tries: 3, logLines: [0, 3] });
    const failed = await runWorkflow(
      options(workflow({ id: 'a', type: 'chatty', properties: { failTimes: 5 }, settings: { retryOnFail: true, maxTries: 2 } })),
      {},
    );
    expect(failed.runData['a']![0]).toMatchObject({ status: 'error', tries: 2, logLines: [0, 2], error: { message: 'failure 2' } });
    const once = await runWorkflow(options(workflow({ id: 'a', type: 'chatty', properties: { failTimes: 1 } })), {});
    expect(once.runData['a']![0]).not.toHaveProperty('tries');
  });

  it('counts what was logged before a wait against the room after the resume', async () => {
    const definition = workflow({ id: 'a', type: 'chatty', properties: { lines: 4, size: 50 } }, { id: 'wait', type: 'pause' }, { id: 'b', type: 'chatty' });
    const parked = await runWorkflow(options(definition), {});
    expect(parked.status).toBe('waiting');
    const checkpoint = JSON.parse(JSON.stringify(parked.checkpoint)) as Checkpoint;
    const resumed = await resumeWorkflow(options(definition), { checkpoint, resumeItems: [{ json: {} }] });
    expect(resumed.status).toBe('success');
    expect(resumed.runData['b']![0]!.logLines).toEqual([4, 5]);
    const spent = resumed.logs.slice(0, 4).reduce((sum, entry) => sum + entry.message.length, 0);
    expect(resumed.logs[4]!.message).toBe(`room ${RUN_LOG_LIMITS.lines - 4} ${RUN_LOG_LIMITS.characters - spent}`);
  });

  it('never reports a room below zero', () => {
    const full = Array.from({ length: 300 }, () => ({ nodeId: 'a', level: 'log' as const, message: 'y'.repeat(200) }));
    expect(logRoomAfter(full)).toEqual({ lines: 0, characters: 0, lineCharacters: RUN_LOG_LIMITS.lineCharacters });
    expect(logRoomAfter([], { lines: 5, characters: 10, lineCharacters: 3 })).toEqual({ lines: 5, characters: 10, lineCharacters: 3 });
  });
});
