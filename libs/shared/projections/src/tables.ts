import { type Database, type Queryable } from '@weft/postgres';
import { OLD_SUFFIX, type ProjectionDefinition, REBUILD_SUFFIX, type TableNames } from './projection.js';

/** Quotes an identifier read from the catalog (our own names are validated, a user's DDL may name anything). */
export const quoteIdentifier = (name: string): string => `"${name.replaceAll('"', '""')}"`;

async function exists(db: Queryable, table: string): Promise<boolean> {
  const { rows } = await db.query<{ found: boolean }>('select to_regclass($1) is not null as found', [table]);
  return rows[0]?.found === true;
}

/**
 * Creates the tables of `definition` under their physical names where they do not
 * exist yet, in one transaction under an advisory lock, so replicas starting together
 * do not race. An existing table only gets its `upgrade` statements (additive changes);
 * any other change to a definition needs a rebuild.
 */
export async function createMissingTables(db: Database, definition: ProjectionDefinition, names: TableNames): Promise<string[]> {
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock(hashtext($1))', [`weft_projection:${definition.name}`]);
    const created: string[] = [];
    for (const table of definition.tables) {
      const physical = names.get(table.name) ?? table.name;
      if (await exists(tx, physical)) {
        for (const statement of table.upgrade?.(physical) ?? []) await tx.query(statement);
        continue;
      }
      for (const statement of table.create(physical)) await tx.query(statement);
      if (!(await exists(tx, physical))) throw new Error(`The DDL of ${definition.name}.${table.name} did not create table ${physical}`);
      created.push(physical);
    }
    return created;
  });
}

export async function dropTables(db: Queryable, names: TableNames): Promise<void> {
  for (const physical of names.values()) await db.query(`drop table if exists ${physical}`);
}

/**
 * Inside the swap transaction: the shadow tables take the live names, the old live
 * tables are dropped, and the constraints, indexes and partitions named after the
 * shadow table are renamed after the live one, so the next rebuild can create its
 * shadow again and the live table's objects are called what its DDL calls them.
 */
export async function swapTables(tx: Queryable, definition: ProjectionDefinition): Promise<void> {
  for (const { name } of definition.tables) {
    const shadow = `${name}${REBUILD_SUFFIX}`;
    const hadLive = await exists(tx, name);
    if (hadLive) await tx.query(`alter table ${name} rename to ${name}${OLD_SUFFIX}`);
    await tx.query(`alter table ${shadow} rename to ${name}`);
    if (hadLive) await tx.query(`drop table ${name}${OLD_SUFFIX}`);
    await renameDerivedObjects(tx, name, shadow);
  }
}

async function renameDerivedObjects(tx: Queryable, table: string, shadow: string): Promise<void> {
  const renamed = (old: string) => quoteIdentifier(`${table}${old.slice(shadow.length)}`);
  const constraints = await tx.query<{ name: string }>('select conname as name from pg_constraint where conrelid = $1::regclass and starts_with(conname, $2)', [
    table,
    shadow,
  ]);
  // Renaming a constraint renames the index behind it too.
  for (const { name } of constraints.rows) await tx.query(`alter table ${table} rename constraint ${quoteIdentifier(name)} to ${renamed(name)}`);
  const indexes = await tx.query<{ name: string }>(
    `select c.relname as name from pg_index i join pg_class c on c.oid = i.indexrelid
     where i.indrelid = $1::regclass and starts_with(c.relname, $2)`,
    [table, shadow],
  );
  for (const { name } of indexes.rows) await tx.query(`alter index ${quoteIdentifier(name)} rename to ${renamed(name)}`);
  // A partitioned table's partitions (the old live table's went with it, so their names are free).
  const partitions = await tx.query<{ name: string }>(
    'select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = $1::regclass and starts_with(c.relname, $2)',
    [table, shadow],
  );
  for (const { name } of partitions.rows) await tx.query(`alter table ${quoteIdentifier(name)} rename to ${renamed(name)}`);
}
