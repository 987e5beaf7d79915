import { type RecordedEvent } from '@weft/kernel';
import { type Database, type Queryable } from '@weft/postgres';
import type { Delivery } from './delivered.js';
import { type ProjectionDefinition, liveTables } from './projection.js';
import { applyEvents } from './store-batch.js';

/** One bus message: the event and where it sits. */
export interface DeliveredEvent {
  readonly event: RecordedEvent;
  readonly delivery?: Delivery;
}

export interface DeliveredBatchOutcome {
  readonly applied: number;
  readonly duplicates: number;
  /** The highest stream version this batch raised each stream to. */
  readonly streams: ReadonlyMap<string, number>;
}

/**
 * Locks the batch's stream-version rows (creating the missing ones first, so two
 * members briefly sharing a partition during a rebalance queue on the same rows) and
 * returns the stored versions.
 */
async function lockStreamVersions(tx: Queryable, projection: string, streamIds: readonly string[]): Promise<Map<string, number>> {
  await tx.query(
    `insert into projection_stream_versions (projection, stream_id, version)
     select $1, s, -1 from unnest($2::text[]) as s order by s on conflict do nothing`,
    [projection, streamIds],
  );
  const { rows } = await tx.query<{ stream_id: string; version: string }>(
    `select stream_id, version::text as version from projection_stream_versions
     where projection = $1 and stream_id = any($2::text[]) order by stream_id for update`,
    [projection, streamIds],
  );
  return new Map(rows.map((row) => [row.stream_id, Number(row.version)]));
}

async function raiseStreamVersions(tx: Queryable, projection: string, streams: ReadonlyMap<string, number>): Promise<void> {
  if (streams.size === 0) return;
  await tx.query(
    `update projection_stream_versions v set version = s.version
     from unnest($2::text[], $3::bigint[]) as s(stream_id, version)
     where v.projection = $1 and v.stream_id = s.stream_id and v.version < s.version`,
    [projection, [...streams.keys()], [...streams.values()]],
  );
}

/** The next offset to read per (topic, partition), never moved backwards. */
async function storeOffsets(tx: Queryable, projection: string, batch: readonly DeliveredEvent[]): Promise<void> {
  const highest = new Map<string, { topic: string; partition: number; offset: bigint }>();
  for (const { delivery } of batch) {
    if (!delivery) continue;
    const key = `${delivery.partition}:${delivery.topic}`;
    const offset = BigInt(delivery.offset);
    const known = highest.get(key);
    if (!known || known.offset < offset) highest.set(key, { topic: delivery.topic, partition: delivery.partition, offset });
  }
  if (highest.size === 0) return;
  const rows = [...highest.values()];
  await tx.query(
    `insert into projection_offsets (projection, topic, partition, "offset")
     select $1, t, p, o + 1 from unnest($2::text[], $3::int[], $4::bigint[]) as x(t, p, o)
     on conflict (projection, topic, partition) do update set "offset" = greatest(projection_offsets."offset", excluded."offset")`,
    [projection, rows.map((r) => r.topic), rows.map((r) => r.partition), rows.map((r) => r.offset.toString())],
  );
}

/**
 * Applies a batch of bus deliveries in one transaction, each event exactly once: an
 * event takes effect only when its stream version is above the stored one, and the
 * stream versions and offsets move in the same transaction as the read-model writes.
 * One transaction per batch instead of per event is what lets a bus-fed projection keep
 * up with the relay (a commit per event caps it at a few hundred events/s here).
 */
export async function applyDeliveredBatch(db: Database, definition: ProjectionDefinition, batch: readonly DeliveredEvent[]): Promise<DeliveredBatchOutcome> {
  if (batch.length === 0) return { applied: 0, duplicates: 0, streams: new Map() };
  return db.transaction(async (tx) => {
    // Shared: consumers run side by side; a rebuild's swap (exclusive) waits for them.
    await tx.query('select 1 from projection_checkpoints where projection = $1 for share', [definition.name]);
    const stored = await lockStreamVersions(tx, definition.name, [...new Set(batch.map(({ event }) => event.streamId))].sort());
    const raised = new Map<string, number>();
    const fresh = batch
      .map(({ event }) => event)
      .filter((event) => {
        const version = raised.get(event.streamId) ?? stored.get(event.streamId) ?? -1;
        if (event.streamVersion <= version) return false;
        raised.set(event.streamId, event.streamVersion);
        return true;
      });
    await applyEvents(tx, { definition, tables: liveTables(definition) }, fresh);
    await raiseStreamVersions(tx, definition.name, raised);
    await storeOffsets(tx, definition.name, batch);
    return { applied: fresh.length, duplicates: batch.length - fresh.length, streams: raised };
  });
}
