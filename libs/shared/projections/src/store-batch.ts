import { compareLogPositions } from '@weft/eventstore';
import { type LogPosition, type RecordedEvent } from '@weft/kernel';
import { type Queryable } from '@weft/postgres';
import { beginBatch, storeProgress } from './checkpoints.js';
import { type ProjectionDefinition, type TableNames, projectionTransaction } from './projection.js';

/** Where a batch goes: the live tables and checkpoint, or a rebuild's shadow ones. */
export interface BatchTarget {
  readonly definition: ProjectionDefinition;
  /** The checkpoint row (and stream-version owner): the projection's name or `<name>__rebuild`. */
  readonly checkpointName: string;
  readonly tables: TableNames;
}

/** What a committed batch changed: the watermarks are told this. */
export interface BatchProgress {
  readonly position: LogPosition | undefined;
  /** The stream versions this batch stored. */
  readonly streams: ReadonlyMap<string, number>;
  /** Events given to the projection (after deduplication). */
  readonly applied: number;
}

/**
 * Applies a batch of events read from the store, inside `tx`, exactly once: events at
 * or before the locked checkpoint are dropped (another runner, or a swap, got there
 * first), then events at or below their stream's stored version; the checkpoint and
 * the stream versions move in the same transaction as the read-model writes.
 */
export async function applyStoreBatch(tx: Queryable, target: BatchTarget, batch: readonly RecordedEvent[]): Promise<BatchProgress> {
  const tracked = target.definition.tracksStream ?? (() => true);
  const { checkpoint, versions: stored } = await beginBatch(tx, target.checkpointName, [
    ...new Set(batch.filter((e) => tracked(e.streamId)).map((e) => e.streamId)),
  ]);
  const fresh = checkpoint ? batch.filter((e) => compareLogPositions(e.logPosition, checkpoint) > 0) : batch;
  const last = fresh.at(-1);
  if (last === undefined) return { position: checkpoint, streams: new Map(), applied: 0 };
  const streams = new Map<string, number>();
  const events = fresh.filter((event) => {
    const version = streams.get(event.streamId) ?? stored.get(event.streamId) ?? -1;
    if (event.streamVersion <= version) return false;
    streams.set(event.streamId, event.streamVersion);
    return true;
  });
  await applyEvents(tx, target, events);
  const storedVersions = new Map([...streams].filter(([streamId]) => tracked(streamId)));
  await storeProgress(tx, target.checkpointName, last.logPosition, storedVersions);
  return { position: last.logPosition, streams: storedVersions, applied: events.length };
}

/** Hands deduplicated events to the projection: one batch call, or one call per event. */
export async function applyEvents(tx: Queryable, target: Omit<BatchTarget, 'checkpointName'>, events: readonly RecordedEvent[]): Promise<void> {
  if (events.length === 0) return;
  const ptx = projectionTransaction(tx, target.tables);
  const { definition } = target;
  if (definition.applyBatch) return definition.applyBatch(events, ptx);
  for (const event of events) await definition.apply(event, ptx);
}
