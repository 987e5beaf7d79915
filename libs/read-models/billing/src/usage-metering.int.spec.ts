// Metering exactly once, as a property: whatever the interleaving of redelivered and
// overlapping batches, batches that die before they commit, and replays of the whole
// log, the metered totals are what counting the log's events gives.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { PostgresEventStore, eventStoreMigrations } from '@weft/eventstore';
import { type RecordedEvent } from '@weft/kernel';
import { tenantIsolationMigrations } from '@weft/postgres';
import { type ProjectionDefinition, Projector, projectionMigrations } from '@weft/projections';
import { type TestDatabase, createTestDatabase, waitUntil } from '@weft/testing';
import { type MeteredEntry, appendMeteredLog, countedTotals, meteredTotals } from './testing/metered-log.fixture.js';
import { usageProjection } from './usage-projection.js';

const HOUR = 3_600_000;
const BASE = Date.UTC(2026, 11, 1);
const entry: fc.Arbitrary<MeteredEntry> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('run' as const), org: fc.nat(2), at: fc.integer({ min: 0, max: 5 * HOUR }).map((ms) => new Date(BASE + ms)) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('workflow' as const), org: fc.nat(2), deleted: fc.boolean() }) },
);
/**
 * One delivery of an at-least-once bus: from up to `rewind` offsets before the stored
 * one (a consumer restarted, a rebalance), `length` events in partition order, and
 * whether its process dies before the commit.
 */
const delivery = fc.record({ rewind: fc.nat(30), length: fc.integer({ min: 1, max: 25 }), dies: fc.boolean() });

/** The projection, dying after its writes and before the commit: the transaction is lost, as with kill -9 mid-batch. */
const dying: ProjectionDefinition = {
  ...usageProjection,
  applyBatch: async (events, tx) => {
    await usageProjection.applyBatch!(events, tx);
    throw new Error('the process died before the commit');
  },
};

describe('metering exactly once', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let projector: Projector;

  // A database per test: a bus-fed projection keeps stream versions that a store-fed one does not.
  beforeEach(async () => {
    database = await createTestDatabase({ migrations: [...tenantIsolationMigrations, ...eventStoreMigrations, ...projectionMigrations] });
    store = new PostgresEventStore(database.db);
    projector = new Projector(database.db, usageProjection);
    await projector.ensureTables();
  });
  afterEach(async () => {
    await store.close();
    await database.drop();
  });

  async function freshLog(entries: readonly MeteredEntry[]): Promise<{ organizations: string[]; log: RecordedEvent[] }> {
    const organizations = [randomUUID(), randomUUID(), randomUUID()];
    const head = await store.headPosition();
    await appendMeteredLog(store, organizations, entries);
    // The log shows an event once no older transaction is open in the cluster (another suite's may be): wait for all of them.
    const expected = entries.reduce((n, e) => n + (e.kind === 'workflow' && e.deleted ? 2 : 1), 0);
    const log = await waitUntil(
      async () => {
        const events = await store.readAll({ ...(head ? { after: head } : {}), maxCount: 10_000 });
        return events.length === expected ? events : undefined;
      },
      { timeoutMs: 30_000, description: 'the appended events readable in the log' },
    );
    return { organizations, log };
  }

  it('counts each event once over any interleaving of redelivery, dying batches and replays from the bus', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(entry, { minLength: 1, maxLength: 40 }), fc.array(delivery, { maxLength: 12 }), async (entries, deliveries) => {
        const { organizations, log } = await freshLog(entries);
        const topic = `sim-${randomUUID()}`;
        const slice = (start: number, length: number) =>
          log.slice(start, start + length).map((event, i) => ({ event, delivery: { topic, partition: 0, offset: String(start + i) } }));
        let stored = 0; // the offset the projector stored with its last commit
        for (const { rewind, length, dies } of deliveries) {
          const start = Math.max(0, stored - rewind);
          // A dying batch of nothing new never reaches applyBatch, and loses nothing.
          if (dies)
            await new Projector(database.db, dying).applyDeliveredBatch(slice(start, length)).catch((error: Error) => expect(error.message).toMatch(/died/));
          else {
            await projector.applyDeliveredBatch(slice(start, length));
            stored = Math.max(stored, Math.min(log.length, start + length));
          }
        }
        // At least once: the bus delivers everything in the end; then the whole log is replayed.
        for (const from of [stored, 0]) for (let i = from; i < log.length; i += 7) await projector.applyDeliveredBatch(slice(i, 7));
        expect(await meteredTotals(database.db, organizations)).toEqual(countedTotals(organizations, entries));
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it('counts each event once following the store, stopped and resumed, and across rebuilds that replay the whole log', async () => {
    const entries = fc.sample(fc.array(entry, { minLength: 60, maxLength: 60 }), { numRuns: 1, seed: 20261208 })[0]!;
    const { organizations } = await freshLog(entries.slice(0, 20));
    /** Follows the store until the checkpoint reaches the head of the log, then stops. */
    const follow = async () => {
      const stop = new AbortController();
      const running = projector.runFromStore(store, stop.signal);
      const head = await store.headPosition();
      await waitUntil(
        async () => {
          const { rows } = await database.db.query<{ position: string }>(
            `select position::text as position from projection_checkpoints where projection = 'billing_usage'`,
          );
          return rows[0]?.position === head?.position;
        },
        { timeoutMs: 30_000, description: 'the projection at the head of the log' },
      );
      stop.abort();
      await running.catch(() => undefined);
    };
    await follow();
    await projector.rebuild(store);
    await appendMeteredLog(store, organizations, entries.slice(20, 40));
    await follow();
    await appendMeteredLog(store, organizations, entries.slice(40));
    await projector.rebuild(store);
    const stop = new AbortController();
    const running = projector.runFromStore(store, stop.signal);
    const expected = countedTotals(organizations, entries);
    const same = async () => JSON.stringify([...(await meteredTotals(database.db, organizations)).runs].sort()) === JSON.stringify([...expected.runs].sort());
    await waitUntil(same, { timeoutMs: 30_000, description: 'every run metered' }).finally(() => stop.abort());
    await running.catch(() => undefined);
    expect(await meteredTotals(database.db, organizations)).toEqual(expected);
  }, 60_000);
});
