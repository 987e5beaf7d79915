import { schemaDrift } from '@weft/orm';
import { tenantIsolationMigrations } from '@weft/postgres';
import { type TestDatabase, createTestDatabase } from '@weft/testing';
import { tenancyEntities } from './tenancy-entities.js';
import { tenancyTables } from './tenancy-tables.js';

// The entities describe the tables the tenancy projection creates, exactly (MikroORM's
// schema comparator finds nothing to change); a change to one and not the other fails here.

let database: TestDatabase;
const tables = tenancyTables.map((table) => table.name);

beforeAll(async () => {
  database = await createTestDatabase({ migrations: tenantIsolationMigrations });
  for (const table of tenancyTables) for (const ddl of table.create(table.name)) await database.db.query(ddl);
}, 60_000);

afterAll(async () => {
  await database?.drop();
});

describe('the tenancy read model as MikroORM entities', () => {
  it('matches the projection DDL', async () => {
    expect(await schemaDrift(database.db, tenancyEntities, tables)).toBe('');
  });

  it('notices an index the entities do not describe', async () => {
    await database.db.query('create index teams_color_idx on teams (color)');
    try {
      expect(await schemaDrift(database.db, tenancyEntities, tables)).toMatch(/teams_color_idx/);
    } finally {
      await database.db.query('drop index teams_color_idx');
    }
  });
});
