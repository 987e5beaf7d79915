// Publish -> consume through the EventBus: BENCH_EVENTS events published in BENCH_BATCH-event
// batches, one batch after the other (as the relay publishes), over BENCH_STREAMS streams,
// while one subscription consumes them. Measures publish throughput, the latency of one
// publish call, and publish -> onEvent latency (from the start of the publish call to the
// handler). Bounded: it stops publishing after BENCH_SECONDS and waits at most as long again
// for the consumer. Topics are unique per run and deleted afterwards.
// BENCH_RATE paces the publisher (events/s). BENCH_TARGET=kafka (default, the broker at KAFKA_BROKERS) or in-process.
// See libs/shared/messaging/README.md ("Performance").
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { logLevel } from 'kafkajs';
import { type RecordedEvent } from '@weft/kernel';
import { type EventBus, InProcessEventBus, KafkaEventBus, createKafka, topicOf } from '@weft/messaging';

const EVENTS = Number(process.env['BENCH_EVENTS'] ?? 20_000);
const BATCH = Number(process.env['BENCH_BATCH'] ?? 100);
const STREAMS = Number(process.env['BENCH_STREAMS'] ?? 500);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 30);
const PARTITIONS = Number(process.env['BENCH_PARTITIONS'] ?? 3);
const TARGET = process.env['BENCH_TARGET'] ?? 'kafka';
const BROKERS = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',').map((b) => b.trim());
/** Events per second to publish at; 0 (default): as fast as publish() allows, so latency includes the consumer's backlog. */
const RATE = Number(process.env['BENCH_RATE'] ?? 0);
const CONTEXT = 'bench';

const streams = Array.from({ length: STREAMS }, () => `${CONTEXT}.Execution-${randomUUID()}`);
const versions = new Map<string, number>();

function batch(offset: number): RecordedEvent[] {
  return Array.from({ length: BATCH }, (_, i) => {
    const streamId = streams[(offset + i) % STREAMS]!;
    const streamVersion = versions.get(streamId) ?? 0;
    versions.set(streamId, streamVersion + 1);
    return {
      eventId: randomUUID(),
      type: 'ExecutionNodeFinished',
      schemaVersion: 1,
      data: { node: `node-${i}`, output: { items: 3, status: 'ok' }, durationMs: 12 },
      metadata: {
        organizationId: 'org-bench',
        correlationId: randomUUID(),
        traceparent: `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`,
      },
      streamId,
      streamVersion,
      logPosition: { transactionId: String(1000 + offset + i), position: String(offset + i) },
      occurredAt: new Date(),
      hash: randomBytes(32).toString('hex'),
    };
  });
}

/** The value below which `fraction` of the sorted samples lie. */
function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;
}

async function waitFor(condition: () => boolean, deadline: number): Promise<void> {
  while (!condition() && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}

async function deleteTopic(topic: string): Promise<void> {
  const admin = createKafka({ clientId: 'weft-bench', brokers: BROKERS, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await admin.deleteTopics({ topics: [topic] });
  } finally {
    await admin.disconnect();
  }
}

async function main(): Promise<void> {
  const topicPrefix = `weft.bench.${Date.now().toString(36)}.${randomBytes(3).toString('hex')}`;
  const bus: EventBus =
    TARGET === 'in-process'
      ? new InProcessEventBus({ topicPrefix, partitions: PARTITIONS })
      : new KafkaEventBus({ brokers: BROKERS, clientId: 'weft-bench', topicPrefix, partitions: PARTITIONS });
  const publishedAt = new Map<string, number>();
  const endToEnd: number[] = [];
  try {
    const subscription = await bus.subscribe({
      group: `${topicPrefix}.group`,
      contexts: [CONTEXT],
      fromBeginning: true,
      onEvent: async (event) => {
        endToEnd.push(performance.now() - publishedAt.get(event.eventId)!);
      },
    });
    await bus.publish(batch(0)); // warm-up: topic metadata, connections
    await waitFor(() => endToEnd.length >= BATCH, performance.now() + 30_000);
    endToEnd.length = 0;

    const publishLatency: number[] = [];
    const started = performance.now();
    const deadline = started + SECONDS * 1000;
    let published = 0;
    while (published < EVENTS && performance.now() < deadline) {
      const events = batch(BATCH + published);
      const sent = performance.now();
      for (const event of events) publishedAt.set(event.eventId, sent);
      await bus.publish(events);
      publishLatency.push(performance.now() - sent);
      published += events.length;
      if (RATE > 0) await waitFor(() => false, started + (published / RATE) * 1000);
    }
    const publishSeconds = (performance.now() - started) / 1000;
    await waitFor(() => endToEnd.length >= published, performance.now() + SECONDS * 1000);
    const consumeSeconds = (performance.now() - started) / 1000;
    await subscription.stop();
    report({ published, publishSeconds, consumed: endToEnd.length, consumeSeconds, publishLatency, endToEnd });
  } finally {
    await bus.close();
    if (TARGET !== 'in-process') await deleteTopic(topicOf(CONTEXT, topicPrefix));
  }
}

interface Figures {
  readonly published: number;
  readonly publishSeconds: number;
  readonly consumed: number;
  readonly consumeSeconds: number;
  readonly publishLatency: number[];
  readonly endToEnd: number[];
}

function report(f: Figures): void {
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  const row = (name: string, samples: number[]) => {
    const sorted = [...samples].sort((a, b) => a - b);
    return `| ${name} | ${ms(percentile(sorted, 0.5))} | ${ms(percentile(sorted, 0.95))} | ${ms(percentile(sorted, 0.99))} |`;
  };
  const pace = RATE > 0 ? `paced at ${RATE} events/s` : 'unpaced';
  console.log(`publish-consume (${TARGET}, ${pace}): ${f.published} events in ${BATCH}-event batches over ${STREAMS} streams, ${PARTITIONS} partitions`);
  console.log(`  publish: ${Math.round(f.published / f.publishSeconds)} events/s (${f.publishSeconds.toFixed(1)} s)`);
  console.log(`  consumed: ${f.consumed}/${f.published}, ${Math.round(f.consumed / f.consumeSeconds)} events/s end to end (${f.consumeSeconds.toFixed(1)} s)`);
  console.log('| latency | p50 | p95 | p99 |\n|---|---|---|---|');
  console.log(row(`publish() of one ${BATCH}-event batch`, f.publishLatency));
  console.log(row('publish -> onEvent', f.endToEnd));
}

await main();
