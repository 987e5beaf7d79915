import { type MikroORM, type Options } from '@mikro-orm/postgresql';
import { type PostgresPool, type PostgresPoolClient } from 'kysely';
import { type Database } from '@weft/postgres';

// MikroORM 7 on Weft's own `pg` pool (docs/read-models-orm.md): entities are declared with
// `defineEntity` (no decorators, no reflect-metadata, no folder discovery), and the ORM
// borrows connections from the Database instead of opening its own, so there is one pool,
// one `max`, and on the embedded PGlite the one connection it serves. MikroORM is loaded
// when the first ORM is made (about 0.25 s and 40 MB a process that never reads through
// it would pay at start).

export type EntitySchemas = NonNullable<Options['entities']>;

/** The ORM on `db`'s pool. Closing it leaves the pool open: the Database owns it. */
export async function createOrm(db: Database, entities: EntitySchemas, options: Partial<Options> = {}): Promise<MikroORM> {
  const shared: PostgresPool = {
    connect: () => db.pool.connect() as Promise<PostgresPoolClient>,
    end: async () => undefined,
    options: db.pool.options,
  };
  const [{ MikroORM: Orm }, { PostgresDialect }] = await Promise.all([import('@mikro-orm/postgresql'), import('kysely')]);
  const orm = await Orm.init({
    entities,
    // Only for schema names and messages: the connections come from driverOptions.
    dbName: new URL(db.options.url).pathname.slice(1) || 'weft',
    driverOptions: new PostgresDialect({ pool: shared }),
    // The database exists (Weft made it). Left on, the ORM's first query checks pg_database on a
    // connection of its own, which on the embedded database's single connection waits forever.
    ensureDatabase: false,
    debug: false,
    ...options,
  });
  await orm.connect(); // now, not lazily inside a first (possibly transaction-bound) query
  return orm;
}

/**
 * What MikroORM would change to make the database match the entities: empty when the
 * entities describe the tables the projections create (columns, types, defaults, checks,
 * keys, partial/expression/GIN/BRIN indexes, partitioning, row-level security policies).
 * Grants are not compared (MikroORM manages none); tables other than `tables` and their
 * partitions are left out, and so are functions (the event store's, the projections').
 */
export async function schemaDrift(db: Database, entities: EntitySchemas, tables: readonly string[]): Promise<string> {
  const { rows } = await db.query<{ name: string }>(`select tablename as name from pg_tables where schemaname = 'public'`);
  const ours = (name: string) => tables.some((table) => name === table || name.startsWith(`${table}_`));
  const skipTables = rows.map((row) => row.name).filter((name) => !ours(name));
  const orm = await createOrm(db, entities, { schemaGenerator: { skipTables, ignoreRoutines: true } });
  try {
    return (await orm.schema.getUpdateSchemaSQL({ wrap: false })).trim();
  } finally {
    await orm.close();
  }
}
