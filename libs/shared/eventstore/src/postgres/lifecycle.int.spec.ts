import { randomUUID } from 'node:crypto';
import { type NewEvent } from '@weft/kernel';
import { migrateDown, migrateUp } from '@weft/postgres';
import { type TestDatabase, createTestDatabase, waitUntil } from '@weft/testing';
import { eventStoreMigrations } from './migrations.js';
import { PostgresEventStore } from './postgres-event-store.js';

const event = (n: number): NewEvent => ({ eventId: randomUUID(), type: 'Aged', schemaVersion: 1, data: { n }, metadata: {} });
const DAY = 24 * 60 * 60 * 1000;

describe('event store schema and retention', () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(() => database.drop());

  it('migrates up and down cleanly', async () => {
    const ids = eventStoreMigrations.map((migration) => migration.id);
    expect(await migrateUp(database.db, eventStoreMigrations)).toEqual(ids);
    expect(await migrateDown(database.db, eventStoreMigrations)).toEqual([...ids].reverse());
    const { rows } = await database.db.query(`select table_name from information_schema.tables where table_name in ('events', 'streams')`);
    expect(rows).toEqual([]);
    expect(await migrateUp(database.db, eventStoreMigrations)).toEqual(ids);
  });

  it('removes events older than a stream max age and purges deleted streams', async () => {
    await migrateUp(database.db, eventStoreMigrations);
    let clock = new Date(Date.now() - 3 * DAY);
    const store = new PostgresEventStore(database.db, { now: () => clock });
    await store.append('execution-1', [event(0), event(1)], 'no_stream');
    clock = new Date();
    await store.append('execution-1', [event(2)], 1);
    await store.append('execution-2', [event(0)], 'no_stream');
    await store.append('workflow-1', [event(0)], 'no_stream');
    await store.setStreamRetention('execution-1', { maxAgeMs: DAY });
    await store.deleteStream('execution-2');

    expect(await store.applyRetention()).toBe(3);
    expect((await store.readStream('execution-1')).map((e) => e.data)).toEqual([{ n: 2 }]);
    expect(await store.readStream('workflow-1')).toHaveLength(1);
    // Readable once no older transaction of the cluster runs (another suite's may, briefly).
    const remaining = await waitUntil(async () => {
      const read = await store.readAll({ maxCount: 100 });
      return read.length >= 2 && read;
    });
    expect(remaining.map((e) => e.streamId).sort()).toEqual(['execution-1', 'workflow-1']);
    expect(await store.applyRetention()).toBe(0);
    expect((await store.verifyStreams()).ok).toBe(true);
    await store.close();
  });
});
