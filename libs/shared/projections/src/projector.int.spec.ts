import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PostgresEventStore, eventStoreMigrations } from '@weft/eventstore';
import { Database, EmbeddedPostgres, migrateUp } from '@weft/postgres';
import { createTestDatabase } from '@weft/testing';
import { projectionMigrations } from './migrations.js';
import { describeProjectorContract } from './projector.contract.js';

const migrations = [...eventStoreMigrations, ...projectionMigrations];

describeProjectorContract('the PostgreSQL server', async () => {
  const database = await createTestDatabase({ migrations });
  const store = new PostgresEventStore(database.db);
  return {
    db: database.db,
    store,
    async close() {
      await store.close();
      await database.drop();
    },
  };
});

describeProjectorContract('the embedded PGlite on one connection', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-projections-'));
  const embedded = await EmbeddedPostgres.start(dataDir);
  const db = new Database({ url: embedded.url, maxConnections: 1 });
  await migrateUp(db, migrations);
  const store = new PostgresEventStore(db);
  return {
    db,
    store,
    async close() {
      await store.close();
      await db.close();
      await embedded.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
});
