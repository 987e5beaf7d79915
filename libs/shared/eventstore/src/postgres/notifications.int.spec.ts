import { randomUUID } from 'node:crypto';
import { Database } from '@weft/postgres';
import { type TestDatabase, createTestDatabase, waitUntil } from '@weft/testing';
import { eventStoreMigrations } from './migrations.js';
import { PostgresEventStore } from './postgres-event-store.js';

describe('waking subscribers of another process', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase({ migrations: eventStoreMigrations });
  });
  afterAll(() => database.drop());

  it('wakes a live subscription by LISTEN/NOTIFY when another pool appends', async () => {
    // The reader polls only once a minute, so only the notification can deliver in time.
    const readerDb = new Database({ url: database.url, maxConnections: 2 });
    const reader = new PostgresEventStore(readerDb, { pollIntervalMs: 60_000 });
    const writer = new PostgresEventStore(database.db);
    const seen: string[] = [];
    const controller = new AbortController();
    const subscription = reader.subscribeToAll({ signal: controller.signal, onEvent: async (e) => void seen.push(e.eventId) });
    await waitUntil(() => subscription.isLive(), { description: 'the subscription to go live' });
    // Give the listener a moment to connect by proving a first notification arrives.
    const appended: string[] = [];
    const appendOne = async () => {
      const eventId = randomUUID();
      await writer.append(`notified-${randomUUID()}`, [{ eventId, type: 'Notified', schemaVersion: 1, data: {}, metadata: {} }], 'no_stream');
      appended.push(eventId);
    };
    await waitUntil(
      async () => {
        await appendOne();
        return seen.length > 0;
      },
      { intervalMs: 500, timeoutMs: 10_000, description: 'a notified delivery' },
    );
    // A notification can arrive while another transaction of the cluster still holds the
    // newest event back (below pg_snapshot_xmin, busy test runs): the next append's
    // notification then brings it. Every event must arrive, each woken by a notification.
    await waitUntil(
      async () => {
        if (seen.length === appended.length) return true;
        await appendOne();
        return false;
      },
      { intervalMs: 500, timeoutMs: 10_000, description: 'every appended event' },
    );
    expect(seen).toEqual(appended);
    controller.abort();
    await subscription.done;
    await Promise.all([reader.close(), writer.close()]);
    await readerDb.close();
  }, 30_000);
});
