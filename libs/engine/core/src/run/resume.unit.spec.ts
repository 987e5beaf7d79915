import fc from 'fast-check';
import { VirtualClock } from '../clock.js';
import { type ConnectionDefinition, type NodeDefinition, type WorkflowDefinition } from '../definition/types.js';
import { NodeRegistry } from '../node-type.js';
import { resumeWorkflow, runWorkflow } from './run-loop.js';
import { type Checkpoint, type RunResult } from './state.js';
import { testNodeTypes } from './test-nodes.js';

const registry = new NodeRegistry(testNodeTypes);
const OUTPUTS: Record<string, readonly string[]> = { tag: ['main'], parity: ['even', 'odd'], join: ['main'], evaluate: ['main'] };
const INPUTS: Record<string, readonly string[]> = { tag: ['main'], parity: ['main'], join: ['input1', 'input2'], evaluate: ['main'] };

/** Random DAGs of deterministic nodes: edges only go from a lower to a higher index. */
const workflowArbitrary = fc
  .record({
    types: fc.array(fc.constantFrom('tag', 'parity', 'join', 'evaluate'), { minLength: 2, maxLength: 8 }),
    positions: fc.array(fc.record({ x: fc.integer({ min: 0, max: 5 }), y: fc.integer({ min: 0, max: 5 }) }), { minLength: 9, maxLength: 9 }),
    edgeSeeds: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.nat()), { minLength: 1, maxLength: 20 }),
  })
  .map(({ types, positions, edgeSeeds }): WorkflowDefinition => {
    const nodes: NodeDefinition[] = [
      { id: 'n0', type: 'trigger', position: positions[0]! },
      ...types.map((type, index) => ({
        id: `n${index + 1}`,
        type,
        position: positions[index + 1]!,
        ...(type === 'evaluate' ? { properties: { value: '{{ $json.n * 10 + $itemIndex + ($("n0").all().length) }}' } } : {}),
      })),
    ];
    const connections: ConnectionDefinition[] = edgeSeeds.map(([a, b, out, inp]) => {
      const source = a % (nodes.length - 1);
      const target = source + 1 + (b % (nodes.length - 1 - source));
      const sourceType = nodes[source]!.type === 'trigger' ? 'tag' : nodes[source]!.type;
      const outputs = OUTPUTS[sourceType]!;
      const inputs = INPUTS[nodes[target]!.type]!;
      return { source: `n${source}`, target: `n${target}`, sourceOutput: outputs[out % outputs.length]!, targetInput: inputs[inp % inputs.length]! };
    });
    return { id: 'wf', name: 'random', nodes, connections };
  });

const itemsArbitrary = fc.array(fc.record({ json: fc.record({ n: fc.integer({ min: 0, max: 9 }) }) }), { minLength: 1, maxLength: 4 });

function comparable(result: RunResult): unknown {
  const runData = Object.fromEntries(
    Object.entries(result.runData).map(([id, runs]) => [id, runs.map(({ startedAt: _s, finishedAt: _f, durationMs: _d, ...rest }) => rest)]),
  );
  return { status: result.status, executed: result.checkpoint.executed, runData, lastNodeOutput: result.lastNodeOutput, error: result.error };
}

describe('resuming from a checkpoint', () => {
  it('gives the same result as the uninterrupted run, from every checkpoint', async () => {
    await fc.assert(
      fc.asyncProperty(workflowArbitrary, itemsArbitrary, async (workflow, items) => {
        const checkpoints: string[] = [];
        const options = { workflow, registry, clock: new VirtualClock(), executionId: 'exec' };
        const full = await runWorkflow({ ...options, onCheckpoint: (checkpoint) => checkpoints.push(JSON.stringify(checkpoint)) }, { items });
        expect(checkpoints.length).toBe(full.checkpoint.executed.length);
        for (const saved of checkpoints) {
          const resumed = await resumeWorkflow(options, { checkpoint: JSON.parse(saved) as Checkpoint });
          expect(comparable(resumed)).toEqual(comparable(full));
        }
      }),
      { numRuns: 150 },
    );
  });
});
