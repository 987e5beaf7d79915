import { type LogPosition } from '@weft/kernel';
import { type Queryable } from '@weft/postgres';

interface CheckpointRow {
  readonly transaction_id: string | null;
  readonly position: string | null;
}

const toPosition = (row: CheckpointRow | undefined): LogPosition | undefined =>
  row?.transaction_id != null && row.position != null ? { transactionId: row.transaction_id, position: row.position } : undefined;

/** The stored checkpoint of `projection` (a live name or a `__rebuild` one), if any. */
export async function readCheckpoint(db: Queryable, projection: string): Promise<LogPosition | undefined> {
  const { rows } = await db.query<CheckpointRow>(
    'select transaction_id::text as transaction_id, position::text as position from projection_checkpoints where projection = $1',
    [projection],
  );
  return toPosition(rows[0]);
}

/**
 * Locks the checkpoint row for the rest of the transaction (creating it if needed) and
 * returns its value. The lock is what serialises two runners of one projection and
 * what the rebuild's swap takes to stop the live runner; after waiting for it, the
 * value returned is the latest committed one, not the one of an older snapshot.
 */
export async function lockCheckpoint(tx: Queryable, projection: string): Promise<LogPosition | undefined> {
  const { rows } = await tx.query<CheckpointRow>(
    `insert into projection_checkpoints (projection) values ($1)
     on conflict (projection) do update set projection = excluded.projection
     returning transaction_id::text as transaction_id, position::text as position`,
    [projection],
  );
  return toPosition(rows[0]);
}

/** Creates the checkpoint row if it is missing, so bus consumers have a row to share-lock. */
export async function ensureCheckpointRow(db: Queryable, projection: string): Promise<void> {
  await db.query('insert into projection_checkpoints (projection) values ($1) on conflict (projection) do nothing', [projection]);
}

/** Moves the checkpoint and raises the stream versions of a batch, in one statement. */
export async function storeProgress(tx: Queryable, projection: string, position: LogPosition, streams: ReadonlyMap<string, number>): Promise<void> {
  await tx.query(
    `with versions as (
       insert into projection_stream_versions (projection, stream_id, version)
       select $1, u.stream_id, u.version from unnest($2::text[], $3::bigint[]) as u(stream_id, version)
       on conflict (projection, stream_id) do update
         set version = greatest(projection_stream_versions.version, excluded.version)
     )
     update projection_checkpoints set transaction_id = $4, position = $5, updated_at = now() where projection = $1`,
    [projection, [...streams.keys()], [...streams.values()], position.transactionId, position.position],
  );
}

/** The start of a store batch: the locked checkpoint, and the stored versions of `streamIds`. */
export async function beginBatch(
  tx: Queryable,
  projection: string,
  streamIds: readonly string[],
): Promise<{ checkpoint: LogPosition | undefined; versions: Map<string, number> }> {
  const { rows } = await tx.query<{ o_transaction_id: string | null; o_position: string | null; o_versions: Record<string, number> }>(
    'select * from weft_projection_begin_batch($1, $2::text[])',
    [projection, streamIds],
  );
  const row = rows[0];
  return {
    checkpoint: toPosition(row ? { transaction_id: row.o_transaction_id, position: row.o_position } : undefined),
    versions: new Map(Object.entries(row?.o_versions ?? {})),
  };
}
