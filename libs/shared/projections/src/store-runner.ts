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
 * one transaction each, one batch at a time. The subscription hands events over one at
 * a time; a batch takes everything handed over since the previous one began: the whole
 * of a live read (a `setImmediate` runs only after its synchronous hand-over), and while
 * a batch commits, everything that arrives meanwhile. So a projection that falls behind
 * writes larger batches instead of queueing many small ones, and catching up writes
 * batches of `maxBatch`, where the subscription waits for the buffer to be taken.
 * Resolves when `signal` aborts; rejects when a batch fails (restart from the checkpoint).
 */
export async function runFromStore(db: Database, store: EventStore, target: BatchTarget, signal: AbortSignal, options: StoreRunnerOptions): Promise<void> {
  const failed = new AbortController();
  let failure: unknown;
  let buffer: RecordedEvent[] = [];
  /** The position of irrelevant events after the last buffered one: passed once the batch before them committed. */
  let skippedTo: LogPosition | undefined;
  let draining: Promise<void> | undefined;
  let drainScheduled = false;
  let stopped = false;
  const relevant = options.relevant ?? (() => true);
  const idleMs = options.idleCheckpointMs ?? 2_000;
  let storedSkipAt = Date.now();

  const applyBatch = async (events: RecordedEvent[]): Promise<void> => {
    options.onCommitted(await db.transaction((tx) => applyStoreBatch(tx, target, events), 'read committed', ASYNC_COMMIT));
  };

  /** Announces the skipped position, and stores it now and then so a restart does not re-read much of it. */
  const passSkipped = async (position: LogPosition): Promise<void> => {
    if (Date.now() - storedSkipAt >= idleMs) {
      storedSkipAt = Date.now();
      await advanceCheckpoint(db, target, position);
    }
    options.onCommitted({ position, streams: new Map(), applied: 0 });
  };

  const drain = async (): Promise<void> => {
    while (!stopped && failure === undefined && (buffer.length > 0 || skippedTo !== undefined)) {
      const events = buffer;
      const skipped = skippedTo;
      buffer = [];
      skippedTo = undefined;
      if (events.length > 0) await applyBatch(events);
      if (skipped !== undefined && !stopped) await passSkipped(skipped);
    }
  };

  const startDrain = (): Promise<void> => {
    draining ??= drain()
      .catch((error: unknown) => {
        failure ??= error;
        failed.abort();
      })
      .finally(() => {
        draining = undefined;
      });
    return draining;
  };

  /** After the synchronous hand-over of the current read, unless a batch is running (it takes the rest when it is done). */
  const scheduleDrain = (): void => {
    if (draining || drainScheduled) return;
    drainScheduled = true;
    setImmediate(() => {
      drainScheduled = false;
      void startDrain();
    });
  };

  const onEvent = async (event: RecordedEvent): Promise<void> => {
    if (failure !== undefined) throw failure;
    if (!relevant(event)) {
      // A relevant event after these would carry the position past them anyway.
      skippedTo = event.logPosition;
      scheduleDrain();
      return;
    }
    skippedTo = undefined;
    buffer.push(event);
    if (buffer.length < options.maxBatch) return scheduleDrain();
    // Full: the subscription waits until this buffer has been applied.
    while (buffer.length >= options.maxBatch && failure === undefined && !stopped) await startDrain();
    if (failure !== undefined) throw failure;
  };

  const after = await readCheckpoint(db, target.checkpointName);
  const subscription = store.subscribeToAll({ after, onEvent, signal: AbortSignal.any([signal, failed.signal]) });
  try {
    await subscription.done;
  } finally {
    stopped = true; // events still buffered are read again from the checkpoint next time
    await draining; // nothing of ours runs after we return
  }
  if (failure !== undefined) throw failure;
}
