import { schemaDrift } from '@weft/orm';
import { tenantIsolationMigrations } from '@weft/postgres';
import { type TestDatabase, createTestDatabase } from '@weft/testing';
import { apiKeysProjection } from './api-keys-projection.js';
import { usersEntities } from './users-entities.js';
import { usersProjection } from './users-projection.js';

// The entities describe the tables the projections create, exactly: MikroORM's schema
// comparator finds nothing to change (columns, types, defaults, checks, keys, indexes,
// row-level security policies). A column added to one and not the other fails here.

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase({ migrations: tenantIsolationMigrations });
  for (const table of [...usersProjection.tables, ...apiKeysProjection.tables]) for (const ddl of table.create(table.name)) await database.db.query(ddl);
}, 60_000);

afterAll(async () => {
  await database?.drop();
});

describe('the users read model as MikroORM entities', () => {
  it('matches the projection DDL', async () => {
    expect(await schemaDrift(database.db, usersEntities, ['users', 'api_keys'])).toBe('');
  });

  it('notices a column the entities do not describe', async () => {
    await database.db.query('alter table users add column nickname text');
    try {
      expect(await schemaDrift(database.db, usersEntities, ['users', 'api_keys'])).toMatch(/nickname/);
    } finally {
      await database.db.query('alter table users drop column nickname');
    }
  });
});
