import { type TestDatabase, createTestDatabase } from '@weft/testing';
import { Database } from './index.js';

// Prepared statements on the real PostgreSQL: parameterized statements are named by
// their text and parsed once per connection; a change of a table's columns under a
// prepared `select *` gets the statement prepared again instead of failing for good.

let database: TestDatabase;

beforeEach(async () => {
  database = await createTestDatabase({ maxConnections: 1 });
  await database.db.query('create table widgets (id int primary key, name text not null)');
  await database.db.query("insert into widgets values (1, 'a'), (2, 'b')");
});

afterEach(async () => {
  await database.drop();
});

const preparedNames = async (db: Database) =>
  (await db.query<{ name: string; statement: string }>('select name, statement from pg_prepared_statements order by name')).rows;

describe('prepared statements', () => {
  it('names a parameterized statement once per connection, in and outside transactions, and leaves plain statements unnamed', async () => {
    const db = new Database({ url: database.url, maxConnections: 1, prepareStatements: true });
    try {
      for (let i = 0; i < 3; i++) expect((await db.query<{ name: string }>('select name from widgets where id = $1', [1])).rows).toEqual([{ name: 'a' }]);
      await db.transaction(async (tx) => {
        expect((await tx.query<{ name: string }>('select name from widgets where id = $1', [2])).rows).toEqual([{ name: 'b' }]);
      });
      await db.query('select count(*) from widgets');
      const prepared = await preparedNames(db);
      expect(prepared).toHaveLength(1);
      expect(prepared[0]).toMatchObject({ name: expect.stringMatching(/^weft_[0-9a-f]{24}$/), statement: 'select name from widgets where id = $1' });
    } finally {
      await db.close();
    }
  });

  it('prepares the statement again when the columns of what it selects changed', async () => {
    const db = new Database({ url: database.url, maxConnections: 1, prepareStatements: true });
    try {
      expect((await db.query('select * from widgets where id = $1', [1])).rows).toEqual([{ id: 1, name: 'a' }]);
      await db.query("alter table widgets add column color text not null default 'red'");
      expect((await db.query('select * from widgets where id = $1', [1])).rows).toEqual([{ id: 1, name: 'a', color: 'red' }]);
      // In a transaction the refusal is the transaction's end (it is aborted); the next one works.
      await db.query('alter table widgets drop column color');
      await expect(db.transaction((tx) => tx.query('select * from widgets where id = $1', [1]))).rejects.toThrow('cached plan must not change result type');
      expect((await db.transaction((tx) => tx.query('select * from widgets where id = $1', [1]))).rows).toEqual([{ id: 1, name: 'a' }]);
    } finally {
      await db.close();
    }
  });

  it('prepares nothing when switched off (the embedded single-connection database)', async () => {
    const db = new Database({ url: database.url, maxConnections: 1 });
    try {
      await db.query('select name from widgets where id = $1', [1]);
      expect(await preparedNames(db)).toEqual([]);
    } finally {
      await db.close();
    }
  });
});
