import { type Migration, migrateDown, migrateUp } from '@weft/postgres';
import { type TestDatabase, createTestDatabase } from '@weft/testing';
import { tableChecksum } from './checksum.js';
import { projectionMigrations } from './migrations.js';

describe('tableChecksum and the migrations on the real PostgreSQL', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    await database.db.query('create table a (id int primary key, name text, written_at timestamptz default clock_timestamp())');
    await database.db.query('create table b (name text, id int primary key, written_at timestamptz default clock_timestamp())'); // other column order
  });
  afterAll(() => database.drop());

  it('is equal for equal rows whatever the column order or insertion order, and differs for a changed row', async () => {
    await database.db.query(`insert into a (id, name) values (1, 'x'), (2, 'y'), (3, null)`);
    await database.db.query(`insert into b (id, name) values (3, null), (2, 'y'), (1, 'x')`);
    const options = { orderBy: ['id'], exclude: ['written_at'] };
    const sum = await tableChecksum(database.db, 'a', options);
    expect(sum.rows).toBe(3);
    expect(await tableChecksum(database.db, 'b', options)).toEqual(sum);
    expect((await tableChecksum(database.db, 'b', { orderBy: ['id'] })).digest).not.toBe((await tableChecksum(database.db, 'a', { orderBy: ['id'] })).digest);
    await database.db.query(`update b set name = 'z' where id = 2`);
    expect((await tableChecksum(database.db, 'b', options)).digest).not.toBe(sum.digest);
  });

  it('refuses names that are not plain identifiers', async () => {
    await expect(tableChecksum(database.db, 'a; drop table a', { orderBy: ['id'] })).rejects.toThrow('not a plain SQL identifier');
    await expect(tableChecksum(database.db, 'a', { orderBy: ['id desc'] })).rejects.toThrow('not a plain SQL identifier');
  });

  it('migrates the bookkeeping tables up and down', async () => {
    const migrations: readonly Migration[] = projectionMigrations;
    expect(await migrateUp(database.db, migrations)).toEqual(['202612012200_projections']);
    const tables = async () =>
      (
        await database.db.query<{ t: string }>(`select table_name as t from information_schema.tables where table_name like 'projection_%' order by 1`)
      ).rows.map((r) => r.t);
    expect(await tables()).toEqual(['projection_checkpoints', 'projection_offsets', 'projection_stream_versions']);
    expect(await migrateDown(database.db, migrations)).toEqual(['202612012200_projections']);
    expect(await tables()).toEqual([]);
    const fn = await database.db.query(`select 1 from pg_proc where proname = 'weft_projection_begin_batch'`);
    expect(fn.rowCount).toBe(0);
  });
});
