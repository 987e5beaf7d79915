import { setTimeout as sleep } from 'node:timers/promises';

/** Delays between attempts at a failing handler: doubling from `initialDelayMs`, capped at `maxDelayMs`. */
export interface RetryPolicy {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { initialDelayMs: 100, maxDelayMs: 5_000 };

export const retryDelay = (policy: RetryPolicy, failures: number): number =>
  Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, failures - 1));

export interface RedeliveryOptions {
  /** Aborted when the subscription stops: the event is then left unacknowledged. */
  readonly signal: AbortSignal;
  /** Aborted when no new attempt may start (a stop or a rebalance); a running one may still finish. */
  readonly stopRetrying?: AbortSignal;
  readonly retry: RetryPolicy;
  readonly onFailure: (error: unknown, failures: number, delayMs: number) => void;
  /** Runs before each new attempt (Kafka: a heartbeat, which also notices a rebalance). */
  readonly beforeRetry?: () => Promise<void>;
}

/**
 * Runs `attempt` until it resolves (true), or until `signal` aborts or a failed attempt
 * finds `stopRetrying` aborted (false). Retrying here, in
 * the same process, keeps the partition from moving past a failing event: the next
 * event of the partition is not handed out while this one is unacknowledged.
 */
export async function deliverUntilAcknowledged(attempt: () => Promise<void>, options: RedeliveryOptions): Promise<boolean> {
  for (let failures = 0; ;) {
    if (options.signal.aborted) return false;
    const outcome = await untilAborted(settle(attempt), options.signal);
    if (outcome === 'aborted') return false;
    if (outcome.ok) return true;
    failures += 1;
    const delayMs = retryDelay(options.retry, failures);
    options.onFailure(outcome.error, failures, delayMs);
    const pauseSignal = options.stopRetrying ? AbortSignal.any([options.signal, options.stopRetrying]) : options.signal;
    if (!(await pause(delayMs, pauseSignal))) return false;
    await options.beforeRetry?.();
  }
}

type Outcome = { readonly ok: true } | { readonly ok: false; readonly error: unknown };

async function settle(attempt: () => Promise<void>): Promise<Outcome> {
  try {
    await attempt();
    return { ok: true };
  } catch (error) {
    return { ok: false, error };
  }
}

/** Waits for `promise` unless `signal` aborts first; the listener is removed either way. */
export async function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | 'aborted'> {
  if (signal.aborted) return 'aborted';
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<'aborted'>((resolve) => {
    onAbort = () => resolve('aborted');
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([promise, aborted]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

/** Sleeps `ms`; false when `signal` aborted the sleep. */
async function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}
