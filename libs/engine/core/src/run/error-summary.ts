import { type WorkflowDefinition } from '../definition/types.js';
import { type Item } from '../items.js';
import { type RunResult } from './state.js';

/**
 * The input of an error workflow (`errorTrigger`) for a failed run, shaped like n8n's:
 * `{execution: {id, mode, error, lastNodeExecuted}, workflow: {id, name}}`.
 */
export function errorWorkflowInput(result: RunResult, workflow: WorkflowDefinition, mode: string): Item[] {
  const failedNode = result.error?.nodeId ? workflow.nodes.find((node) => node.id === result.error?.nodeId) : undefined;
  const lastNode = result.lastNodeId ? workflow.nodes.find((node) => node.id === result.lastNodeId) : undefined;
  return [
    {
      json: {
        execution: {
          id: result.executionId,
          mode,
          status: result.status,
          error: result.error ? { message: result.error.message, name: result.error.name, node: failedNode ? (failedNode.name ?? failedNode.id) : null } : null,
          lastNodeExecuted: lastNode ? (lastNode.name ?? lastNode.id) : null,
        },
        workflow: { id: workflow.id ?? null, name: workflow.name ?? null },
      },
    },
  ];
}
