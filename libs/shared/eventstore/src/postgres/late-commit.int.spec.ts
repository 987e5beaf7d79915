import { randomUUID } from 'node:crypto';
import { type RecordedEvent } from '@weft/kernel';
import { type TestDatabase, createTestDatabase, waitUntil } from '@weft/testing';
import { compareLogPositions } from '../log-position.js';
import { eventStoreMigrations } from './migrations.js';
import { PostgresEventStore } from './postgres-event-store.js';

const WRITERS = 8;
const APPENDS_PER_WRITER = 25;
const EVENTS_PER_APPEND = 2;

describe('no reader skips a late-committing event', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase({ migrations: eventStoreMigrations, maxConnections: WRITERS + 4 });
  });
  afterAll(() => database.drop());

  it('delivers every event exactly once, in log order, while transactions commit out of position order', async () => {
    // Each append holds its transaction open for a random time after its positions were
    // taken, so lower positions regularly commit after higher ones.
    const writer = new PostgresEventStore(database.db, {
      beforeCommit: (tx) => tx.query('select pg_sleep($1)', [Math.random() * 0.04]).then(() => undefined),
    });
    const reader = new PostgresEventStore(database.db, { pollIntervalMs: 5, subscriptionBatchSize: 7 });
    const seen: RecordedEvent[] = [];
    const controller = new AbortController();
    const subscription = reader.subscribeToAll({ signal: controller.signal, onEvent: async (event) => void seen.push(event) });

    const appended = await Promise.all(Array.from({ length: WRITERS }, (_, w) => appendMany(writer, `late-${w}-${randomUUID()}`)));
    const expectedIds = appended.flat().sort();
    await waitUntil(() => seen.length >= expectedIds.length, { timeoutMs: 30_000, description: 'every appended event' });
    controller.abort();
    await subscription.done;
    await Promise.all([writer.close(), reader.close()]);

    expect(seen.map((e) => e.eventId).sort()).toEqual(expectedIds);
    for (let i = 1; i < seen.length; i++) expect(compareLogPositions(seen[i - 1]!.logPosition, seen[i]!.logPosition)).toBeLessThan(0);
    expect(perStreamVersionsInOrder(seen)).toBe(true);
    // The test only proves something if commits did overtake positions: a reader
    // checkpointing on the position alone would have skipped these.
    expect(lateCommits(seen)).toBeGreaterThan(0);
  }, 60_000);
});

async function appendMany(store: PostgresEventStore, streamId: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < APPENDS_PER_WRITER; i++) {
    const events = Array.from({ length: EVENTS_PER_APPEND }, (_, j) => ({
      eventId: randomUUID(),
      type: 'LateTested',
      schemaVersion: 1,
      data: { i, j },
      metadata: {},
    }));
    await store.append(streamId, events, i === 0 ? 'no_stream' : i * EVENTS_PER_APPEND - 1);
    ids.push(...events.map((e) => e.eventId));
  }
  return ids;
}

function perStreamVersionsInOrder(events: readonly RecordedEvent[]): boolean {
  const last = new Map<string, number>();
  for (const event of events) {
    if (event.streamVersion !== (last.get(event.streamId) ?? -1) + 1) return false;
    last.set(event.streamId, event.streamVersion);
  }
  return true;
}

/** How many events were delivered after an event with a higher global position. */
function lateCommits(events: readonly RecordedEvent[]): number {
  let highest = 0n;
  let late = 0;
  for (const event of events) {
    const position = BigInt(event.logPosition.position);
    if (position < highest) late++;
    else highest = position;
  }
  return late;
}
