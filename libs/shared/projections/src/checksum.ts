import { type Queryable } from '@weft/postgres';

export interface ChecksumOptions {
  /** Columns that order the rows, e.g. the primary key; the digest depends on the order. */
  readonly orderBy: readonly string[];
  /** Columns left out, e.g. timestamps of when a row was written rather than of the event. */
  readonly exclude?: readonly string[];
}

export interface TableChecksum {
  readonly digest: string;
  readonly rows: number;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

function identifier(what: string, name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`${what} "${name}" is not a plain SQL identifier`);
  return name;
}

/**
 * A deterministic digest of a table's rows: md5 over each row as jsonb text (jsonb
 * orders keys itself, so two tables with the same rows match whatever their column
 * order), in `orderBy` order. Compares a rebuilt table with a live one.
 */
export async function tableChecksum(db: Queryable, table: string, options: ChecksumOptions): Promise<TableChecksum> {
  if (options.orderBy.length === 0) throw new Error('tableChecksum needs at least one orderBy column');
  const order = options.orderBy.map((c) => `t.${identifier('Column', c)}`).join(', ');
  const { rows } = await db.query<{ digest: string; rows: string }>(
    `select md5(coalesce(string_agg((to_jsonb(t) - $1::text[])::text, E'\\n' order by ${order}), '')) as digest, count(*)::text as rows
     from ${identifier('Table', table)} t`,
    [options.exclude ?? []],
  );
  const row = rows[0];
  return { digest: row?.digest ?? '', rows: Number(row?.rows ?? 0) };
}
