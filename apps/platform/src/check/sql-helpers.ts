import { type Queryable } from '@weft/postgres';

/**
 * The planner's row estimate for `sql`, a query of `table` (from the statistics
 * autovacuum keeps): no row is read. `null` while `table` has never been analyzed (the
 * planner would guess from its size alone). Only for statements built from constants of ours.
 */
export async function estimateRows(db: Queryable, table: string, sql: string): Promise<number | null> {
  if ((await analyzedRows(db, table)) === null) return null;
  const { rows } = await db.query<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>(`explain (format json) ${sql}`);
  return Math.round(rows[0]?.['QUERY PLAN'][0].Plan['Plan Rows'] ?? 0);
}

/** The rows of `table` (its partitions summed) as of its last analyze; `null` if never analyzed. */
export async function analyzedRows(db: Queryable, table: string): Promise<number | null> {
  const { rows } = await db.query<{ rows: number | null }>(
    `select case when bool_and(c.reltuples < 0) then null else sum(greatest(c.reltuples, 0)) end::float8 as rows
       from (select $1::regclass as relid union select relid from pg_partition_tree($1::regclass) where isleaf) t
       join pg_class c on c.oid = t.relid where c.relkind <> 'p'`,
    [table],
  );
  const found = rows[0]?.rows;
  return found === null || found === undefined ? null : Math.round(found);
}

/** The smallest string above every string starting with `prefix` in byte order: `prefix` with its last character raised by one. */
export function prefixUpperBound(prefix: string): string {
  if (prefix === '') throw new Error('An empty prefix has no upper bound');
  return `${prefix.slice(0, -1)}${String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1)}`;
}

export interface StreamIdCollation {
  readonly collation: string;
  readonly provider: string;
  /** The index on stream ids orders them byte by byte: a prefix is one index range. */
  readonly bytewise: boolean;
}

/**
 * How `events.stream_id` sorts. A prefix (`workflows.Workflow-`) is one range of the
 * stream-id index only in a byte-order collation (C, POSIX, C.UTF-8, the builtin
 * provider); a language collation (en_US.UTF-8, ICU) interleaves other ids with it.
 * `datlocprovider` is read through to_jsonb: PostgreSQL before 15 has no such column (libc).
 */
export async function streamIdCollation(db: Queryable): Promise<StreamIdCollation> {
  const { rows } = await db.query<{ collation: string; provider: string }>(
    `select coalesce(nullif(co.collname, 'default'), d.datcollate) as collation,
            case when co.collname = 'default' then coalesce(to_jsonb(d) ->> 'datlocprovider', 'c') else co.collprovider::text end as provider
       from pg_attribute a join pg_collation co on co.oid = a.attcollation cross join pg_database d
      where a.attrelid = 'events'::regclass and a.attname = 'stream_id' and d.datname = current_database()`,
  );
  const { collation, provider } = rows[0] ?? { collation: 'unknown', provider: 'unknown' };
  const bytewise = provider === 'b' || collation === 'ucs_basic' || (provider === 'c' && /^(C|POSIX|C\.UTF-?8)$/i.test(collation));
  return { collation, provider, bytewise };
}
