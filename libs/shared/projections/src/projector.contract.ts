// The projection runtime's behaviour, run by projector.int.spec.ts against the
// PostgreSQL server and against the embedded PGlite on one connection.
import { type PostgresEventStore } from '@weft/eventstore';
import { type AppendResult, type RecordedEvent } from '@weft/kernel';
import { type Database } from '@weft/postgres';
import { waitUntil } from '@weft/testing';
import { tableChecksum } from './checksum.js';
import { type RebuildReport } from './rebuild.js';
import { Projector } from './projector.js';
import { countedEvent, counterProjection } from './testing/counter-projection.fixture.js';
import { exactlyOnceReport } from './testing/exactly-once.fixture.js';
import { ProjectionWaitTimeoutError, ProjectionWatermarks } from './watermarks.js';

export interface ProjectorHarness {
  readonly db: Database;
  readonly store: PostgresEventStore;
  close(): Promise<void>;
}

/** A runner of `projector.runFromStore` that a test can stop and whose failure it can see. */
function start(projector: Projector, store: PostgresEventStore): { stop(): Promise<void>; done: Promise<void> } {
  const controller = new AbortController();
  const done = projector.runFromStore(store, controller.signal);
  done.catch(() => undefined); // observed by the tests that expect a failure
  return {
    done,
    async stop() {
      controller.abort();
      await done;
    },
  };
}

async function recorded(store: PostgresEventStore, streamId: string): Promise<RecordedEvent[]> {
  return store.readStream(streamId);
}

