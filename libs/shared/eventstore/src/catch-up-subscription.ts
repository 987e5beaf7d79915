import { type LogPosition, type RecordedEvent } from '@weft/kernel';
import { type AllEventsFilter, type SubscribeOptions, type Subscription } from './event-store.js';

export interface CatchUpSource {
  /** Reads up to `maxCount` events after `after`, in log order. */
  readBatch(after: LogPosition | undefined, filter: AllEventsFilter | undefined, maxCount: number): Promise<RecordedEvent[]>;
  /** Resolves when new events may be readable: a wake-up, the poll interval, or the abort. */
  waitForAppend(signal: AbortSignal): Promise<void>;
  readonly batchSize: number;
}

/**
 * Catch-up then live, for any store that can read its log in order: read batches until
 * one comes back short (live from then on), then wait for a wake-up and read again. No
 * connection is held while waiting or while `onEvent` runs.
 */
export function catchUpSubscription(source: CatchUpSource, options: SubscribeOptions): Subscription {
  let live = false;
  const signal = options.signal ?? new AbortController().signal;
  const run = async (): Promise<void> => {
    let after = options.after;
    while (!signal.aborted) {
      const batch = await source.readBatch(after, options.filter, source.batchSize);
      for (const event of batch) {
        if (signal.aborted) return;
        await options.onEvent(event);
        after = event.logPosition;
      }
      if (batch.length < source.batchSize) {
        live = true;
        await source.waitForAppend(signal);
      }
    }
  };
  return { done: run(), isLive: () => live };
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
