import { type Clock } from './node-type.js';

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new Error('aborted');
}

function realDelay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The real clock: `Date.now()` and timers. */
export const systemClock: Clock = { now: () => Date.now(), sleep: realDelay, timer: realDelay };

interface PendingTimer {
  readonly at: number;
  readonly resolve: () => void;
}

/**
 * A clock for tests and replays. `sleep` moves virtual time forward at once (so retries
 * cost nothing) and records what was asked in `sleeps`; `timer` resolves only when
 * virtual time reaches it, through `sleep` or `advance`.
 */
export class VirtualClock implements Clock {
  readonly sleeps: number[] = [];
  private timers: PendingTimer[] = [];

  constructor(private current = 0) {}

  now(): number {
    return this.current;
  }

  advance(ms: number): void {
    this.current += ms;
    const due = this.timers.filter((timer) => timer.at <= this.current);
    this.timers = this.timers.filter((timer) => timer.at > this.current);
    for (const timer of due) timer.resolve();
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    if (signal?.aborted) throw abortError(signal);
    await Promise.resolve();
    if (signal?.aborted) throw abortError(signal);
    this.advance(ms);
  }

  timer(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(abortError(signal));
      const entry: PendingTimer = { at: this.current + ms, resolve };
      this.timers.push(entry);
      signal?.addEventListener(
        'abort',
        () => {
          this.timers = this.timers.filter((timer) => timer !== entry);
          reject(abortError(signal));
        },
        { once: true },
      );
    });
  }
}
