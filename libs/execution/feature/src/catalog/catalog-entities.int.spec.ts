import { schemaDrift } from '@weft/orm';
import { tenantIsolationMigrations } from '@weft/postgres';
import { type TestDatabase, createTestDatabase } from '@weft/testing';
import { catalogEntities } from './catalog-entities.js';
import { catalogTables } from './catalog-tables.js';

// The entities describe the tables the execution catalog's projection creates, and their
// policies where they have them (MikroORM's schema comparator finds nothing to change); a change to one
// and not the other fails here.

let database: TestDatabase;
const tables = catalogTables.map((table) => table.name);

beforeAll(async () => {
  database = await createTestDatabase({ migrations: tenantIsolationMigrations });
  for (const table of catalogTables) for (const ddl of table.create(table.name)) await database.db.query(ddl);
}, 60_000);

afterAll(async () => {
  await database?.drop();
});

describe('the execution catalog as MikroORM entities', () => {
  it('matches the projection DDL', async () => {
    expect(await schemaDrift(database.db, catalogEntities, tables)).toBe('');
  });

  it('notices a column the entities do not describe', async () => {
    await database.db.query('alter table execution_webhook_routes add column shard integer');
    try {
      expect(await schemaDrift(database.db, catalogEntities, tables)).toMatch(/shard/);
    } finally {
      await database.db.query('alter table execution_webhook_routes drop column shard');
    }
  });
});
