import { type Queryable } from './database.js';

/** A WAL position (`pg_lsn`, `'16/B374D848'`) as a number that compares and never overflows. */
export function parseLsn(text: string): bigint {
  const match = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i.exec(text);
  if (match === null) throw new Error(`Not a WAL position: ${JSON.stringify(text)}`);
  return (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`);
}

// MAXALIGN'd sizes of a WAL page's header: every page has the short one, a segment's first page the long one.
const SHORT_PAGE_HEADER = 24n;
const LONG_PAGE_HEADER = 40n;

/**
 * The end of the last WAL record inserted, from `pg_current_wal_insert_lsn()`, which is
 * where the next record would start: past the page header when the last record filled
 * its page (or a segment switch ended the segment). A replica's replay position is the
 * end of the last record replayed, so it never reaches that header on an idle primary.
 * Nothing else can leave a position just past a header: data continued onto a page
 * follows the header.
 */
export function lastRecordEnd(insertPosition: bigint, blockSize: bigint, segmentSize: bigint): bigint {
  if (insertPosition % segmentSize === LONG_PAGE_HEADER) return insertPosition - LONG_PAGE_HEADER;
  if (insertPosition % blockSize === SHORT_PAGE_HEADER) return insertPosition - SHORT_PAGE_HEADER;
  return insertPosition;
}

/**
 * Where the primary's WAL ends now: a replica that has replayed up to here shows every
 * transaction committed so far. The insert position, not the write or flush one: the
 * projectors commit without waiting for their WAL flush, so a visible commit may lie
 * past what is flushed (the replica gets it with the WAL writer's next flush).
 */
export async function walInsertPosition(primary: Queryable): Promise<bigint> {
  const { rows } = await primary.query<{ lsn: string; block_size: string; segment_size: string }>(
    `select pg_current_wal_insert_lsn()::text as lsn, current_setting('wal_block_size') as block_size,
            (select setting from pg_settings where name = 'wal_segment_size') as segment_size`,
  );
  const row = rows[0]!;
  return lastRecordEnd(parseLsn(row.lsn), BigInt(row.block_size), BigInt(row.segment_size));
}

/** The replica's replay position; `undefined` when the server replays no WAL (a primary, or a promoted replica). */
export async function walReplayPosition(replica: Queryable): Promise<bigint | undefined> {
  const { rows } = await replica.query<{ lsn: string | null }>('select pg_last_wal_replay_lsn()::text as lsn');
  const lsn = rows[0]?.lsn;
  return lsn === null || lsn === undefined ? undefined : parseLsn(lsn);
}
