import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Database, EmbeddedPostgres, migrateUp } from './index.js';

describe('embedded PostgreSQL (PGlite)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-pglite-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('serves the pg driver and keeps its data across restarts', async () => {
    let embedded = await EmbeddedPostgres.start(dataDir);
    let db = new Database({ url: embedded.url, maxConnections: 1 });
    await migrateUp(db, [{ id: '0001_notes', up: 'create table notes (id serial primary key, body jsonb not null)', down: 'drop table notes' }]);
    await db.transaction(async (tx) => {
      await tx.query('insert into notes (body) values ($1)', [{ hello: 'world' }]);
    });
    await db.close();
    await embedded.stop();

    embedded = await EmbeddedPostgres.start(dataDir);
    db = new Database({ url: embedded.url, maxConnections: 1 });
    const { rows } = await db.query<{ body: { hello: string } }>('select body from notes');
    expect(rows).toEqual([{ body: { hello: 'world' } }]);
    await db.close();
    await embedded.stop();
  }, 60_000);

  it('queues concurrent queries on its single connection instead of dropping them', async () => {
    const embedded = await EmbeddedPostgres.start(fs.mkdtempSync(path.join(dataDir, 'q-')));
    const db = new Database({ url: embedded.url, maxConnections: 1 });
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => db.query<{ n: number }>('select $1::int as n', [i])));
    expect(results.map((r) => r.rows[0]?.n)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    await db.close();
    await embedded.stop();
  }, 60_000);
});
