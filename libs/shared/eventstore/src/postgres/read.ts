import { StreamDeletedError, type LogPosition, type RecordedEvent } from '@weft/kernel';
import { type Queryable } from '@weft/postgres';
import { type ReadAllOptions, type ReadStreamOptions } from '../event-store.js';
import { EVENT_COLUMNS, type EventRow, toRecordedEvent } from './rows.js';

/**
 * Only transactions below the oldest one still in flight are final: every event with a
 * smaller transaction id has committed (or rolled back) and no new one can appear below
 * it. Reading only there, in (transaction id, position) order, never skips a late commit.
 */
const VISIBLE = 'transaction_id < (select pg_snapshot_xmin(pg_current_snapshot()))';

/** The most events one `readAll` returns: a bound on memory per call. */
export const MAX_READ_BATCH = 10_000;

export async function readStreamEvents(db: Queryable, streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
  const limit = Math.min(options.maxCount ?? Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  const backward = options.direction === 'backward';
  const from = options.fromVersion ?? (backward ? Number.MAX_SAFE_INTEGER : 0);
  const { rows } = await db.query<EventRow & { tombstoned: boolean | null }>(
    `select s.tombstoned, e.* from (select tombstoned from streams where stream_id = $1) s
     full join (select ${EVENT_COLUMNS} from events
       where stream_id = $1 and stream_version ${backward ? '<=' : '>='} $2
       order by events.stream_version ${backward ? 'desc' : 'asc'} limit $3) e on true`,
    [streamId, from, limit],
  );
  if (rows.some((row) => row.tombstoned === true)) throw new StreamDeletedError(streamId);
  return rows.filter((row) => row.event_id !== null).map(toRecordedEvent);
}

export async function readAllEvents(db: Queryable, options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
  const values: unknown[] = [];
  const where = [VISIBLE];
  if (options.after) {
    values.push(options.after.transactionId, options.after.position);
    where.push(`(transaction_id, global_position) > ($${values.length - 1}::xid8, $${values.length}::bigint)`);
  }
  if (options.filter?.typePrefix) {
    values.push(options.filter.typePrefix);
    where.push(`starts_with(type, $${values.length})`);
  }
  if (options.filter?.organizationId) {
    values.push(options.filter.organizationId);
    where.push(`metadata->>'organizationId' = $${values.length}`);
  }
  values.push(Math.min(options.maxCount ?? 1000, MAX_READ_BATCH));
  const { rows } = await db.query<EventRow>(
    `select ${EVENT_COLUMNS} from events where ${where.join(' and ')} order by events.transaction_id, events.global_position limit $${values.length}`,
    values,
  );
  return rows.map(toRecordedEvent);
}

export async function readHeadPosition(db: Queryable): Promise<LogPosition | undefined> {
  const { rows } = await db.query<{ transaction_id: string; global_position: string }>(
    `select transaction_id::text, global_position::text from events where ${VISIBLE} order by events.transaction_id desc, events.global_position desc limit 1`,
  );
  const row = rows[0];
  return row ? { transactionId: row.transaction_id, position: row.global_position } : undefined;
}
