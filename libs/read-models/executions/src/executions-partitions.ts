import { type Queryable } from '@weft/postgres';
import { REBUILD_SUFFIX } from '@weft/projections';
import { isUuid } from '@weft/kernel';

// Partition upkeep of `executions` (RANGE by month of created_at) and retention of both
// tables. Partitions are always found through pg_inherits and their bounds
// (pg_get_expr(relpartbound)), never by name: a rebuild's swap renames the partitions
// with the parent, but tables swapped by an earlier release may still own partitions
// called `executions__rebuild_y2026m12` until `normalizePartitionNamesSql` (run by the
// next rebuild's DDL and by `ensureExecutionPartitions`) gives them the parent's name.
//
// Platform reads and writes: partitions and retention span every organization (one
// organization's prune is the platform's too, on its retention), so these take a plain
// connection, never a tenant transaction (the API's reads: executions-queries.ts).

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

function assertIdentifier(name: string): void {
  if (!IDENTIFIER.test(name)) throw new Error(`Table name "${name}" must be a lower-case SQL identifier`);
}

/** The first instant of the month of `at` (UTC). */
export function monthStart(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
}

const addMonths = (month: Date, n: number) => new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + n, 1));
const literal = (at: Date) => `'${at.toISOString()}'`;

/** `${parent}_yYYYYmMM`: the name a monthly partition is created with. */
export function monthlyPartitionName(parent: string, month: Date): string {
  return `${parent}_y${month.getUTCFullYear()}m${String(month.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The DDL of one monthly partition (used by the table's `create` and by `ensureExecutionPartitions`). */
export function monthlyPartitionDdl(parent: string, month: Date): string {
  assertIdentifier(parent);
  const from = monthStart(month);
  return `create table if not exists ${monthlyPartitionName(parent, from)} partition of ${parent} for values from (${literal(from)}) to (${literal(addMonths(from, 1))})`;
}

/**
 * Renames the partitions of `parent` that still carry the shadow's name (`<parent>__rebuild_...`,
 * left so by a rebuild's swap) to `<parent>_...`. A no-op when there are none, when
 * `parent` does not exist, or when the new name is taken.
 */
export function normalizePartitionNamesSql(parent: string): string {
  assertIdentifier(parent);
  const stale = `${parent}${REBUILD_SUFFIX}_`;
  return `do $$
declare r record;
begin
  for r in select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
            where i.inhparent = to_regclass('${parent}') and starts_with(c.relname, '${stale}')
  loop
    if to_regclass('${parent}_' || substr(r.relname, ${stale.length + 1})) is null then
      execute format('alter table %I rename to %I', r.relname, '${parent}_' || substr(r.relname, ${stale.length + 1}));
    end if;
  end loop;
end $$`;
}

export interface PartitionInfo {
  readonly name: string;
  readonly isDefault: boolean;
  /** Range bounds; `null` for the default partition (and for hash partitions). */
  readonly from: Date | null;
  readonly to: Date | null;
}

/** The partitions of `parent` with their bounds, from pg_inherits (names may be anything). */
export async function partitionsOf(db: Queryable, parent: string): Promise<PartitionInfo[]> {
  assertIdentifier(parent);
  // pg_get_expr prints the bounds in the session's time zone with its offset; casting
  // them back in the same statement reads them correctly whatever that zone is.
  const { rows } = await db.query<{ name: string; bound: string; from: Date | null; to: Date | null }>(
    `select c.relname as name, b.bound,
            (regexp_match(b.bound, 'FROM \\(''([^'']+)''\\) TO'))[1]::timestamptz as "from",
            (regexp_match(b.bound, 'TO \\(''([^'']+)''\\)'))[1]::timestamptz as "to"
       from pg_inherits i join pg_class c on c.oid = i.inhrelid
       cross join lateral (select pg_get_expr(c.relpartbound, c.oid) as bound) b
      where i.inhparent = to_regclass($1)
      order by 3 nulls first, 1`,
    [parent],
  );
  return rows.map((row) => ({ name: row.name, isDefault: row.bound === 'DEFAULT', from: row.from, to: row.to }));
}

/**
 * Creates the monthly partitions of `tableName` for `months` months from the month of
 * `from` (UTC) where no partition covers them yet; idempotent, and safe to run from
 * several processes at once (a transaction-scoped advisory lock per table; run it in a
 * transaction, or each statement is its own). Returns the partitions it created.
 *
 * Creating a range partition fails when the DEFAULT partition already holds rows of
 * that range. Partitions are created ahead (start-up and the retention job: current
 * month + 2) so that does not happen; when it did anyway (the table was written
 * without them), the default partition is detached, the new partition created, its
 * rows moved over and the default attached again, all in the caller's transaction.
 */
export async function ensureExecutionPartitions(db: Queryable, tableName: string, from: Date, months: number): Promise<string[]> {
  assertIdentifier(tableName);
  await db.query('select pg_advisory_xact_lock(hashtext($1))', [`weft_partitions:${tableName}`]);
  if (!tableName.endsWith(REBUILD_SUFFIX)) await db.query(normalizePartitionNamesSql(tableName));
  const partitions = await partitionsOf(db, tableName);
  const covered = (month: Date) => partitions.some((p) => p.from !== null && p.to !== null && p.from <= month && p.to > month);
  const fallback = partitions.find((p) => p.isDefault);
  const created: string[] = [];
  for (let i = 0; i < months; i++) {
    const month = addMonths(monthStart(from), i);
    if (covered(month)) continue;
    const next = addMonths(month, 1);
    const stranded = fallback
      ? (await db.query(`select 1 from ${fallback.name} where created_at >= $1 and created_at < $2 limit 1`, [month, next])).rows.length > 0
      : false;
    if (fallback && stranded) {
      await db.query(`alter table ${tableName} detach partition ${fallback.name}`);
      await db.query(monthlyPartitionDdl(tableName, month));
      await db.query(`insert into ${tableName} select * from ${fallback.name} where created_at >= $1 and created_at < $2`, [month, next]);
      await db.query(`delete from ${fallback.name} where created_at >= $1 and created_at < $2`, [month, next]);
      await db.query(`alter table ${tableName} attach partition ${fallback.name} default`);
    } else {
      await db.query(monthlyPartitionDdl(tableName, month));
    }
    created.push(monthlyPartitionName(tableName, month));
  }
  return created;
}

/** The months of `dates` that no monthly partition of `tableName` covers (one catalog query). */
export async function uncoveredMonths(db: Queryable, tableName: string, dates: readonly Date[]): Promise<Date[]> {
  const months = [...new Set(dates.map((d) => monthStart(d).getTime()))].map((t) => new Date(t));
  if (months.length === 0) return [];
  const partitions = await partitionsOf(db, tableName);
  return months.filter((month) => !partitions.some((p) => p.from !== null && p.to !== null && p.from <= month && p.to > month));
}

/**
 * Retention of `executions`: drops the monthly partitions whose whole range is before
 * `cutoff` (their upper bound is at or before it) and returns their names. The default
 * partition and a partly newer month are kept. Dropping a partition is instant and
 * leaves no dead rows, which is why executions are kept by month.
 */
export async function dropExecutionPartitionsBefore(db: Queryable, parent: string, cutoff: Date): Promise<string[]> {
  const old = (await partitionsOf(db, parent)).filter((p) => !p.isDefault && p.to !== null && p.to <= cutoff);
  for (const partition of old) await db.query(`drop table ${partition.name}`);
  return old.map((p) => p.name);
}

export interface PruneOptions {
  /** The table; default `executions` / `execution_logs`. */
  readonly table?: string;
  /** Rows per delete statement; default 10,000. */
  readonly batchSize?: number;
  /** Only this organization's rows (found by the organization's index). */
  readonly organizationId?: string;
  /** Every organization's rows but these (the organizations with a retention of their own). */
  readonly exceptOrganizations?: readonly string[];
}

/** The organization filter of a prune, its values numbered from `$first`. */
function organizationFilter(options: PruneOptions, first: number): { sql: string; values: unknown[] } {
  if (options.organizationId !== undefined && options.exceptOrganizations !== undefined) throw new Error('Prune one organization or all but some, not both');
  if (options.organizationId !== undefined) {
    if (!isUuid(options.organizationId)) throw new Error(`Organization id must be a uuid, got ${JSON.stringify(options.organizationId)}`);
    return { sql: ` and organization_id = $${first}`, values: [options.organizationId] };
  }
  if (options.exceptOrganizations !== undefined && options.exceptOrganizations.length > 0)
    return { sql: ` and organization_id <> all($${first}::uuid[])`, values: [options.exceptOrganizations] };
  return { sql: '', values: [] };
}

/**
 * Retention of `executions` by rows, for the organizations that keep less than the
 * partitions do (`dropExecutionPartitionsBefore` runs at the longest retention any
 * organization has): deletes their rows created before `cutoff`, `batchSize` per
 * statement, until none is left; returns how many went. One organization's rows are
 * found by its (organization_id, created_at) index; "all but some" walks the primary
 * key (created_at, execution_id) from the oldest row on, keyset by keyset, so the rows
 * it keeps (the excepted organizations') are read once, not once per batch. Only the
 * partitions before `cutoff` are read either way.
 */
export async function pruneExecutionsBefore(db: Queryable, cutoff: Date, options: PruneOptions = {}): Promise<number> {
  return pruneRowsBefore(db, cutoff, { ...options, table: options.table ?? 'executions', key: 'execution_id' });
}

/** Where a prune copies the rows it deletes, in the same statement (executions-archive.ts). */
export interface ArchiveTarget {
  readonly table: string;
  /** The columns copied (the source's; the target has them all). */
  readonly columns: readonly string[];
}

/**
 * The data-modifying tail of a prune batch: the rows of `gone` (deleted) are counted,
 * and with an archive also inserted there; the insert commits or fails with the delete.
 */
function archiveStep(archive: ArchiveTarget | undefined): { returning: string; insert: string } {
  if (archive === undefined) return { returning: '1', insert: '' };
  assertIdentifier(archive.table);
  archive.columns.forEach(assertIdentifier);
  const columns = archive.columns.join(', ');
  return { returning: 'e.*', insert: `, kept as (insert into ${archive.table} (${columns}) select ${columns} from gone on conflict do nothing)` };
}

/**
 * The same batched prune for any table with `created_at`, `organization_id` and a row
 * key `key` (`execution_payloads` by `id`): one organization by its index, or all but
 * some walking (created_at, key) keyset by keyset. With `archive`, each batch's rows
 * are copied there by the statement that deletes them.
 */
export async function pruneRowsBefore(
  db: Queryable,
  cutoff: Date,
  options: PruneOptions & { readonly table: string; readonly key: string; readonly archive?: ArchiveTarget },
): Promise<number> {
  const { table, key } = options;
  assertIdentifier(table);
  assertIdentifier(key);
  const batchSize = options.batchSize ?? 10_000;
  const step = archiveStep(options.archive);
  let deleted = 0;
  if (options.organizationId !== undefined) {
    const filter = organizationFilter(options, 3);
    for (;;) {
      const { rows } = await db.query<{ deleted: number }>(
        `with d as (select created_at, ${key} from ${table} where created_at < $1${filter.sql} limit $2),
         gone as (delete from ${table} e using d where e.created_at = d.created_at and e.${key} = d.${key} and e.organization_id = $3 returning ${step.returning})${step.insert}
         select count(*)::int as deleted from gone`,
        [cutoff, batchSize, ...filter.values],
      );
      const count = rows[0]?.deleted ?? 0;
      deleted += count;
      if (count < batchSize) return deleted;
    }
  }
  const filter = organizationFilter(options, 5);
  let after: { at: Date | string; id: string } = { at: '-infinity', id: '00000000-0000-0000-0000-000000000000' };
  for (;;) {
    const { rows } = await db.query<{ scanned: number; deleted: number; last_at: Date | null; last_id: string | null }>(
      `with d as (
         select created_at, ${key} from ${table}
          where created_at < $1 and (created_at, ${key}) > ($2::timestamptz, $3::uuid)${filter.sql}
          order by created_at, ${key} limit $4),
       gone as (delete from ${table} e using d where e.created_at = d.created_at and e.${key} = d.${key} returning ${step.returning})${step.insert},
       last as (select created_at, ${key} from d order by created_at desc, ${key} desc limit 1)
       select (select count(*) from d)::int as scanned, (select count(*) from gone)::int as deleted,
              (select created_at from last) as last_at, (select ${key} from last) as last_id`,
      [cutoff, after.at, after.id, batchSize, ...filter.values],
    );
    const row = rows[0];
    deleted += row?.deleted ?? 0;
    if (row === undefined || row.scanned < batchSize || row.last_at === null || row.last_id === null) return deleted;
    after = { at: row.last_at, id: row.last_id };
  }
}

/**
 * Retention of `execution_logs`: deletes the rows created before `cutoff` (of one
 * organization, or of all but some, or of all), `batchSize` rows per statement (short
 * locks, bounded WAL per statement), until none is left; returns how many went. The
 * table is HASH-partitioned by execution_id, so every partition holds every age and none
 * can be dropped whole: logs go by rows (found by the BRIN index on created_at, with the
 * organization as a filter), executions by partitions.
 */
export async function pruneExecutionLogsBefore(db: Queryable, cutoff: Date, options: PruneOptions = {}): Promise<number> {
  const table = options.table ?? 'execution_logs';
  assertIdentifier(table);
  const batchSize = options.batchSize ?? 10_000;
  const filter = organizationFilter(options, 3);
  let deleted = 0;
  for (;;) {
    const { rowCount } = await db.query(
      `delete from ${table} l using (select execution_id, seq, line from ${table} where created_at < $1${filter.sql} limit $2) d
        where l.execution_id = d.execution_id and l.seq = d.seq and l.line = d.line`,
      [cutoff, batchSize, ...filter.values],
    );
    deleted += rowCount ?? 0;
    if ((rowCount ?? 0) < batchSize) return deleted;
  }
}
