import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Database, EmbeddedPostgres, migrateUp } from '@weft/postgres';
import { createTestDatabase } from '@weft/testing';
import { describeEventStoreContract } from '../event-store.contract.js';
import { eventStoreMigrations } from './migrations.js';
import { PostgresEventStore } from './postgres-event-store.js';

describeEventStoreContract('PostgreSQL server', async ({ upcasters }) => {
  const database = await createTestDatabase({ migrations: eventStoreMigrations });
  const store = new PostgresEventStore(database.db, { upcasters });
  return {
    store,
    async close() {
      await store.close();
      await database.drop();
    },
  };
});

describeEventStoreContract('embedded PGlite on one connection', async ({ upcasters }) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-eventstore-'));
  const embedded = await EmbeddedPostgres.start(dataDir);
  const db = new Database({ url: embedded.url, maxConnections: 1 });
  await migrateUp(db, eventStoreMigrations);
  const store = new PostgresEventStore(db, { upcasters });
  return {
    store,
    async close() {
      await store.close();
      await db.close();
      await embedded.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
});
