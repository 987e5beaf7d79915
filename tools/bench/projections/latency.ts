// Append -> read-model latency: single appends into a live `runFromStore` projector in
// the same process, each timed until `waitForProjections` says the read model has it
// (the in-process notification path a gateway uses for read-your-writes). Bounded by
// BENCH_APPENDS and BENCH_SECONDS; the database is created and dropped here.
// BENCH_TARGET=server (default) | embedded. Target: p99 <= 50 ms embedded.
// See docs/projections.md ("Performance").
import { performance } from 'node:perf_hooks';
import { PostgresEventStore } from '@weft/eventstore';
import { migrateUp } from '@weft/postgres';
import { ProjectionWatermarks, Projector, projectionMigrations } from '@weft/projections';
import { createBenchDatabase, createEmbeddedBenchDatabase, percentile } from '../eventstore/bench-database.js';
import { countedEvent, counterProjection } from '../../../libs/shared/projections/src/testing/counter-projection.fixture.js';

const TARGET = process.env['BENCH_TARGET'] ?? 'server';
const APPENDS = Number(process.env['BENCH_APPENDS'] ?? 1000);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 20);
const GAP_MS = 2; // a trickle of single appends, not a burst

async function main(): Promise<void> {
  const database = TARGET === 'embedded' ? await createEmbeddedBenchDatabase() : await createBenchDatabase(6);
  await migrateUp(database.db, projectionMigrations);
  const store = new PostgresEventStore(database.db);
  const watermarks = new ProjectionWatermarks(database.db);
  const projector = new Projector(database.db, counterProjection('bench_live'), { watermarks });
  await projector.ensureTables();
  const controller = new AbortController();
  const running = projector.runFromStore(store, controller.signal);
  try {
    const latencies: number[] = [];
    const appendOnly: number[] = [];
    const deadline = performance.now() + SECONDS * 1000;
    for (let i = 0; i < APPENDS && performance.now() < deadline; i++) {
      const started = performance.now();
      const { logPosition } = await store.append(`bench-${i % 50}`, [countedEvent({ i })], 'any');
      if (i >= 20) appendOnly.push(performance.now() - started);
      await watermarks.waitForProjections({ projections: ['bench_live'], after: logPosition }, { timeoutMs: 5_000 });
      if (i >= 20) latencies.push(performance.now() - started); // the first ones warm plans and connections
      await new Promise((resolve) => setTimeout(resolve, GAP_MS));
    }
    latencies.sort((a, b) => a - b);
    appendOnly.sort((a, b) => a - b);
    const ms = (v: number) => `${v.toFixed(2)} ms`;
    console.log(`latency (${TARGET}): ${latencies.length} single appends, append -> read model visible`);
    console.log(
      `  p50 ${ms(percentile(latencies, 0.5))}, p95 ${ms(percentile(latencies, 0.95))}, p99 ${ms(percentile(latencies, 0.99))}, max ${ms(latencies.at(-1) ?? NaN)}`,
    );
    console.log(
      `  of which the append itself: p50 ${ms(percentile(appendOnly, 0.5))}, p95 ${ms(percentile(appendOnly, 0.95))}, p99 ${ms(percentile(appendOnly, 0.99))}`,
    );
  } finally {
    controller.abort();
    await running;
    await store.close();
    await database.drop();
  }
}

await main();
