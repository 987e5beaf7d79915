import { randomUUID } from 'node:crypto';
import { ConcurrencyError, EventIdConflictError, type NewEvent } from '@weft/kernel';
import { type TestDatabase, createTestDatabase } from '@weft/testing';
import { eventStoreMigrations } from './migrations.js';
import { PostgresEventStore } from './postgres-event-store.js';

// Group commit on the real PostgreSQL: concurrent appends to many streams share
// statements and commits, and each is decided exactly as alone — conflicts, repeats and
// reused event ids included — with hash chains that verify.

let database: TestDatabase;
let store: PostgresEventStore;
const event = (n: number): NewEvent => ({ eventId: randomUUID(), type: 'GroupTested', schemaVersion: 1, data: { n }, metadata: { organizationId: 'org-g' } });

beforeAll(async () => {
  database = await createTestDatabase({ migrations: eventStoreMigrations });
  store = new PostgresEventStore(database.db);
}, 60_000);

afterAll(async () => {
  await store?.close();
  await database?.drop();
});

describe('group commit', () => {
  it('appends many streams concurrently in fewer commits, in order within each stream, with chains that verify', async () => {
    const streams = Array.from({ length: 40 }, (_v, i) => `group-${i}-${randomUUID()}`);
    const first = await Promise.all(streams.map((streamId, i) => store.appendGrouped(streamId, [event(i), event(i + 100)], 'no_stream')));
    expect(first.every((result) => result.streamVersion === 1)).toBe(true);
    const { rows } = await database.db.query<{ n: string }>(`select count(distinct transaction_id) as n from events where stream_id like 'group-%'`);
    expect(Number(rows[0]!.n)).toBeLessThan(streams.length); // shared commits
    const second = await Promise.all(streams.map((streamId) => store.appendGrouped(streamId, [event(7)], 1)));
    expect(second.map((result) => result.streamVersion)).toEqual(streams.map(() => 2));
    const stored = await store.readStream(streams[3]!);
    expect(stored.map((e) => (e.data as { n: number }).n)).toEqual([3, 103, 7]);
    expect(stored.map((e) => [e.streamVersion, e.type, e.schemaVersion, e.metadata])).toEqual(
      [0, 1, 2].map((v) => [v, 'GroupTested', 1, { organizationId: 'org-g' }]),
    );
    expect(await store.verifyStreams()).toMatchObject({ ok: true });
  });

  it('takes new streams and appends to existing ones in the same group, each as alone', async () => {
    const existing = Array.from({ length: 6 }, () => `group-old-${randomUUID()}`);
    for (const s of existing) await store.append(s, [event(0)], 'no_stream');
    const created = Array.from({ length: 6 }, () => `group-new-${randomUUID()}`);
    const results = await Promise.all([
      ...existing.map((s) => store.appendGrouped(s, [event(1), event(2)], 0)),
      ...created.map((s) => store.appendGrouped(s, [event(1), event(2), event(3)], 'no_stream')),
    ]);
    expect(results.map((r) => r.streamVersion)).toEqual([...existing.map(() => 2), ...created.map(() => 2)]);
    // A new-stream append to a stream that exists is refused as alone.
    await expect(store.appendGrouped(existing[0]!, [event(9)], 'no_stream')).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await store.verifyStreams()).toMatchObject({ ok: true });
  });

  it('refuses a stale expected version for that append only, and answers a repeat with the first result', async () => {
    const a = `group-a-${randomUUID()}`;
    const b = `group-b-${randomUUID()}`;
    const repeated = event(1);
    await store.append(a, [event(0)], 'no_stream');
    const firstB = await store.appendGrouped(b, [repeated], 'no_stream');
    const [stale, repeat, fresh] = await Promise.allSettled([
      store.appendGrouped(a, [event(2)], 5),
      store.appendGrouped(b, [repeated], 'no_stream'),
      store.appendGrouped(`group-c-${randomUUID()}`, [event(3)], 'no_stream'),
    ]);
    expect(stale.status === 'rejected' && stale.reason instanceof ConcurrencyError).toBe(true);
    expect(repeat).toEqual({ status: 'fulfilled', value: firstB });
    expect(fresh.status).toBe('fulfilled');
  });

  it('refuses an event id reused by another new stream with the precise error, committing the others', async () => {
    const taken = event(1);
    await store.append(`group-taken-${randomUUID()}`, [taken], 'no_stream');
    const others = Array.from({ length: 5 }, () => `group-ok-${randomUUID()}`);
    const results = await Promise.allSettled([
      store.appendGrouped(`group-reuse-${randomUUID()}`, [{ ...taken, data: { other: true } }], 'no_stream'),
      ...others.map((s) => store.appendGrouped(s, [event(2)], 'no_stream')),
    ]);
    expect(results[0]!.status === 'rejected' && (results[0] as PromiseRejectedResult).reason instanceof EventIdConflictError).toBe(true);
    expect(results.slice(1).every((r) => r.status === 'fulfilled')).toBe(true);
    for (const s of others) expect(await store.readStream(s)).toHaveLength(1);
  });
});
