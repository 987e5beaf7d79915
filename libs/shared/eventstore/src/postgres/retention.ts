import { type Database, type Queryable } from '@weft/postgres';
import { type RetentionPolicy } from '../event-store.js';

export async function setRetention(db: Queryable, streamId: string, policy: RetentionPolicy | undefined): Promise<void> {
  const maxAge = policy?.maxAgeMs === undefined ? null : `${policy.maxAgeMs} milliseconds`;
  await db.query(
    `insert into streams (stream_id, retention_max_age, retention_max_count) values ($1, $2::interval, $3)
     on conflict (stream_id) do update set retention_max_age = excluded.retention_max_age, retention_max_count = excluded.retention_max_count`,
    [streamId, maxAge, policy?.maxCount ?? null],
  );
}

export async function tombstone(db: Queryable, streamId: string): Promise<void> {
  await db.query(`insert into streams (stream_id, tombstoned) values ($1, true) on conflict (stream_id) do update set tombstoned = true`, [streamId]);
}

/**
 * Removes the events of tombstoned streams, and of each stream with a policy the oldest
 * events beyond it. Only a prefix of a stream is ever removed, and the hash of the last
 * removed event becomes the stream's anchor, so the rest of the chain stays verifiable.
 */
export async function applyRetentionPolicies(db: Database): Promise<number> {
  return db.transaction(async (tx) => {
    const purged = await tx.query(`delete from events e using streams s where s.stream_id = e.stream_id and s.tombstoned`);
    const trimmed = await tx.query<{ removed: string }>(`
      with cut as (
        select s.stream_id, greatest(
          case when s.retention_max_count is null then -1 else s.version - s.retention_max_count end,
          coalesce((select max(x.stream_version) from events x
                    where x.stream_id = s.stream_id and x.occurred_at < now() - s.retention_max_age), -1)
        ) as up_to
        from streams s
        where not s.tombstoned and (s.retention_max_age is not null or s.retention_max_count is not null)
      ), removed as (
        delete from events e using cut c
        where e.stream_id = c.stream_id and e.stream_version <= c.up_to
        returning e.stream_id, e.stream_version, e.hash
      ), anchors as (
        select distinct on (stream_id) stream_id, hash from removed order by stream_id, stream_version desc
      ), anchored as (
        update streams s set anchor_hash = a.hash from anchors a where s.stream_id = a.stream_id
      )
      select count(*)::text as removed from removed`);
    return (purged.rowCount ?? 0) + Number(trimmed.rows[0]?.removed ?? 0);
  });
}
