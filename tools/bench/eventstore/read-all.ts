// Read throughput of the global log: readAll pages and a catch-up subscription over a
// seeded log, in a database created and dropped here. Supports the projection rebuild
// target (>= 20,000 events/s). See docs/event-store.md ("Performance").
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { type LogPosition } from '@weft/kernel';
import { PostgresEventStore } from '@weft/eventstore';
import { createBenchDatabase, percentile } from './bench-database.js';

const EVENTS = Number(process.env['BENCH_EVENTS'] ?? 200_000);
const SEED_BATCH = 100;
const PAGE = Number(process.env['BENCH_PAGE'] ?? 5000);
const LIVE_APPENDS = 500;

async function seed(store: PostgresEventStore): Promise<void> {
  const appends = EVENTS / SEED_BATCH;
  let next = 0;
  const worker = async () => {
    for (let n = next++; n < appends; n = next++) {
      const events = Array.from({ length: SEED_BATCH }, (_, i) => ({
        eventId: randomUUID(),
        type: 'ExecutionNodeFinished',
        schemaVersion: 1,
        data: { node: `node-${i}`, output: { items: 3, status: 'ok' }, durationMs: 12 },
        metadata: { organizationId: `org-${n % 10}`, correlationId: randomUUID() },
      }));
      await store.append(`execution-${n}`, events, 'no_stream');
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

async function readAllPages(store: PostgresEventStore): Promise<number> {
  let after: LogPosition | undefined;
  let read = 0;
  for (;;) {
    const page = await store.readAll({ after, maxCount: PAGE });
    read += page.length;
    if (page.length < PAGE) return read;
    after = page.at(-1)!.logPosition;
  }
}

async function subscribeToHead(store: PostgresEventStore): Promise<number> {
  let seen = 0;
  const controller = new AbortController();
  const subscription = store.subscribeToAll({
    signal: controller.signal,
    onEvent: async () => {
      if (++seen === EVENTS) controller.abort();
    },
  });
  await subscription.done;
  return seen;
}

/** Append → onEvent latency of a live subscription, one append at a time. */
async function liveLatency(store: PostgresEventStore): Promise<void> {
  const started = new Map<string, number>();
  const latencies: number[] = [];
  const controller = new AbortController();
  const subscription = store.subscribeToAll({
    after: await store.headPosition(),
    signal: controller.signal,
    onEvent: async (event) => {
      const at = started.get(event.eventId);
      if (at !== undefined) latencies.push(performance.now() - at);
      if (latencies.length === LIVE_APPENDS) controller.abort();
    },
  });
  for (let i = 0; i < LIVE_APPENDS; i++) {
    const eventId = randomUUID();
    started.set(eventId, performance.now());
    await store.append(`live-${i}`, [{ eventId, type: 'LiveMeasured', schemaVersion: 1, data: { i }, metadata: {} }], 'no_stream');
    await new Promise((resolve) => setTimeout(resolve, 2)); // a trickle, not a burst
  }
  await subscription.done;
  latencies.sort((a, b) => a - b);
  console.log(`  live append -> onEvent (same process): p50 ${percentile(latencies, 0.5).toFixed(2)} ms, p99 ${percentile(latencies, 0.99).toFixed(2)} ms`);
}

async function timed(label: string, run: () => Promise<number>): Promise<void> {
  const started = performance.now();
  const count = await run();
  const seconds = (performance.now() - started) / 1000;
  console.log(`  ${label}: ${count} events in ${seconds.toFixed(2)} s, ${Math.round(count / seconds)} events/s`);
}

async function main(): Promise<void> {
  const database = await createBenchDatabase(9);
  const store = new PostgresEventStore(database.db, { subscriptionBatchSize: PAGE });
  try {
    const started = performance.now();
    await seed(store);
    console.log(`read-all: seeded ${EVENTS} events in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    await timed(`readAll, pages of ${PAGE}`, () => readAllPages(store));
    await timed(`subscribeToAll catch-up, batches of ${PAGE}`, () => subscribeToHead(store));
    await liveLatency(store);
  } finally {
    await store.close();
    await database.drop();
  }
}

await main();
