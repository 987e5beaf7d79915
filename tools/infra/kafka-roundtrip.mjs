#!/usr/bin/env node
// Readiness probe for the dev/CI Kafka broker (used by tools/infra/kafka-up.sh).
//
// One produce/consume round trip through a real consumer group, with kafkajs:
//   1. admin: create topic `weft.infra.roundtrip` (1 partition) if missing
//   2. produce one message with a unique value, acks = -1 (all in-sync replicas)
//   3. consume with a fresh consumer group, from the beginning, until that value
//      shows up; commit its offset and check the commit with admin.fetchOffsets
//   4. delete the throw-away group (best effort)
// Exit 0 when the value was read back and committed; otherwise exit 1 with a
// one-line reason on stderr.
//
// Env: KAFKA_BROKERS (default 127.0.0.1:9092, comma-separated)
//      KAFKA_ROUNDTRIP_TIMEOUT_MS (default 30000): hard bound for the whole run.
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, Partitioners } from 'kafkajs';

const TOPIC = 'weft.infra.roundtrip';
const brokers = (process.env.KAFKA_BROKERS || '127.0.0.1:9092')
  .split(',')
  .map((b) => b.trim())
  .filter(Boolean);
const timeoutMs = Number(process.env.KAFKA_ROUNDTRIP_TIMEOUT_MS || 30000);

const runId = randomUUID();
const groupId = `weft.infra.roundtrip.${runId}`;
const value = `roundtrip ${runId} ${new Date().toISOString()}`;

const kafka = new Kafka({
  clientId: 'weft-infra-roundtrip',
  brokers,
  logLevel: logLevel.NOTHING,
  connectionTimeout: 3000,
  requestTimeout: 10000,
  retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2000 },
});

const admin = kafka.admin();
const producer = kafka.producer({
  createPartitioner: Partitioners.DefaultPartitioner,
  allowAutoTopicCreation: false,
});
const consumer = kafka.consumer({
  groupId,
  sessionTimeout: 10000,
  rebalanceTimeout: 10000,
  heartbeatInterval: 1000,
  maxWaitTimeInMs: 500,
  retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2000 },
});

function oneLine(err) {
  const name = err?.type || err?.name || 'Error';
  return `${name}: ${String(err?.message ?? err)
    .replace(/\s+/g, ' ')
    .trim()}`;
}

async function quietly(fn) {
  try {
    await fn();
  } catch {
    /* cleanup only */
  }
}

async function roundTrip() {
  await admin.connect();
  const existing = await admin.listTopics();
  if (!existing.includes(TOPIC)) {
    // false when it already exists (e.g. a concurrent run created it): fine.
    await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic: TOPIC, numPartitions: 1, replicationFactor: 1 }],
    });
  }

  await producer.connect();
  const [meta] = await producer.send({ topic: TOPIC, acks: -1, messages: [{ key: runId, value }] });
  if (!meta || meta.errorCode !== 0) {
    throw new Error(`produce returned ${JSON.stringify(meta)}`);
  }
  const producedOffset = meta.baseOffset;

  await consumer.connect();
  await consumer.subscribe({ topics: [TOPIC], fromBeginning: true });

  let resolveRead;
  let rejectRead;
  const read = new Promise((resolve, reject) => {
    resolveRead = resolve;
    rejectRead = reject;
  });
  consumer.on(consumer.events.CRASH, (e) => rejectRead(e.payload?.error ?? new Error('consumer crashed')));

  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ topic, partition, message }) => {
      if (message.value?.toString() !== value) return;
      const next = (BigInt(message.offset) + 1n).toString();
      await consumer.commitOffsets([{ topic, partition, offset: next }]);
      resolveRead({ partition, offset: message.offset, next });
    },
  });

  const got = await read;
  if (got.offset !== producedOffset) {
    throw new Error(`read the value at offset ${got.offset}, but it was produced at ${producedOffset}`);
  }

  const committed = await admin.fetchOffsets({ groupId, topics: [TOPIC] });
  const p = committed[0]?.partitions.find((x) => x.partition === got.partition);
  if (!p || p.offset !== got.next) {
    throw new Error(`committed offset is ${p?.offset}, expected ${got.next}`);
  }

  await consumer.disconnect();
  await quietly(() => admin.deleteGroups([groupId]));
}

const timer = setTimeout(() => {
  console.error(`kafka-roundtrip: timed out after ${timeoutMs} ms (brokers ${brokers.join(',')})`);
  process.exit(1);
}, timeoutMs);

const started = Date.now();
let code = 0;
try {
  await roundTrip();
  console.log(`kafka-roundtrip: ok in ${Date.now() - started} ms (brokers ${brokers.join(',')})`);
} catch (err) {
  console.error(`kafka-roundtrip: ${oneLine(err)} (brokers ${brokers.join(',')})`);
  code = 1;
} finally {
  await quietly(() => consumer.disconnect());
  await quietly(() => producer.disconnect());
  await quietly(() => admin.disconnect());
}
clearTimeout(timer);
process.exit(code);
