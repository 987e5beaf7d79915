import { performance } from 'node:perf_hooks';
import { type EventStore, compareLogPositions } from '@weft/eventstore';
import { type LogPosition, type RecordedEvent } from '@weft/kernel';
import { type Database, type Queryable } from '@weft/postgres';
import { lockCheckpoint, readCheckpoint } from './checkpoints.js';
import { type ProjectionDefinition, REBUILD_SUFFIX, shadowTables } from './projection.js';
import { type BatchTarget, applyStoreBatch } from './store-batch.js';
import { createMissingTables, dropTables, swapTables } from './tables.js';

export interface RebuildOptions {
  /** Events per read and per transaction. Default 5000 (a read returns at most 10,000). */
  readonly batchSize?: number;
  /** Continue an interrupted rebuild from its `__rebuild` checkpoint instead of starting over. Default false. */
  readonly resume?: boolean;
  /** Catch-up-and-swap attempts before giving up, when the live runner keeps getting ahead. Default 20. */
  readonly maxSwapAttempts?: number;
  /** Runs after each catch-up, just before the swap transaction: instrumentation and tests. */
  readonly beforeSwap?: (attempt: number) => Promise<void>;
}

export interface RebuildReport {
  /** Events read from the log into the shadow tables. */
  readonly events: number;
  readonly seconds: number;
  /** The checkpoint the live projection has from the swap on. */
  readonly position: LogPosition | undefined;
  readonly swapAttempts: number;
}

interface CaughtUp {
  readonly after: LogPosition | undefined;
  readonly events: number;
}

/** Reads pages of the log and applies each in its own transaction; the next page is read while one is applied. */
async function catchUp(db: Database, store: EventStore, target: BatchTarget, from: LogPosition | undefined, batchSize: number): Promise<CaughtUp> {
  let after = from;
  let events = 0;
  let next: Promise<RecordedEvent[]> = store.readAll({ after, maxCount: batchSize });
  for (;;) {
    const page = await next;
    const last = page.at(-1);
    if (last === undefined) return { after, events };
    if (page.length === batchSize) {
      next = store.readAll({ after: last.logPosition, maxCount: batchSize });
      next.catch(() => undefined); // if the apply below fails, nobody awaits the read ahead
    }
    await db.transaction((tx) => applyStoreBatch(tx, target, page));
    after = last.logPosition;
    events += page.length;
    if (page.length < batchSize) return { after, events };
  }
}

async function resetShadow(db: Database, definition: ProjectionDefinition, rebuildName: string): Promise<void> {
  await db.transaction(async (tx) => {
    await dropTables(tx, shadowTables(definition));
    await tx.query('delete from projection_stream_versions where projection = $1', [rebuildName]);
    await tx.query('delete from projection_checkpoints where projection = $1', [rebuildName]);
  });
}

/**
 * Inside the swap: the live runner is stopped (its checkpoint row is locked) but may
 * have got past the shadow meanwhile. Events up to its checkpoint are readable now
 * (they were visible when it read them), so read and apply them into the shadow
 * here, through another connection of the pool. A single-connection database has no
 * other connection: that attempt gives up (`undefined`) and the rebuild catches up again.
 */
async function catchUpToLive(tx: Queryable, context: SwapContext, live: LogPosition, shadowAt: LogPosition | undefined): Promise<CaughtUp | undefined> {
  if (context.db.singleConnection) return undefined;
  let after = shadowAt;
  let events = 0;
  while (after === undefined || compareLogPositions(after, live) < 0) {
    const page = await context.store.readAll({ after, maxCount: context.batchSize });
    const last = page.at(-1);
    if (last === undefined) return undefined;
    await applyStoreBatch(tx, context.target, page);
    after = last.logPosition;
    events += page.length;
  }
  return { after, events };
}

