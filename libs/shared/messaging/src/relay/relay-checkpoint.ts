import { type LogPosition } from '@weft/kernel';
import { type Queryable } from '@weft/postgres';

export async function loadRelayCheckpoint(db: Queryable, name: string): Promise<LogPosition | undefined> {
  const { rows } = await db.query<{ transaction_id: string; position: string }>(
    'select transaction_id::text, position::text from relay_checkpoints where name = $1',
    [name],
  );
  const row = rows[0];
  return row ? { transactionId: row.transaction_id, position: row.position } : undefined;
}

/** Moves the checkpoint forward only: a relay that lost its lease cannot move it back. */
export async function saveRelayCheckpoint(db: Queryable, name: string, at: LogPosition, published: number): Promise<void> {
  await db.query(
    `insert into relay_checkpoints (name, transaction_id, position, published) values ($1, $2, $3, $4)
     on conflict (name) do update set transaction_id = excluded.transaction_id, position = excluded.position,
       published = relay_checkpoints.published + excluded.published, updated_at = now()
     where (relay_checkpoints.transaction_id, relay_checkpoints.position) < (excluded.transaction_id, excluded.position)`,
    [name, at.transactionId, at.position, published],
  );
}
