import { type ExecutionView } from '@weft/read-model-executions';

const jsonOf = (items: readonly unknown[] | null) => items?.map((item) => (item as { json?: unknown }).json ?? item) ?? null;

/** Items as the API shows them: their json (binary data and pairing stay in the records). */
export function apiView(execution: ExecutionView) {
  const nodes = Object.fromEntries(
    Object.entries(execution.nodes).map(([nodeId, node]) => [
      nodeId,
      { ...node, items: node.items === null ? null : Object.fromEntries(Object.entries(node.items).map(([port, items]) => [port, jsonOf(items)])) },
    ]),
  );
  return { ...execution, input: jsonOf(execution.input), output: jsonOf(execution.output), nodes };
}

/** `GET .../executions/{executionId}`'s answer. */
export type ExecutionApiView = ReturnType<typeof apiView>;
