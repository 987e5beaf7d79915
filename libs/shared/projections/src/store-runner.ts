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
  /** Wait this long before applying what arrived live, so more runs share a commit (`ProjectionDefinition.lingerMs`). */
  readonly lingerMs?: number;
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
  const batches = new StoreBatches(db, target, options);
  const after = await readCheckpoint(db, target.checkpointName);
  const subscription = store.subscribeToAll({ after, onEvent: (event) => batches.take(event), signal: AbortSignal.any([signal, batches.failed.signal]) });
  try {
    await subscription.done;
  } finally {
    await batches.stop(); // events still buffered are read again from the checkpoint next time
  }
  if (batches.failure !== undefined) throw batches.failure;
}

/** The buffer between the subscription and the read model's transactions (see `runFromStore`). */
class StoreBatches {
  readonly failed = new AbortController();
  failure: unknown;
  private buffer: RecordedEvent[] = [];
  /** The position of irrelevant events after the last buffered one: passed once the batch before them committed. */
  private skippedTo: LogPosition | undefined;
  private draining: Promise<void> | undefined;
  private drainScheduled = false;
  private stopped = false;
  private storedSkipAt = Date.now();
  private readonly relevant: (event: RecordedEvent) => boolean;
  private readonly idleMs: number;

  constructor(
    private readonly db: Database,
    private readonly target: BatchTarget,
    private readonly options: StoreRunnerOptions,
  ) {
    this.relevant = options.relevant ?? (() => true);
    this.idleMs = options.idleCheckpointMs ?? 2_000;
  }

  async take(event: RecordedEvent): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    if (!this.relevant(event)) {
      // A relevant event after these would carry the position past them anyway.
      this.skippedTo = event.logPosition;
      this.scheduleDrain();
      return;
    }
    this.skippedTo = undefined;
    this.buffer.push(event);
    if (this.buffer.length < this.options.maxBatch) return this.scheduleDrain();
    // Full: the subscription waits until this buffer has been applied.
    while (this.buffer.length >= this.options.maxBatch && this.failure === undefined && !this.stopped) await this.startDrain();
    if (this.failure !== undefined) throw this.failure;
  }

  /** Nothing of ours runs after this resolves. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.draining;
  }

  private async drain(): Promise<void> {
    while (!this.stopped && this.failure === undefined && (this.buffer.length > 0 || this.skippedTo !== undefined)) {
      const events = this.buffer;
      const skipped = this.skippedTo;
      this.buffer = [];
      this.skippedTo = undefined;
      if (events.length > 0) await this.applyBatch(events);
      if (skipped !== undefined && !this.stopped) await this.passSkipped(skipped);
    }
  }

  private startDrain(): Promise<void> {
    this.draining ??= this.drain()
      .catch((error: unknown) => {
        this.failure ??= error;
        this.failed.abort();
      })
      .finally(() => {
        this.draining = undefined;
      });
    return this.draining;
  }

  /** After the synchronous hand-over of the current read, unless a batch is running (it takes the rest when it is done). */
  private scheduleDrain(): void {
    if (this.draining || this.drainScheduled) return;
    this.drainScheduled = true;
    const drain = () => {
      this.drainScheduled = false;
      void this.startDrain();
    };
    if (this.options.lingerMs) setTimeout(drain, this.options.lingerMs).unref();
    else setImmediate(drain);
  }

  private async applyBatch(events: RecordedEvent[]): Promise<void> {
    this.options.onCommitted(await this.db.transaction((tx) => applyStoreBatch(tx, this.target, events), 'read committed', ASYNC_COMMIT));
  }

  /** Announces the skipped position, and stores it now and then so a restart does not re-read much of it. */
  private async passSkipped(position: LogPosition): Promise<void> {
    if (Date.now() - this.storedSkipAt >= this.idleMs) {
      this.storedSkipAt = Date.now();
      await advanceCheckpoint(this.db, this.target, position);
    }
    this.options.onCommitted({ position, streams: new Map(), applied: 0 });
  }
}
