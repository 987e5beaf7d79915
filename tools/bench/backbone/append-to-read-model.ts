// Append → read model through Kafka, the distributed path end to end: single appends
// into the PostgreSQL event store, the relay publishing to the real broker, a consumer
// group applying them in batches to a read-model table through a projector (dedup and
// offsets in the same transaction). Latency is taken when the projector's transaction committed.
// Target: p99 <= 200 ms. See docs/benchmarks.md.
//   BENCH_RATE (appends/s, default 200), BENCH_SECONDS (default 10), KAFKA_BROKERS.
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { PostgresEventStore } from '@weft/eventstore';
import { type RecordedEvent } from '@weft/kernel';
import { KafkaEventBus, Relay, relayMigrations } from '@weft/messaging';
import { migrateUp } from '@weft/postgres';
import { type ProjectionDefinition, Projector, projectionMigrations } from '@weft/projections';
import { createBenchDatabase, percentile } from '../eventstore/bench-database.js';

const RATE = Number(process.env['BENCH_RATE'] ?? 200);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
const BROKERS = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');

const sentAt = (event: RecordedEvent) => (event.data as { sentAt: number }).sentAt;

const counters: ProjectionDefinition = {
  name: 'bench_counters',
  tables: [
    { name: 'bench_counters', create: (t) => [`create table ${t} (stream_id text primary key, events int not null, last_sent double precision not null)`] },
  ],
  async apply(event, tx) {
    const sentAt = (event.data as { sentAt: number }).sentAt;
    await tx.query(
      `insert into ${tx.table('bench_counters')} (stream_id, events, last_sent) values ($1, 1, $2)
       on conflict (stream_id) do update set events = ${tx.table('bench_counters')}.events + 1, last_sent = excluded.last_sent`,
      [event.streamId, sentAt],
    );
  },
  // One statement per batch, as a real read model written for throughput would.
  async applyBatch(events, tx) {
    const table = tx.table('bench_counters');
    await tx.query(
      `insert into ${table} (stream_id, events, last_sent)
       select stream_id, count(*), max(sent) from unnest($1::text[], $2::float8[]) as u(stream_id, sent) group by stream_id
       on conflict (stream_id) do update set events = ${table}.events + excluded.events, last_sent = excluded.last_sent`,
      [events.map((e) => e.streamId), events.map((e) => sentAt(e))],
    );
  },
};

const now = () => performance.timeOrigin + performance.now();

async function main(): Promise<void> {
  const bench = await createBenchDatabase(10);
  await migrateUp(bench.db, [...relayMigrations, ...projectionMigrations]);
  const store = new PostgresEventStore(bench.db);
  const topicPrefix = `weft.bench.${randomBytes(4).toString('hex')}`;
  const bus = new KafkaEventBus({ brokers: BROKERS, topicPrefix, clientId: 'bench', partitionsConsumedConcurrently: 3 });
  const projector = new Projector(bench.db, counters);
  await projector.ensureTables();
  const relay = new Relay({ store, bus, db: bench.db, name: 'bench' });
  const latencies: number[] = [];
  const received: number[] = [];
  const subscription = await bus.subscribe({
    group: `${topicPrefix}.projector`,
    contexts: ['bench'],
    fromBeginning: true,
    resumeFrom: (topic, partition) => projector.lastAppliedOffset(topic, partition),
    onBatch: async (batch) => {
      const at = now();
      for (const { event } of batch) received.push(at - sentAt(event));
      await projector.applyDeliveredBatch(batch);
      const committed = now();
      for (const { event } of batch) latencies.push(committed - sentAt(event));
    },
  });
  relay.start();
  // Warm-up: topic creation, group join, first fetch.
  await store.append('bench.Warmup-1', [{ eventId: randomUUID(), type: 'Warmed', schemaVersion: 1, data: { sentAt: now() }, metadata: {} }], 'any');
  while (latencies.length < 1) await new Promise((resolve) => setTimeout(resolve, 20));
  latencies.length = 0;
  received.length = 0;

  const total = RATE * SECONDS;
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    void store.append(
      `bench.Item-${i % 100}`,
      [{ eventId: randomUUID(), type: 'ItemCounted', schemaVersion: 1, data: { sentAt: now() }, metadata: { organizationId: 'org-bench' } }],
      'any',
    );
  }
  const deadline = performance.now() + 30_000;
  while (latencies.length < total && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  received.sort((a, b) => a - b);
  console.log(`append → Kafka → read model: ${latencies.length}/${total} events at ${RATE}/s over ${elapsed.toFixed(1)} s`);
  const row = (label: string, sorted: number[]) => `| ${label} | ${[0.5, 0.95, 0.99, 1].map((q) => `${percentile(sorted, q).toFixed(1)} ms`).join(' | ')} |`;
  console.log(
    ['| from append to | p50 | p95 | p99 | max |', '|---|---|---|---|---|', row('handler called', received), row('read model committed', latencies)].join('\n'),
  );
  await subscription.stop();
  await relay.stop();
  await bus.close();
  await store.close();
  await bench.drop();
}

await main();
