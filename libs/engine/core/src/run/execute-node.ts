import { type NodeSettings, type WorkflowSettings } from '../definition/types.js';
import { type Item, type ItemsByPort } from '../items.js';
import { type Clock, type NodeExecutionContext, type NodeResult, type NodeType, WaitRequest } from '../node-type.js';
import { NodeTimeoutError } from './errors.js';

export interface Attempt {
  readonly result: NodeResult;
  readonly tries: number;
}

/** Tries allowed by `retryOnFail`/`maxTries`, falling back to the workflow's `maxRetries`, then 3. */
export function triesFor(settings: NodeSettings, workflow: WorkflowSettings | undefined): number {
  if (!settings.retryOnFail) return 1;
  return Math.max(1, Math.floor(settings.maxTries ?? workflow?.maxRetries ?? 3));
}

/**
 * Runs a node with its retry and timeout settings. Waits between tries go through the
 * injected clock. Throws the last error when every try failed.
 */
export async function executeWithSettings(
  type: NodeType,
  makeContext: (signal: AbortSignal) => NodeExecutionContext,
  settings: NodeSettings,
  workflowSettings: WorkflowSettings | undefined,
  clock: Clock,
  signal: AbortSignal,
): Promise<Attempt> {
  const tries = triesFor(settings, workflowSettings);
  for (let attempt = 1; ; attempt += 1) {
    try {
      return { result: await executeOnce(type, makeContext, settings.timeout, clock, signal), tries: attempt };
    } catch (error) {
      if (attempt >= tries || signal.aborted) throw error;
      if (settings.waitBetweenTries) await clock.sleep(settings.waitBetweenTries, signal);
    }
  }
}

async function executeOnce(
  type: NodeType,
  makeContext: (signal: AbortSignal) => NodeExecutionContext,
  timeout: number | undefined,
  clock: Clock,
  signal: AbortSignal,
): Promise<NodeResult> {
  if (!timeout) return await type.execute(makeContext(signal));
  const controller = new AbortController();
  const stop = (): void => controller.abort(signal.reason);
  signal.addEventListener('abort', stop, { once: true });
  const timer = new AbortController();
  const timedOut = clock.timer(timeout, timer.signal).then(() => {
    const error = new NodeTimeoutError(`node timed out after ${timeout} ms`);
    controller.abort(error);
    throw error;
  });
  try {
    return await Promise.race([Promise.resolve().then(() => type.execute(makeContext(controller.signal))), timedOut]);
  } finally {
    timer.abort();
    timedOut.catch(() => undefined);
    signal.removeEventListener('abort', stop);
  }
}

/** `alwaysOutputData`: an empty result becomes one empty item on the first output. */
export function applyAlwaysOutput(outputs: ItemsByPort, firstOutput: string): ItemsByPort {
  const total = Object.values(outputs).reduce((sum, items) => sum + items.length, 0);
  return total > 0 ? outputs : { ...outputs, [firstOutput]: [{ json: {} }] };
}

/** Outputs for a failed node whose `onError` says to continue. */
export function continueOutputs(onError: NodeSettings['onError'], input: readonly Item[], message: string, firstOutput: string): ItemsByPort {
  const base = input.length > 0 ? input : [{ json: {} }];
  if (onError === 'continueErrorOutput') {
    return { error: base.map((item) => ({ ...item, json: { ...item.json, error: message } })) };
  }
  return { [firstOutput]: base.map(() => ({ json: { error: message } })) };
}

/** n8n's test for an item a node emitted in place of a failure: `{error}` or `{error, message}` only. */
function isErrorItem(item: Item): boolean {
  const keys = Object.keys(item.json);
  return item.json['error'] !== undefined && (keys.length === 1 || (keys.length === 2 && item.json['message'] !== undefined));
}

/**
 * `continueErrorOutput` on a node that succeeded: as n8n does, items on the first output
 * that only carry an `error` (an HTTP page ending a pagination with an error status) go
 * to the `error` output, over the json of the input item they came from.
 */
export function routeErrorItems(outputs: ItemsByPort, input: readonly Item[], firstOutput: string): ItemsByPort {
  const items = outputs[firstOutput] ?? [];
  if (!items.some(isErrorItem)) return outputs;
  const errors = items.filter(isErrorItem).map((item) => {
    const origin = item.pairedItem === undefined ? undefined : input[item.pairedItem];
    return origin ? { ...item, json: { ...origin.json, ...item.json } } : item;
  });
  return { ...outputs, [firstOutput]: items.filter((item) => !isErrorItem(item)), error: [...(outputs['error'] ?? []), ...errors] };
}

export const isWait = (result: NodeResult): result is WaitRequest => result instanceof WaitRequest;
