import { type Queryable, tenantIsolationDdl } from '@weft/postgres';
import { ensureExecutionPartitions, monthStart, partitionsOf, pruneRowsBefore, type PruneOptions } from './executions-partitions.js';
import { EXECUTION_COLUMNS, executionChecks, executionReadIndexes } from './executions-tables.js';

// `executions_archive`: the runs retention took out of `executions`, same columns,
// RANGE-partitioned by month of created_at, readable through the API (`?archived=true`)
// until the archive's own retention drops its months.
//
// Not a projection table: a rebuild of the executions read model must not empty it. A
// rebuild does bring old runs back into `executions` from their events; the next
// retention pass moves them again, and the archive's primary key keeps each run once.
// The archive is created by a migration of the execution service (the process that
// archives and serves it) and gains any column `executions` gained (syncArchiveColumns).

export const EXECUTIONS_ARCHIVE = 'executions_archive';

/** The archive's DDL: columns and checks as `executions`, its primary key, the list's and the lookup's indexes, row-level security. */
export function executionsArchiveDdl(): string[] {
  const t = EXECUTIONS_ARCHIVE;
  return [
    `create table if not exists ${t} (
${EXECUTION_COLUMNS}
       constraint ${t}_pkey primary key (created_at, execution_id),
       ${executionChecks(t)}
     ) partition by range (created_at)`,
    `create table if not exists ${t}_default partition of ${t} default`,
    ...executionReadIndexes(t, 'if not exists '),
    ...tenantIsolationDdl(t),
  ];
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Adds to the archive every column `executions` has and it lacks (a later release's
 * upgrade added it to the hot table in place), and returns the hot table's columns: the
 * list a move copies. Column names come from the catalog and must be plain identifiers.
 */
export async function syncArchiveColumns(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ name: string; type: string; archived: boolean }>(
    `select a.attname as name, format_type(a.atttypid, a.atttypmod) as type,
            exists (select 1 from pg_attribute b
                     where b.attrelid = to_regclass('${EXECUTIONS_ARCHIVE}') and b.attname = a.attname and b.attnum > 0 and not b.attisdropped) as archived
       from pg_attribute a
      where a.attrelid = to_regclass('executions') and a.attnum > 0 and not a.attisdropped
      order by a.attnum`,
  );
  for (const column of rows) {
    if (!IDENTIFIER.test(column.name)) throw new Error(`Column "${column.name}" of executions must be a lower-case SQL identifier`);
    if (!column.archived) await db.query(`alter table ${EXECUTIONS_ARCHIVE} add column if not exists ${column.name} ${column.type}`);
  }
  return rows.map((column) => column.name);
}

/**
 * Creates the archive's monthly partitions for every month of the hot rows created before
 * `cutoff` (from the oldest such row, one index probe), so moved rows land in their month
 * and never in the default partition. Returns the partitions it created.
 */
export async function ensureArchivePartitions(db: Queryable, cutoff: Date): Promise<string[]> {
  const { rows } = await db.query<{ oldest: Date | null }>('select min(created_at) as oldest from executions where created_at < $1', [cutoff]);
  const oldest = rows[0]?.oldest;
  if (oldest === null || oldest === undefined) return [];
  const first = monthStart(oldest);
  const last = monthStart(new Date(cutoff.getTime() - 1));
  const months = (last.getUTCFullYear() - first.getUTCFullYear()) * 12 + last.getUTCMonth() - first.getUTCMonth() + 1;
  return ensureExecutionPartitions(db, EXECUTIONS_ARCHIVE, first, months);
}

/**
 * Moves the runs created before `cutoff` (of one organization, of all but some, or of
 * all) from `executions` into the archive, `batchSize` per statement; returns how many
 * moved. Each batch is one statement: its delete and its insert commit together, so a
 * process killed at any point leaves every run in exactly one of the two tables, and a
 * run already archived (a rebuild brought it back) is not copied twice.
 */
export function archiveExecutionsBefore(db: Queryable, cutoff: Date, columns: readonly string[], options: PruneOptions = {}): Promise<number> {
  return pruneRowsBefore(db, cutoff, { ...options, table: 'executions', key: 'execution_id', archive: { table: EXECUTIONS_ARCHIVE, columns } });
}

/**
 * Drops the monthly partitions of `parent` wholly before `cutoff` that hold no row (the
 * hot table's, once their runs moved to the archive); a partition a late write reached
 * stays for the next pass. Returns the dropped partitions' names.
 */
export async function dropEmptyPartitionsBefore(db: Queryable, parent: string, cutoff: Date): Promise<string[]> {
  const dropped: string[] = [];
  for (const partition of await partitionsOf(db, parent)) {
    if (partition.isDefault || partition.to === null || partition.to > cutoff) continue;
    const { rows } = await db.query(`select 1 from ${partition.name} limit 1`);
    if (rows.length > 0) continue;
    await db.query(`drop table ${partition.name}`);
    dropped.push(partition.name);
  }
  return dropped;
}
