import { randomUUID } from 'node:crypto';
import { JSON_DEPTH_CEILING, JsonTooDeepError, type NewEvent, canonicalJson } from '@weft/kernel';
import { type TestDatabase, createTestDatabase } from '@weft/testing';
import { eventStoreMigrations } from './migrations.js';
import { PostgresEventStore } from './postgres-event-store.js';

// An event nested deeper than canonical JSON walks is refused with a clear error, alone:
// the appends grouped with it into one statement are written as if it had never come.

let database: TestDatabase;
let store: PostgresEventStore;

function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = {};
  for (let level = 1; level < depth; level++) value = { a: value };
  return value;
}
const event = (data: unknown): NewEvent => ({ eventId: randomUUID(), type: 'DepthTested', schemaVersion: 1, data, metadata: {} });

beforeAll(async () => {
  database = await createTestDatabase({ migrations: eventStoreMigrations });
  store = new PostgresEventStore(database.db);
}, 60_000);

afterAll(async () => {
  await store?.close();
  await database?.drop();
});

describe('events nested too deeply', () => {
  it('writes canonical JSON down to the ceiling and refuses deeper without overflowing the stack', () => {
    expect(canonicalJson({ b: [1, { d: 2, c: 3 }], a: null })).toBe('{"a":null,"b":[1,{"c":3,"d":2}]}');
    expect(canonicalJson(nested(JSON_DEPTH_CEILING))).toHaveLength(JSON_DEPTH_CEILING * 6 - 4);
    expect(() => canonicalJson(nested(100_000))).toThrow(new JsonTooDeepError(JSON_DEPTH_CEILING, 'The value'));
  });

  it('fails the deep append alone; the appends grouped with it are written and verify', async () => {
    const streams = Array.from({ length: 12 }, (_, i) => `deep-${i}-${randomUUID()}`);
    const outcomes = await Promise.allSettled(
      streams.map((streamId, i) => store.appendGrouped(streamId, [event(i === 5 ? nested(100_000) : { n: i })], 'no_stream')),
    );
    expect(outcomes.map((outcome) => outcome.status)).toEqual(streams.map((_, i) => (i === 5 ? 'rejected' : 'fulfilled')));
    expect((outcomes[5] as PromiseRejectedResult).reason).toBeInstanceOf(JsonTooDeepError);
    expect(await store.readStream(streams[5]!)).toEqual([]);
    expect((await store.readStream(streams[6]!)).map((stored) => stored.data)).toEqual([{ n: 6 }]);
    expect(await store.verifyStreams()).toMatchObject({ ok: true });
  });
});
