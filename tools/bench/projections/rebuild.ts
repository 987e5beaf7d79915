// Rebuild throughput: seeds BENCH_EVENTS events (default 100,000, in 100-event appends
// over 2,000 streams), then rebuilds the counter projection from the beginning into
// shadow tables and swaps it in. BENCH_HANDLER=batched (default: applyBatch, two
// statements per batch) | per-event (apply, two statements per event). BENCH_BATCH
// events per read and transaction (default 5000). BENCH_TARGET=server | embedded.
// Target: >= 20,000 events/s. See docs/projections.md ("Performance").
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { PostgresEventStore } from '@weft/eventstore';
import { migrateUp } from '@weft/postgres';
import { Projector, projectionMigrations, tableChecksum } from '@weft/projections';
import { createBenchDatabase, createEmbeddedBenchDatabase } from '../eventstore/bench-database.js';
import { counterProjection } from '../../../libs/shared/projections/src/testing/counter-projection.fixture.js';

const TARGET = process.env['BENCH_TARGET'] ?? 'server';
const EVENTS = Number(process.env['BENCH_EVENTS'] ?? 100_000);
const BATCH = Number(process.env['BENCH_BATCH'] ?? 5000);
const HANDLER = process.env['BENCH_HANDLER'] ?? 'batched';
const SEED_BATCH = 100;

async function seed(store: PostgresEventStore): Promise<void> {
  const appends = Math.ceil(EVENTS / SEED_BATCH);
  let next = 0;
  const worker = async () => {
    for (let n = next++; n < appends; n = next++) {
      const events = Array.from({ length: SEED_BATCH }, (_, i) => ({
        eventId: randomUUID(),
        type: 'Counted',
        schemaVersion: 1,
        data: { node: `node-${i}`, output: { items: 3, status: 'ok' }, durationMs: 12 },
        metadata: { organizationId: `org-${n % 10}`, correlationId: randomUUID() },
      }));
      await store.append(`execution-${n % 2000}`, events, 'any');
    }
  };
  await Promise.all(Array.from({ length: TARGET === 'embedded' ? 1 : 8 }, worker));
}

async function main(): Promise<void> {
  const database = TARGET === 'embedded' ? await createEmbeddedBenchDatabase() : await createBenchDatabase(10);
  await migrateUp(database.db, projectionMigrations);
  const store = new PostgresEventStore(database.db);
  try {
    const seeding = performance.now();
    await seed(store);
    console.log(`rebuild (${TARGET}, ${HANDLER}): seeded ${EVENTS} events in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);
    const projector = new Projector(database.db, counterProjection('bench_rebuild', { batched: HANDLER === 'batched' }));
    await projector.ensureTables();
    const report = await projector.rebuild(store, { batchSize: BATCH });
    console.log(
      `  ${report.events} events in ${report.seconds.toFixed(2)} s: ${Math.round(report.events / report.seconds)} events/s (batches of ${BATCH}, ${report.swapAttempts} swap attempt(s))`,
    );
    const sum = await tableChecksum(database.db, 'seen_events', { orderBy: ['event_id'] });
    console.log(`  seen_events: ${sum.rows} rows, checksum ${sum.digest}`);
  } finally {
    await store.close();
    await database.drop();
  }
}

await main();
