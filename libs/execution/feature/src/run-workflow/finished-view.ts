import { type Item, type RunResult } from '@weft/engine-core';

/** The API's execution shape, straight from the run (the read model may not show it yet). */
export type FinishedExecutionView = ReturnType<typeof finishedView>;

/** The API's execution shape of a run that ended here (`wait: true`), built from its result. */
export function finishedView(executionId: string, workflowId: string, mode: string, result: RunResult, input: readonly Item[]) {
  const nodes = Object.fromEntries(
    Object.entries(result.runData).map(([nodeId, runs]) => {
      const last = runs.at(-1)!;
      const items = Object.fromEntries(Object.entries(last.outputs).map(([port, portItems]) => [port, portItems.map((item) => item.json)]));
      const itemCount = Object.values(last.outputs).reduce((n, portItems) => n + portItems.length, 0);
      return [
        nodeId,
        {
          status: last.status,
          startedAt: new Date(last.startedAt).toISOString(),
          durationMs: last.durationMs,
          items,
          itemCount,
          error: last.error ?? null,
          runs: runs.length,
        },
      ];
    }),
  );
  return {
    executionId,
    workflowId,
    status: result.status,
    mode,
    startedAt: new Date(result.startedAt).toISOString(),
    finishedAt: result.status === 'waiting' ? null : new Date(result.finishedAt).toISOString(),
    durationMs: result.finishedAt - result.startedAt,
    input: input.map((item) => item.json),
    output: result.lastNodeOutput.map((item) => item.json),
    error: result.error?.message ?? null,
    retryCount: 0,
    nodes,
  };
}
