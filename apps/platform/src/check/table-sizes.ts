import { type Check, type CheckOutcome, plural } from './check.js';
import { formatBytes } from './check-report.js';

// Check 4 (information): the biggest tables and indexes, from the catalog only (no table
// is read). A partitioned table or index is one line: its partitions (pg_partition_tree)
// are summed into it. Row counts are the planner's (reltuples, kept by autovacuum).

const TABLES_SQL = `select c.relname as name, case when c.relkind = 'p' then 'partitioned' else 'table' end as kind,
       (count(*) - 1)::int as partitions,
       sum(pg_total_relation_size(m.relid))::float8 as total_bytes,
       sum(pg_table_size(m.relid))::float8 as table_bytes,
       sum(pg_indexes_size(m.relid))::float8 as index_bytes,
       case when bool_and(p.reltuples < 0) filter (where p.relkind <> 'p') then null
            else sum(greatest(p.reltuples, 0)) filter (where p.relkind <> 'p')::float8 end as rows_estimate
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  cross join lateral (select c.oid as relid union select t.relid from pg_partition_tree(c.oid) t) m
  join pg_class p on p.oid = m.relid
 where n.nspname = current_schema() and c.relkind in ('r', 'p') and not c.relispartition
 group by c.oid, c.relname, c.relkind
 order by total_bytes desc, name
 limit $1`;

const INDEXES_SQL = `select i.relname as name, t.relname as table_name, (count(*) - 1)::int as partitions,
       sum(pg_relation_size(m.relid))::float8 as bytes, sum(coalesce(s.idx_scan, 0))::float8 as scans
  from pg_class i join pg_namespace n on n.oid = i.relnamespace
  join pg_index x on x.indexrelid = i.oid join pg_class t on t.oid = x.indrelid
  cross join lateral (select i.oid as relid union select p.relid from pg_partition_tree(i.oid) p) m
  left join pg_stat_user_indexes s on s.indexrelid = m.relid
 where n.nspname = current_schema() and i.relkind in ('i', 'I') and not i.relispartition
 group by i.oid, i.relname, t.relname
 order by bytes desc, name
 limit $1`;

interface TableSize {
  readonly name: string;
  readonly kind: string;
  readonly partitions: number;
  readonly total_bytes: number;
  readonly table_bytes: number;
  readonly index_bytes: number;
  readonly rows_estimate: number | null;
}

interface IndexSize {
  readonly name: string;
  readonly table_name: string;
  readonly partitions: number;
  readonly bytes: number;
  readonly scans: number;
}

const INDEX_LINES = 10;

/** Check 4: table and index sizes, biggest first, partitions rolled up into their parent. */
export const tableSizesCheck: Check = {
  id: 'table-sizes',
  title: 'Table and index sizes',
  kind: 'information',
  async run({ db, limit }): Promise<CheckOutcome> {
    const database = (await db.query<{ bytes: number }>('select pg_database_size(current_database())::float8 as bytes')).rows[0]!.bytes;
    const tables = (await db.query<TableSize>(TABLES_SQL, [limit])).rows;
    const indexes = (await db.query<IndexSize>(INDEXES_SQL, [limit])).rows;
    const rows = tables.map((t) => [
      t.name,
      t.partitions > 0 ? `${t.kind} (${t.partitions})` : t.kind,
      formatBytes(t.total_bytes),
      formatBytes(t.table_bytes),
      formatBytes(t.index_bytes),
      t.rows_estimate === null ? 'never analyzed' : `≈${Math.round(t.rows_estimate)}`,
    ]);
    const indexRows = indexes
      .slice(0, INDEX_LINES)
      .map((i) => [
        `index ${i.name}`,
        i.partitions > 0 ? `on ${i.table_name} (${i.partitions})` : `on ${i.table_name}`,
        formatBytes(i.bytes),
        null,
        null,
        `${i.scans} scans`,
      ]);
    return {
      summary: `database ${formatBytes(database)}; the ${plural(tables.length, 'biggest table')} and ${plural(indexRows.length, 'index', 'indexes')}, biggest first`,
      problems: [],
      table: { columns: ['table', 'kind (partitions)', 'total', 'table+toast', 'indexes', 'rows'], rows: [...rows, ...indexRows] },
      notes: [
        'partitions are summed into their parent; sizes and row estimates (≈) come from the catalog and the planner statistics, no table is read',
        'index scans are counted since the statistics were last reset (pg_stat_user_indexes); an index with none may be unused',
      ],
      data: { databaseBytes: database, tables, indexes },
    };
  },
};
