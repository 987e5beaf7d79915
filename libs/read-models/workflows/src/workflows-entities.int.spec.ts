import { schemaDrift } from '@weft/orm';
import { tenantIsolationMigrations } from '@weft/postgres';
import { type TestDatabase, createTestDatabase } from '@weft/testing';
import { credentialsTables } from './credentials-tables.js';
import { workflowsEntities } from './workflows-entities.js';
import { workflowsTables } from './workflows-tables.js';

// The entities describe the tables the workflows and credentials projections create, exactly (MikroORM's
// schema comparator finds nothing to change); a change to one and not the other fails here.

let database: TestDatabase;
const allTables = [...workflowsTables, ...credentialsTables];
const tables = allTables.map((table) => table.name);

beforeAll(async () => {
  database = await createTestDatabase({ migrations: tenantIsolationMigrations });
  for (const table of allTables) for (const ddl of table.create(table.name)) await database.db.query(ddl);
}, 60_000);

afterAll(async () => {
  await database?.drop();
});

describe('the workflows read model as MikroORM entities', () => {
  it('matches the projection DDL', async () => {
    expect(await schemaDrift(database.db, workflowsEntities, tables)).toBe('');
  });

  it('notices an index the entities do not describe', async () => {
    await database.db.query('create index workflows_name_idx on workflows (name)');
    try {
      expect(await schemaDrift(database.db, workflowsEntities, tables)).toMatch(/workflows_name_idx/);
    } finally {
      await database.db.query('drop index workflows_name_idx');
    }
  });
});
