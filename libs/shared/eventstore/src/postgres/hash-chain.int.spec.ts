import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type NewEvent } from '@weft/kernel';
import { Database, EmbeddedPostgres, migrateUp } from '@weft/postgres';
import { type TestDatabase, createTestDatabase } from '@weft/testing';
import { eventStoreMigrations } from './migrations.js';
import { PostgresEventStore } from './postgres-event-store.js';

const event = (data: unknown, organizationId: string): NewEvent => ({
  eventId: randomUUID(),
  type: 'ChainTested',
  schemaVersion: 1,
  data,
  metadata: { organizationId },
});

describe('hash chain verification', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  beforeEach(async () => {
    database = await createTestDatabase({ migrations: eventStoreMigrations });
    store = new PostgresEventStore(database.db);
    await store.append('chain-a', [event({ n: 0 }, 'org-a'), event({ n: 1, s: 'é"\\' }, 'org-a')], 'no_stream');
    await store.append('chain-a', [event({ n: 2 }, 'org-a')], 1);
    await store.append('chain-b', [event({ n: 0, nested: { z: 1, a: [true, null] } }, 'org-b')], 'no_stream');
  });
  afterEach(async () => {
    await store.close();
    await database.drop();
  });

  it('verifies untouched streams', async () => {
    expect(await store.verifyStreams()).toEqual({ ok: true, streamsChecked: 2, eventsChecked: 4 });
    expect(await store.verifyStreams({ organizationId: 'org-b' })).toEqual({ ok: true, streamsChecked: 1, eventsChecked: 1 });
  });

  it('reports the event whose data was changed behind the store', async () => {
    const [, tampered] = await store.readStream('chain-a');
    await database.db.query(`update events set data = '{"n": 100}' where event_id = $1`, [tampered!.eventId]);
    const report = await store.verifyStreams();
    expect(report.ok).toBe(false);
    expect(report.firstMismatch).toMatchObject({ streamId: 'chain-a', streamVersion: 1, eventId: tampered!.eventId, reason: 'hash' });
    expect((await store.verifyStreams({ organizationId: 'org-b' })).ok).toBe(true);
  });

  it('reports a removed event in the middle and a removed tail', async () => {
    await database.db.query(`delete from events where stream_id = 'chain-a' and stream_version = 1`);
    expect((await store.verifyStreams()).firstMismatch).toMatchObject({ streamId: 'chain-a', streamVersion: 2, reason: 'gap' });
    await database.db.query(`delete from events where stream_id = 'chain-a' and stream_version = 2`);
    expect((await store.verifyStreams()).firstMismatch).toMatchObject({ streamId: 'chain-a', reason: 'head' });
  });

  it('keeps a trimmed stream verifiable from its anchor', async () => {
    await store.setStreamRetention('chain-a', { maxCount: 1 });
    expect(await store.applyRetention()).toBe(2);
    expect(await store.verifyStreams()).toEqual({ ok: true, streamsChecked: 2, eventsChecked: 2 });
  });
});

describe('hash chain verification on the embedded PGlite', () => {
  it('hashes in the database exactly as the verifier does, and catches tampering', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-chain-'));
    const embedded = await EmbeddedPostgres.start(dataDir);
    const db = new Database({ url: embedded.url, maxConnections: 1 });
    try {
      await migrateUp(db, eventStoreMigrations);
      const store = new PostgresEventStore(db);
      await store.append('chain-e', [event({ text: 'ünïcødé ✓' }, 'org-e'), event({ n: 1.5, list: [3, 2, 1] }, 'org-e')], 'no_stream');
      expect(await store.verifyStreams()).toEqual({ ok: true, streamsChecked: 1, eventsChecked: 2 });
      await db.query(`update events set metadata = '{"organizationId": "org-x"}' where stream_version = 0`);
      expect((await store.verifyStreams()).firstMismatch).toMatchObject({ streamId: 'chain-e', streamVersion: 0, reason: 'hash' });
      await store.close();
    } finally {
      await db.close();
      await embedded.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