/**
 * Bus consumers keep no global checkpoint, only stream versions: a stream whose live
 * version is above the shadow's holds events the shadow lacks (delivered after the
 * rebuild's last read). The swap must wait for the rebuild to read them.
 */
async function liveHasMore(tx: Queryable, live: string, shadow: string): Promise<boolean> {
  const { rows } = await tx.query<{ behind: boolean }>(
    `select exists (select 1 from projection_stream_versions l
       left join projection_stream_versions s on s.projection = $2 and s.stream_id = l.stream_id
       where l.projection = $1 and l.version > coalesce(s.version, -1)) as behind`,
    [live, shadow],
  );
  return rows[0]?.behind === true;
}

interface SwapContext {
  readonly db: Database;
  readonly store: EventStore;
  readonly target: BatchTarget;
  readonly batchSize: number;
}

/**
 * The swap, in one short transaction. Locking the live checkpoint row stops the live
 * runner: its next batch waits for the lock, then sees the new checkpoint (and drops
 * what it holds up to there) and the new tables. Returns the checkpoint the live
 * projection continues from, or `false` when this attempt has to be repeated.
 */
async function swap(tx: Queryable, context: SwapContext, shadowAt: LogPosition | undefined): Promise<CaughtUp | false> {
  const { definition, checkpointName } = context.target;
  const live = await lockCheckpoint(tx, definition.name);
  let caughtUp: CaughtUp = { after: shadowAt, events: 0 };
  if (live !== undefined && (shadowAt === undefined || compareLogPositions(live, shadowAt) > 0)) {
    const behind = await catchUpToLive(tx, context, live, shadowAt);
    if (behind === undefined) return false;
    caughtUp = behind;
  }
  if (await liveHasMore(tx, definition.name, checkpointName)) return false;
  const position = caughtUp.after;
  await swapTables(tx, definition);
  await tx.query('update projection_checkpoints set transaction_id = $2, position = $3, updated_at = now() where projection = $1', [
    definition.name,
    position?.transactionId ?? null,
    position?.position ?? null,
  ]);
  await tx.query('delete from projection_stream_versions where projection = $1', [definition.name]);
  await tx.query('update projection_stream_versions set projection = $1 where projection = $2', [definition.name, checkpointName]);
  await tx.query('delete from projection_checkpoints where projection = $1', [checkpointName]);
  return caughtUp;
}

/**
 * Rebuilds a projection without downtime: replays the whole log into shadow tables
 * (`<table>__rebuild`, checkpoint `<name>__rebuild`) while queries keep reading the
 * live ones, catches up to the head, and swaps in one short transaction.
 */
export async function rebuildProjection(
  db: Database,
  store: EventStore,
  definition: ProjectionDefinition,
  options: RebuildOptions = {},
): Promise<RebuildReport> {
  const started = performance.now();
  const batchSize = options.batchSize ?? 5000;
  const rebuildName = `${definition.name}${REBUILD_SUFFIX}`;
  const target: BatchTarget = { definition, checkpointName: rebuildName, tables: shadowTables(definition) };
  if (!options.resume) await resetShadow(db, definition, rebuildName);
  await createMissingTables(db, definition, target.tables);
  let after = await readCheckpoint(db, rebuildName);
  let events = 0;
  const context: SwapContext = { db, store, target, batchSize };
  for (let attempt = 1; attempt <= (options.maxSwapAttempts ?? 20); attempt++) {
    const caughtUp = await catchUp(db, store, target, after, batchSize);
    after = caughtUp.after;
    events += caughtUp.events;
    const shadowAt = after;
    await options.beforeSwap?.(attempt);
    const swapped = await db.transaction((tx) => swap(tx, context, shadowAt));
    if (swapped) return { events: events + swapped.events, seconds: (performance.now() - started) / 1000, position: swapped.after, swapAttempts: attempt };
  }
  throw new Error(`Rebuild of ${definition.name} could not catch up with the live projection; the shadow tables are kept (resume: true)`);
}
