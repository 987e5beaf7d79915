import { schemaDrift } from '@weft/orm';
import { tenantIsolationMigrations } from '@weft/postgres';
import { type TestDatabase, createTestDatabase } from '@weft/testing';
import { executionsArchiveDdl } from './executions-archive.js';
import { executionsEntities } from './executions-entities.js';
import { executionsTables } from './executions-tables.js';

// The entities describe the tables the executions projection creates (and the archive
// the execution service's migration creates), partitions and policies included (MikroORM's schema comparator finds nothing to change); a change to one
// and not the other fails here.

let database: TestDatabase;
const tables = [...executionsTables.map((table) => table.name), 'executions_archive'];

beforeAll(async () => {
  database = await createTestDatabase({ migrations: tenantIsolationMigrations });
  for (const table of executionsTables) for (const ddl of table.create(table.name)) await database.db.query(ddl);
  for (const ddl of executionsArchiveDdl()) await database.db.query(ddl);
}, 60_000);

afterAll(async () => {
  await database?.drop();
});

describe('the executions read model as MikroORM entities', () => {
  it('matches the projection DDL', async () => {
    expect(await schemaDrift(database.db, executionsEntities, tables)).toBe('');
  });

  it('notices a column the entities do not describe', async () => {
    await database.db.query('alter table executions add column shard integer');
    try {
      expect(await schemaDrift(database.db, executionsEntities, tables)).toMatch(/shard/);
    } finally {
      await database.db.query('alter table executions drop column shard');
    }
  });
});
