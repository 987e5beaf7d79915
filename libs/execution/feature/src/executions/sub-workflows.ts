import { type Item, type NodeRegistry } from '@weft/engine-core';
import { type RunRequest } from '../runner/run-request.js';
import { type ExecutionCatalog } from './execution-catalog.js';
import { startNode } from './execution-requests.js';
import { type Executions } from './executions.service.js';

/** Sub-workflows calling sub-workflows: deeper than this is taken for a loop. */
const MAX_SUB_WORKFLOW_DEPTH = 10;

/**
 * The `executeWorkflow` node: the newest version of another workflow of the same
 * organization, from its executeWorkflowTrigger, as an execution of its own linked to
 * the calling one (`parentExecutionId`). Waiting, it runs in the caller's slot (a child
 * waiting for a slot its parent holds would deadlock the queue); fire-and-forget, it is
 * queued like any run.
 */
export class SubWorkflows {
  constructor(
    private readonly executions: Pick<Executions, 'request' | 'start' | 'runNow'>,
    private readonly catalog: Pick<ExecutionCatalog, 'latest'>,
    private readonly registry: NodeRegistry,
  ) {}

  async run(parent: RunRequest, call: { workflowId: string; items: Item[]; waitForCompletion: boolean }): Promise<Item[]> {
    const depth = (parent.depth ?? 0) + 1;
    if (depth > MAX_SUB_WORKFLOW_DEPTH) throw new Error(`Sub-workflows nest deeper than ${MAX_SUB_WORKFLOW_DEPTH} levels; is a workflow calling itself?`);
    const workflowId = call.workflowId.toLowerCase();
    const runnable = await this.catalog.latest(parent.organizationId, workflowId);
    if (runnable === undefined) throw new Error(`The sub-workflow ${call.workflowId} does not exist in this organization.`);
    const child = this.executions.request(runnable, {
      mode: parent.mode,
      triggerNodeId: startNode(runnable.workflow, this.registry, 'executeWorkflowTrigger').id,
      items: call.items,
      actorId: parent.actorId,
      authorityId: runnable.authorId,
      triggeredBy: 'sub-workflow',
      parentExecutionId: parent.executionId,
      depth,
    });
    if (!call.waitForCompletion) {
      await this.executions.start(child, false);
      return call.items;
    }
    const outcome = await this.executions.runNow(child);
    if (outcome.result.status !== 'success')
      throw new Error(
        `The sub-workflow ${runnable.workflow.name ?? workflowId} ended ${outcome.result.status}: ${outcome.result.error?.message ?? 'no output'}`,
      );
    return outcome.result.lastNodeOutput;
  }
}
