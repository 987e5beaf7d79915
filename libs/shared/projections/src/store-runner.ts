import { type EventStore, compareLogPositions } from '@weft/eventstore';
import { type LogPosition, type RecordedEvent } from '@weft/kernel';
import { type Database } from '@weft/postgres';
import { beginBatch, readCheckpoint, storeProgress } from './checkpoints.js';
import { type BatchProgress, type BatchTarget, applyStoreBatch } from './store-batch.js';

export interface StoreRunnerOptions {
  readonly maxBatch: number;
  /** Called after each committed batch (the watermarks), and when skipped events move the position. */
  readonly onCommitted: (progress: BatchProgress) => void;
  /**
   * Whether the projection wants the event (its contexts, its types). Others cost no
   * transaction: the position they move is announced at once and stored at most every
   * `idleCheckpointMs`, so a restart does not re-read too much of what was skipped.
   */
  readonly relevant?: (event: RecordedEvent) => boolean;
  readonly idleCheckpointMs?: number;
}

/**
 * A read-model batch commits without waiting for its WAL flush: a crash can lose only
 * the last batches, and their checkpoint with them (same transaction), so they are read
 * and applied again. The runner applies batches one after the other, so the flush wait
 * would otherwise bound its throughput.
 */
const ASYNC_COMMIT = 'set local synchronous_commit = off';

/** Moves a projection's checkpoint over events it skipped (never backwards). */
async function advanceCheckpoint(db: Database, target: BatchTarget, position: LogPosition): Promise<void> {
  await db.transaction(async (tx) => {
    const { checkpoint } = await beginBatch(tx, target.checkpointName, []);
    if (checkpoint === undefined || compareLogPositions(position, checkpoint) > 0) await storeProgress(tx, target.checkpointName, position, new Map());
  });
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
    if (events.length === 0) {
      passSkipped();
      return committed;
    }
    // Events skipped after the last buffered one are passed once the batch committed.
    const skippedAfter = skippedTo;
    skippedTo = undefined;
    committed = committed
      .then(async () => {
        if (stopped || failure !== undefined || events.length === 0) return;
        options.onCommitted(await db.transaction((tx) => applyStoreBatch(tx, target, events), 'read committed', ASYNC_COMMIT));
        if (skippedAfter !== undefined) options.onCommitted({ position: skippedAfter, streams: new Map(), applied: 0 });
      })
      .catch((error: unknown) => {
        failure ??= error;
        failed.abort();
      });
    return committed;
  };

  const relevant = options.relevant ?? (() => true);
  const idleMs = options.idleCheckpointMs ?? 2_000;
  let skippedTo: LogPosition | undefined;
  let storedSkipAt = Date.now();

  /** After the batches before it: announces the skipped position, and stores it now and then. */
  const passSkipped = (): void => {
    const position = skippedTo;
    if (position === undefined) return;
    skippedTo = undefined;
    const store = Date.now() - storedSkipAt >= idleMs;
    if (store) storedSkipAt = Date.now();
    committed = committed
      .then(async () => {
        if (stopped || failure !== undefined) return;
        if (store) await advanceCheckpoint(db, target, position);
        options.onCommitted({ position, streams: new Map(), applied: 0 });
      })
      .catch((error: unknown) => {
        failure ??= error;
        failed.abort();
      });
  };

  const onEvent = async (event: RecordedEvent): Promise<void> => {
    if (failure !== undefined) throw failure;
    if (!relevant(event)) {
      // A relevant event after these would carry the position past them anyway.
      skippedTo = event.logPosition;
      if (buffer.length === 0 && !flushScheduled) {
        flushScheduled = true;
        setImmediate(() => {
          flushScheduled = false;
          void flush();
        });
      }
      return;
    }
    skippedTo = undefined;
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
