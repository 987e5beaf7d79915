import { type Checkpoint, type RunResult, type WorkflowDefinition } from '@weft/engine-core';
import { type RunCredentials } from '@weft/ports';

// Results the runner makes itself, for runs the engine did not (or could not) finish,
// and what a run cost.

/** A run's signal is aborted with this when the watchdog takes it for hung: it is recorded failed. */
export class ExecutionStalledError extends Error {
  override readonly name = 'ExecutionStalledError';
}

/** Why the run's authority may not use a credential its definition names, or `undefined` when it may use them all. */
export async function refusalOf(credentials: RunCredentials, workflow: WorkflowDefinition): Promise<Error | undefined> {
  const ids = workflow.nodes.flatMap((node) => (node.credentials?.id === undefined || node.settings?.disabled === true ? [] : [node.credentials.id]));
  if (ids.length === 0) return undefined;
  return credentials.verify(ids).then(
    () => undefined,
    (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
  );
}

/** A run refused before its first node: failed with the reason, nothing ran. */
export function refusedResult(executionId: string, startedAt: number, error: Error): RunResult {
  const result = {
    status: 'error' as const,
    executionId,
    startedAt,
    finishedAt: Date.now(),
    runData: {},
    lastNodeOutput: [],
    logs: [],
    error: { name: 'CredentialRefused', message: error.message },
    usage: { networkBytes: 0, memoryBytes: 0 },
  };
  return result as unknown as RunResult;
}

/** The result of a run whose engine did not return after its abort: a failure for the watchdog, canceled otherwise. */
export function abandonedResult(
  executionId: string,
  run: { readonly startedAt: number; readonly checkpoint: Checkpoint | undefined },
  reason: unknown,
): RunResult {
  const error =
    reason instanceof ExecutionStalledError
      ? { name: reason.name, message: `${reason.message} Its node in flight did not stop within the grace period.` }
      : undefined;
  const result = {
    status: error === undefined ? ('canceled' as const) : ('error' as const),
    executionId,
    startedAt: run.startedAt,
    finishedAt: Date.now(),
    runData: run.checkpoint?.runData ?? {},
    lastNodeOutput: [],
    logs: [],
    ...(error === undefined ? {} : { error }),
    usage: { networkBytes: 0, memoryBytes: 0 },
    checkpoint: run.checkpoint,
  };
  return result as unknown as RunResult;
}

/**
 * What the run cost (docs/executions.md, Usage): time in nodes; the largest node run's
 * memory (its output items as JSON, which the run keeps until it ends, plus what its
 * node held outside them: the Code sandbox's heap growth); the bytes its nodes sent
 * and received, those of the runs before a resume included.
 */
export function usageOf(result: RunResult, peakMemoryBytes: number): { cpuMs: number; memoryBytes: number; networkBytes: number } {
  let nodeMs = 0;
  for (const runs of Object.values(result.runData)) for (const run of runs) nodeMs += run.durationMs;
  return { cpuMs: Math.round(nodeMs * 1000) / 1000, memoryBytes: Math.max(peakMemoryBytes, result.usage.memoryBytes), networkBytes: result.usage.networkBytes };
}
