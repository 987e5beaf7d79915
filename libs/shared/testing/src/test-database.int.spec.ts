import pg from 'pg';
import { createTestDatabase, testEnvironment } from './index.js';

describe('test databases', () => {
  it('are created fresh, isolated from each other, and dropped afterwards', async () => {
    const first = await createTestDatabase();
    const second = await createTestDatabase();
    expect(first.name).not.toBe(second.name);
    await first.db.query('create table only_here (id int)');
    const inSecond = await second.db.query("select 1 from information_schema.tables where table_name = 'only_here'");
    expect(inSecond.rowCount).toBe(0);

    await first.drop();
    await second.drop();
    const admin = new pg.Client({ connectionString: testEnvironment().databaseUrl });
    await admin.connect();
    const left = await admin.query('select datname from pg_database where datname = any($1)', [[first.name, second.name]]);
    await admin.end();
    expect(left.rowCount).toBe(0);
  });
});
