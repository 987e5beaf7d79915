import { createHash } from 'node:crypto';
import { type Database, type Queryable } from './database.js';

/**
 * A versioned schema change. `id` orders migrations across all libraries
 * (`<yyyymmddhhmm>_<what>`), so each library ships its own list and the runner
 * applies the union in id order.
 */
export interface Migration {
  readonly id: string;
  readonly up: string;
  readonly down: string;
}

export interface MigrationStatus {
  readonly id: string;
  readonly appliedAt: Date;
}

const LOCK_KEY = 7_340_001; // an arbitrary constant: one migrator at a time per database

const checksum = (migration: Migration) => createHash('sha256').update(migration.up).digest('hex');

async function ensureTable(db: Queryable): Promise<void> {
  await db.query(`create table if not exists weft_migrations (
    id text primary key,
    checksum text not null,
    applied_at timestamptz not null default now()
  )`);
}

function ordered(migrations: readonly Migration[]): Migration[] {
  const seen = new Set<string>();
  for (const m of migrations) {
    if (seen.has(m.id)) throw new Error(`Migration id ${m.id} is declared twice`);
    seen.add(m.id);
  }
  return [...migrations].sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * Applies every migration not yet applied, each in its own transaction, under an
 * advisory lock so that replicas starting together do not race. A migration whose
 * text changed after it was applied is an error: history is not rewritten.
 */
export async function migrateUp(db: Database, migrations: readonly Migration[]): Promise<string[]> {
  const applied: string[] = [];
  await db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [LOCK_KEY]);
    await ensureTable(tx);
    const { rows } = await tx.query<{ id: string; checksum: string }>('select id, checksum from weft_migrations');
    const done = new Map(rows.map((r) => [r.id, r.checksum]));
    for (const migration of ordered(migrations)) {
      const previous = done.get(migration.id);
      if (previous !== undefined) {
        if (previous !== checksum(migration)) throw new Error(`Migration ${migration.id} was changed after it was applied`);
        continue;
      }
      await tx.query(migration.up);
      await tx.query('insert into weft_migrations (id, checksum) values ($1, $2)', [migration.id, checksum(migration)]);
      applied.push(migration.id);
    }
  });
  return applied;
}

/** Reverts applied migrations newer than `to` (exclusive), newest first; `to` undefined reverts all. */
export async function migrateDown(db: Database, migrations: readonly Migration[], to?: string): Promise<string[]> {
  const reverted: string[] = [];
  await db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [LOCK_KEY]);
    await ensureTable(tx);
    const { rows } = await tx.query<{ id: string }>('select id from weft_migrations');
    const done = new Set(rows.map((r) => r.id));
    for (const migration of ordered(migrations).reverse()) {
      if (to !== undefined && migration.id <= to) break;
      if (!done.has(migration.id)) continue;
      await tx.query(migration.down);
      await tx.query('delete from weft_migrations where id = $1', [migration.id]);
      reverted.push(migration.id);
    }
  });
  return reverted;
}

export async function appliedMigrations(db: Queryable): Promise<MigrationStatus[]> {
  await ensureTable(db);
  const { rows } = await db.query<{ id: string; applied_at: Date }>('select id, applied_at from weft_migrations order by id');
  return rows.map((r) => ({ id: r.id, appliedAt: r.applied_at }));
}