export function describeProjectorContract(name: string, factory: () => Promise<ProjectorHarness>): void {
  describe(`projection runtime on ${name}`, () => {
    let h: ProjectorHarness;
    let watermarks: ProjectionWatermarks;
    beforeAll(async () => {
      h = await factory();
      watermarks = new ProjectionWatermarks(h.db);
    }, 60_000);
    afterAll(() => h.close());

    const projectorFor = async (projection: string, options: Parameters<typeof counterProjection>[1] = {}) => {
      const projector = new Projector(h.db, counterProjection(projection, { prefix: `${projection}_`, ...options }), { watermarks });
      await projector.ensureTables();
      await projector.ensureTables(); // idempotent
      return projector;
    };
    const after = (projection: string, result: { logPosition: RecordedEvent['logPosition'] }) =>
      watermarks.waitForProjections({ projections: [projection], after: result.logPosition }, { timeoutMs: 10_000 });

    it('applies a batch, its checkpoint and its stream versions in one transaction', async () => {
      let poisoned = true;
      const projector = await projectorFor('atomic', { poisoned: () => poisoned });
      const first = await h.store.append('atomic-1', [countedEvent(), countedEvent()], 'no_stream');
      let runner = start(projector, h.store);
      await after('atomic', first);
      const checkpoint = await projector.checkpoint();
      expect(checkpoint).toEqual(first.logPosition);

      // One append, one read, one batch: the good event goes down with the poisoned one.
      await h.store.append('atomic-1', [countedEvent(), countedEvent({ poison: true })], 1);
      await expect(runner.done).rejects.toThrow('poisoned event');
      expect(await projector.checkpoint()).toEqual(checkpoint);
      const { rows } = await h.db.query<{ count: string }>(`select count::text from atomic_counters where stream_id = 'atomic-1'`);
      expect(rows[0]?.count).toBe('2');
      const versions = await h.db.query(`select version from projection_stream_versions where projection = 'atomic' and stream_id = 'atomic-1'`);
      expect(versions.rows).toEqual([{ version: '1' }]);

      poisoned = false;
      runner = start(projector, h.store);
      await after('atomic', (await recorded(h.store, 'atomic-1')).at(-1)!);
      await runner.stop();
      expect(await exactlyOnceReport(h.db, 'atomic_')).toMatchObject({ events: 4, rows: 4, distinctEvents: 4, wrongCounters: [] });
    });

    it('applies a delivered event once: duplicates and out-of-date versions are skipped, offsets stored with it', async () => {
      let poisoned = true;
      const projector = await projectorFor('delivered', { poisoned: () => poisoned });
      await h.store.append('delivered-1', [countedEvent(), countedEvent(), countedEvent({ poison: true })], 'no_stream');
      const [v0, v1, v2] = await recorded(h.store, 'delivered-1');
      const at = (offset: string) => ({ topic: 'weft.test.events', partition: 3, offset });

      expect(await projector.applyDelivered(v0!, at('10'))).toBe('applied');
      expect(await projector.applyDelivered(v0!, at('10'))).toBe('duplicate');
      expect(await projector.applyDelivered(v1!, at('11'))).toBe('applied');
      expect(await projector.applyDelivered(v0!, at('7'))).toBe('duplicate'); // an old redelivery
      expect(await projector.lastAppliedOffset('weft.test.events', 3)).toBe('11'); // never moved back
      expect(await projector.lastAppliedOffset('weft.test.events', 4)).toBeUndefined();

      await expect(projector.applyDelivered(v2!, at('12'))).rejects.toThrow('poisoned event');
      expect(await projector.lastAppliedOffset('weft.test.events', 3)).toBe('11'); // rolled back with the apply
      poisoned = false;
      expect(await projector.applyDelivered(v2!, at('12'))).toBe('applied');

      // A store-fed run afterwards skips what the bus already applied (stream versions).
      const runner = start(projector, h.store);
      await after('delivered', v2!);
      await runner.stop();
      // It has applied the whole log by now: the test's stream through the bus, the rest from the store.
      const report = await exactlyOnceReport(h.db, 'delivered_');
      expect(report).toMatchObject({ rows: report.events, distinctEvents: report.events, wrongCounters: [] });
    });

    it('applies each event once with two runners of one projection side by side', async () => {
      const projector = await projectorFor('twins');
      const twin = new Projector(h.db, projector.definition, { watermarks });
      const runners = [start(projector, h.store), start(twin, h.store)];
      let last;
      for (let i = 0; i < 20; i++) last = await h.store.append(`twins-${i % 4}`, [countedEvent(), countedEvent({}, 'Ignored')], 'any');
      await after('twins', last!);
      await Promise.all(runners.map((r) => r.stop()));
      const report = await exactlyOnceReport(h.db, 'twins_');
      expect(report).toMatchObject({ rows: report.events, distinctEvents: report.events, wrongCounters: [] });
    });

    it('lets a reader wait for its write, by position or stream version, and times out with a typed error', async () => {
      const projector = await projectorFor('ryw');
      const runner = start(projector, h.store);
      const written = await h.store.append('ryw-1', [countedEvent()], 'no_stream');
      await watermarks.waitForProjections({ projections: ['ryw'], after: written.logPosition }, { timeoutMs: 5_000 });
      const { rows } = await h.db.query(`select count from ryw_counters where stream_id = 'ryw-1'`);
      expect(rows).toEqual([{ count: '1' }]);

      // A watermarks object no runner reports to: it sees the commit by polling.
      const polling = new ProjectionWatermarks(h.db, { pollIntervalMs: 10 });
      const second = await h.store.append('ryw-1', [countedEvent()], 0);
      await polling.waitForProjections({ projections: ['ryw'], streamId: 'ryw-1', streamVersion: second.streamVersion }, { timeoutMs: 5_000 });
      expect((await h.db.query(`select count from ryw_counters where stream_id = 'ryw-1'`)).rows).toEqual([{ count: '2' }]);
      await runner.stop();

      const unseen = await h.store.append('ryw-1', [countedEvent()], 1);
      const started = Date.now();
      const waiting = watermarks.waitForProjections({ projections: ['ryw', 'atomic'], after: unseen.logPosition }, { timeoutMs: 300 });
      await expect(waiting).rejects.toBeInstanceOf(ProjectionWaitTimeoutError);
      await expect(waiting).rejects.toMatchObject({ lagging: ['ryw', 'atomic'], timeoutMs: 300, code: 'projection_wait_timeout' });
      expect(Date.now() - started).toBeLessThan(2_000);
    });

    it('rebuilds into shadow tables while appends continue and swaps in a copy equal to a from-scratch projection', async () => {
      const projector = await projectorFor('rebuilt');
      for (let i = 0; i < 30; i++) await h.store.append(`rebuilt-${i % 5}`, [countedEvent(), countedEvent()], 'any');
      const runner = start(projector, h.store);
      let appending = true;
      let lastAppend: AppendResult | undefined;
      // A steady stream of writes, not a tight loop: on one connection a loop with no pause
      // would keep the rebuild from ever catching up, which no real workload does.
      const appends = (async () => {
        for (let i = 0; appending; i++) {
          lastAppend = await h.store.append(`rebuilt-${i % 7}`, [countedEvent()], 'any');
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
      })();
      const readers = (async () => {
        let reads = 0; // queries keep reading the live table throughout
        while (appending) reads += (await h.db.query('select count(*) from rebuilt_counters')).rowCount ?? 0;
        return reads;
      })();
      await waitUntil(async () => (await h.db.query('select 1 from rebuilt_counters')).rowCount! > 0);
      let first: RebuildReport, second: RebuildReport;
      try {
        first = await projector.rebuild(h.store, { batchSize: 50 });
        second = await projector.rebuild(h.store, { batchSize: 50 }); // the swapped-in names allow another
      } finally {
        appending = false; // also when a rebuild fails: the writer must not outlive the test
        await appends;
      }
      expect(await readers).toBeGreaterThan(0);
      expect(first.events).toBeGreaterThan(0);
      expect(second.swapAttempts).toBeGreaterThanOrEqual(1);

      // The last append, not headPosition(): a transaction elsewhere in the cluster can hold the head back.
      const head = lastAppend!.logPosition;
      await watermarks.waitForProjections({ projections: ['rebuilt'], after: head }, { timeoutMs: 10_000 });
      await runner.stop();
      const scratch = await projectorFor('scratch', { prefix: 'rebuilt_scratch_' });
      const scratchRunner = start(scratch, h.store);
      await watermarks.waitForProjections({ projections: ['scratch'], after: head }, { timeoutMs: 10_000 });
      await scratchRunner.stop();
      for (const [table, orderBy] of [
        ['counters', ['stream_id']],
        ['seen_events', ['event_id']],
      ] as const) {
        const live = await tableChecksum(h.db, `rebuilt_${table}`, { orderBy });
        expect(await tableChecksum(h.db, `rebuilt_scratch_${table}`, { orderBy })).toEqual(live);
        expect(live.rows).toBeGreaterThan(0);
      }
      const leftovers = await h.db.query(`select relname from pg_class where relname like 'rebuilt%rebuild%' or relname like 'rebuilt%old%'`);
      expect(leftovers.rows).toEqual([]);
      expect(await exactlyOnceReport(h.db, 'rebuilt_')).toMatchObject({ wrongCounters: [] });
    }, 60_000);

    it('swaps only once the shadow holds what the live runner applied after the last catch-up', async () => {
      const projector = await projectorFor('raced');
      const runner = start(projector, h.store);
      await after('raced', await h.store.append('raced-1', [countedEvent()], 'any'));
      const report = await projector.rebuild(h.store, {
        beforeSwap: async (attempt) => {
          if (attempt > 1) return;
          await after('raced', await h.store.append('raced-1', [countedEvent()], 'any')); // live is past the shadow now
        },
      });
      // The server reads the rest inside the swap; one connection cannot, so it catches up again.
      expect(report.swapAttempts).toBe(h.db.singleConnection ? 2 : 1);
      await after('raced', await h.store.append('raced-1', [countedEvent()], 'any'));
      await runner.stop();
      expect(await exactlyOnceReport(h.db, 'raced_')).toMatchObject({ wrongCounters: [] });
    });

    it('swaps only once the shadow holds what a bus consumer applied after the last catch-up', async () => {
      const projector = await projectorFor('bussed');
      await h.store.append('bussed-1', [countedEvent()], 'no_stream');
      const [first] = await recorded(h.store, 'bussed-1');
      expect(await projector.applyDelivered(first!)).toBe('applied');
      let late: RecordedEvent | undefined;
      const report = await projector.rebuild(h.store, {
        beforeSwap: async (attempt) => {
          if (attempt > 1) return;
          await h.store.append('bussed-1', [countedEvent()], 0);
          late = (await recorded(h.store, 'bussed-1'))[1];
          expect(await projector.applyDelivered(late!)).toBe('applied');
        },
      });
      expect(report.swapAttempts).toBe(2);
      expect(await projector.applyDelivered(late!)).toBe('duplicate'); // the swapped-in versions know it
      const report2 = await exactlyOnceReport(h.db, 'bussed_');
      expect(report2).toMatchObject({ rows: report2.events, distinctEvents: report2.events, wrongCounters: [] });
    });

    it('rebuilds with a changed definition: the new schema and its index names replace the old ones', async () => {
      const v1 = counterProjection('reshaped', { prefix: 'reshaped_' });
      await new Projector(h.db, v1).ensureTables();
      const v2 = {
        ...v1,
        tables: v1.tables.map((t) =>
          t.name === 'reshaped_counters'
            ? { ...t, create: (n: string) => [...t.create(n), `alter table ${n} add column note text`, `create index ${n}_note_idx on ${n} (note)`] }
            : t,
        ),
      };
      await new Projector(h.db, v2).rebuild(h.store);
      const columns = await h.db.query(`select column_name from information_schema.columns where table_name = 'reshaped_counters' and column_name = 'note'`);
      expect(columns.rowCount).toBe(1);
      const indexes = await h.db.query<{ indexname: string }>(`select indexname from pg_indexes where tablename = 'reshaped_counters' order by indexname`);
      expect(indexes.rows.map((r) => r.indexname)).toEqual(['reshaped_counters_note_idx', 'reshaped_counters_pkey']);
      const sum = await tableChecksum(h.db, 'reshaped_counters', { orderBy: ['stream_id'], exclude: ['note'] });
      expect(sum.rows).toBeGreaterThan(0);
    });

    it('upgrades an existing table in place with its additive statements, every start, idempotently', async () => {
      const v1 = counterProjection('grown', { prefix: 'grown_' });
      await new Projector(h.db, v1).ensureTables();
      const added = `alter table grown_counters add column if not exists note text not null default 'none'`;
      const v2 = { ...v1, tables: v1.tables.map((t) => (t.name === 'grown_counters' ? { ...t, upgrade: () => [added] } : t)) };
      await new Projector(h.db, v2).ensureTables();
      await new Projector(h.db, v2).ensureTables();
      const columns = await h.db.query<{ column_default: string }>(
        `select column_default from information_schema.columns where table_name = 'grown_counters' and column_name = 'note'`,
      );
      expect(columns.rows.map((row) => row.column_default)).toEqual(["'none'::text"]);
    });
  });
}
