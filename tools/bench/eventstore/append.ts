// Append throughput: 8 writers, 10-event batches, each writer on its own streams with an
// exact expected version, against the local PostgreSQL in a database created and dropped
// here (BENCH_TARGET=embedded: a PGlite on one connection instead).
// Target: >= 10,000 events/s. See docs/event-store.md ("Performance").
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { PostgresEventStore } from '@weft/eventstore';
import { type NewEvent } from '@weft/kernel';
import { createBenchDatabase, createEmbeddedBenchDatabase, percentile } from './bench-database.js';

const WRITERS = Number(process.env['BENCH_WRITERS'] ?? 8);
const BATCH = Number(process.env['BENCH_BATCH'] ?? 10);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 15);
const APPENDS_PER_STREAM = 50;
/** `server` (default): the local PostgreSQL; `embedded`: PGlite on one connection. */
const TARGET = process.env['BENCH_TARGET'] ?? 'server';

const batch = (organizationId: string, offset: number): NewEvent[] =>
  Array.from({ length: BATCH }, (_, i) => ({
    eventId: randomUUID(),
    type: 'ExecutionNodeFinished',
    schemaVersion: 1,
    data: { node: `node-${offset + i}`, output: { items: 3, status: 'ok' }, durationMs: 12 },
    metadata: { organizationId, correlationId: randomUUID(), actorId: 'bench' },
  }));

async function writer(store: PostgresEventStore, deadline: number, latencies: number[]): Promise<number> {
  let events = 0;
  for (let stream = 0; performance.now() < deadline; stream++) {
    const streamId = `execution-${randomUUID()}`;
    for (let i = 0; i < APPENDS_PER_STREAM && performance.now() < deadline; i++) {
      const started = performance.now();
      await store.append(streamId, batch('org-bench', i * BATCH), i === 0 ? 'no_stream' : i * BATCH - 1);
      latencies.push(performance.now() - started);
      events += BATCH;
    }
  }
  return events;
}

async function main(): Promise<void> {
  const database = TARGET === 'embedded' ? await createEmbeddedBenchDatabase() : await createBenchDatabase(WRITERS + 2);
  const store = new PostgresEventStore(database.db);
  try {
    await writer(store, performance.now() + 1000, []); // warm-up: connections, plans
    const latencies: number[] = [];
    const started = performance.now();
    const counts = await Promise.all(Array.from({ length: WRITERS }, () => writer(store, started + SECONDS * 1000, latencies)));
    const elapsed = (performance.now() - started) / 1000;
    const events = counts.reduce((a, b) => a + b, 0);
    latencies.sort((a, b) => a - b);
    const ms = (v: number) => `${v.toFixed(2)} ms`;
    console.log(`append (${TARGET}): ${WRITERS} writers x ${BATCH}-event batches for ${elapsed.toFixed(1)} s`);
    console.log(`  ${events} events, ${Math.round(events / elapsed)} events/s, ${Math.round(latencies.length / elapsed)} appends/s`);
    console.log(`  append latency p50 ${ms(percentile(latencies, 0.5))}, p95 ${ms(percentile(latencies, 0.95))}, p99 ${ms(percentile(latencies, 0.99))}`);
  } finally {
    await store.close();
    await database.drop();
  }
}

await main();
