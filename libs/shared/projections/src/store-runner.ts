import { type EventStore } from '@weft/eventstore';
import { type RecordedEvent } from '@weft/kernel';
import { type Database } from '@weft/postgres';
import { readCheckpoint } from './checkpoints.js';
import { type BatchProgress, type BatchTarget, applyStoreBatch } from './store-batch.js';

export interface StoreRunnerOptions {
  readonly maxBatch: number;
  /** Called after each committed batch (the watermarks). */
  readonly onCommitted: (progress: BatchProgress) => void;
}

/**
 * Follows the store from the stored checkpoint and applies what it reads in batches,
 * one transaction each. The subscription hands events over one at a time; they are
 * collected until `maxBatch` or until the subscription has handed over everything it
 * read (a `setImmediate` runs only after the synchronous hand-over of a whole read),
 * so catching up writes large batches and live events are applied at once.
 * Resolves when `signal` aborts; rejects when a batch fails (restart from the checkpoint).
 */
export async function runFromStore(db: Database, store: EventStore, target: BatchTarget, signal: AbortSignal, options: StoreRunnerOptions): Promise<void> {
  const failed = new AbortController();
  let failure: unknown;
  let buffer: RecordedEvent[] = [];
  let committed: Promise<void> = Promise.resolve();
  let flushScheduled = false;
  let stopped = false;

  const flush = (): Promise<void> => {
    const events = buffer;
    buffer = [];
    committed = committed
      .then(async () => {
        if (stopped || failure !== undefined || events.length === 0) return;
        options.onCommitted(await db.transaction((tx) => applyStoreBatch(tx, target, events)));
      })
      .catch((error: unknown) => {
        failure ??= error;
        failed.abort();
      });
    return committed;
  };

  const onEvent = async (event: RecordedEvent): Promise<void> => {
    if (failure !== undefined) throw failure;
    buffer.push(event);
    if (buffer.length >= options.maxBatch) return flush();
    if (flushScheduled) return;
    flushScheduled = true;
    setImmediate(() => {
      flushScheduled = false;
      void flush();
    });
  };

  const after = await readCheckpoint(db, target.checkpointName);
  const subscription = store.subscribeToAll({ after, onEvent, signal: AbortSignal.any([signal, failed.signal]) });
  try {
    await subscription.done;
  } finally {
    stopped = true; // events still buffered are read again from the checkpoint next time
    await committed; // nothing of ours runs after we return
  }
  if (failure !== undefined) throw failure;
}
