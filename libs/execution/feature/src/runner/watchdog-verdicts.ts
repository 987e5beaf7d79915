// The run watchdog's verdicts: pure decisions (is a run stalled, may it be resumed, must it fail), kept apart from the worker that acts on them so each rule is unit-tested.
// The runner applies `watchdogVerdict` to the runs it holds (ExecutionRunner.watch); the
// service side's stalled-run scan (executions/stalled-run-scan.ts) applies
// `holderVerdict` to what the executions read model says about them, and
// `abandonedAfterMs` / `isAbandoned` to other live workers' runs.

/** How the watchdog bounds a run: `EXECUTION_MAX_RUN_MS` without progress, `EXECUTION_WATCHDOG_GRACE_MS` of grace. */
export interface WatchdogLimits {
  /** The longest a run goes without a node finishing (progress) before it is taken for hung. */
  readonly maxRunMs: number;
  /** How long past its workflow timeout a run may still run, and how long an aborted run has to return. */
  readonly graceMs: number;
}

/** What the watchdog knows of a run this process holds (times in ms since the epoch). */
export interface WatchedRun {
  /** When this process started (or resumed) the run: the engine's workflow timeout counts from here. */
  readonly startedAt: number;
  /** The start, or the last node that finished. */
  readonly lastProgressAt: number;
  /** `settings.timeout` of the workflow, `null` without one. */
  readonly timeoutMs: number | null;
  /** When the run was aborted (cancel, lost lease, watchdog), `null` while it runs. */
  readonly abortedAt: number | null;
}

export type WatchdogVerdict =
  /** Nothing to do. */
  | { readonly action: 'none' }
  /** Hung: abort the run's signal (its node in flight sees it), then record it failed. */
  | { readonly action: 'abort'; readonly reason: string }
  /** Aborted `graceMs` ago and the engine has not returned (a node ignores its signal): stop waiting for it. */
  | { readonly action: 'abandon' };

const none: WatchdogVerdict = { action: 'none' };

export function watchdogVerdict(run: WatchedRun, now: number, limits: WatchdogLimits): WatchdogVerdict {
  if (run.abortedAt !== null) return now - run.abortedAt >= limits.graceMs ? { action: 'abandon' } : none;
  // The engine stops a run at its timeout; one still going `graceMs` later is stuck in a node that ignores its signal.
  if (run.timeoutMs !== null && now - run.startedAt >= run.timeoutMs + limits.graceMs) {
    return {
      action: 'abort',
      reason: `The execution ran ${now - run.startedAt} ms, past its workflow timeout of ${run.timeoutMs} ms, and did not stop; the worker's watchdog stopped it.`,
    };
  }
  if (now - run.lastProgressAt >= limits.maxRunMs) {
    return {
      action: 'abort',
      reason: `The execution made no progress for ${now - run.lastProgressAt} ms (EXECUTION_MAX_RUN_MS is ${limits.maxRunMs}); the worker's watchdog stopped it.`,
    };
  }
  return none;
}

/** Statuses of the executions read model (`engine_status`) after which nothing runs. */
const FINISHED = new Set(['success', 'error', 'canceled']);

/** What the executions read model shows of a run this process holds. */
export interface RecordedHolder {
  readonly engineStatus: string;
  readonly workerId: string | null;
  readonly lease: number;
}

/**
 * Whether this process still holds the run: `canceled` when the read model shows it
 * canceled (a cancel signal that did not arrive), `lost` when it ended elsewhere or
 * another worker took it over (a higher lease, or the same lease under another worker).
 * No row yet (projection lag), or an older lease (this claim is not written yet): keep.
 */
export function holderVerdict(
  local: { readonly workerId: string; readonly lease: number },
  recorded: RecordedHolder | undefined,
): 'keep' | 'canceled' | 'lost' {
  if (recorded === undefined) return 'keep';
  if (recorded.engineStatus === 'canceled') return 'canceled';
  if (FINISHED.has(recorded.engineStatus)) return 'lost';
  if (recorded.lease > local.lease || (recorded.lease === local.lease && recorded.workerId !== null && recorded.workerId !== local.workerId)) return 'lost';
  return 'keep';
}

/**
 * How long a running execution of a live (heartbeating) worker may go without a recorded
 * event before another worker takes it over: its holder's own watchdog aborts it after
 * `maxRunMs` and records the failure within `graceMs` more, so this leaves it that and as
 * much again. Only a holder whose watchdog did not act (it is stuck itself) is overtaken.
 */
export function abandonedAfterMs(limits: WatchdogLimits): number {
  return limits.maxRunMs + 2 * limits.graceMs;
}

/** Whether a run whose last event was recorded at `lastRecordedAt` is abandoned by its (live) holder. */
export function isAbandoned(lastRecordedAt: number, now: number, limits: WatchdogLimits): boolean {
  return now - lastRecordedAt >= abandonedAfterMs(limits);
}
