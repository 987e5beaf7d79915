#!/usr/bin/env node
// kafkajs <-> broker compatibility check (a tool, not part of the test suite).
//
// Runs the kafkajs features Weft relies on against a live broker and prints one
// row per feature (PASS/FAIL + the exact error), as a Markdown table at the end.
// This is how the Kafka version pinned in infra/kafka/pom.xml was chosen; re-run
// it before changing that version (see infra/kafka/README.md):
//
//   tools/infra/kafka-up.sh && node tools/infra/kafkajs-compat.mjs
//
// Env: KAFKA_BROKERS (default 127.0.0.1:9092)
//      KAFKA_VERSION_LABEL  broker version for the report (default: read from
//                           .data/kafka/logs/server.log, else "unknown")
//      COMPAT_ONLY          comma-separated check ids to run (default: all)
// Exit code: 0 when every check passed, 1 otherwise. Takes about a minute.
// It creates topics/groups named weft.compat.<run id>.* and deletes the topics.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel, Partitioners, CompressionTypes } from 'kafkajs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const brokers = (process.env.KAFKA_BROKERS || '127.0.0.1:9092')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const only = (process.env.COMPAT_ONLY || '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const RUN = randomUUID().slice(0, 8);
const name = (s) => `weft.compat.${RUN}.${s}`;
const CHECK_TIMEOUT_MS = 90_000;

const require = createRequire(import.meta.url);
const kafkajsVersion = require('kafkajs/package.json').version;

function brokerVersionLabel() {
  if (process.env.KAFKA_VERSION_LABEL) return process.env.KAFKA_VERSION_LABEL;
  try {
    const log = fs.readFileSync(path.join(ROOT, '.data/kafka/logs/server.log'), 'utf8');
    const all = [...log.matchAll(/Kafka version: (\S+)/g)];
    if (all.length) return all[all.length - 1][1];
  } catch {
    /* no local log */
  }
  return 'unknown';
}

const kafka = new Kafka({
  clientId: 'weft-kafkajs-compat',
  brokers,
  logLevel: logLevel.NOTHING,
  connectionTimeout: 5000,
  requestTimeout: 15000,
  retry: { retries: 5, initialRetryTime: 200, maxRetryTime: 3000 },
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const oneLine = (e) =>
  `${e?.type || e?.name || 'Error'}: ${String(e?.message ?? e)
    .replace(/\s+/g, ' ')
    .trim()}`;
function assert(cond, msg) {
  if (!cond) throw new Error(`assertion failed: ${msg}`);
}
async function waitFor(what, fn, ms = 30_000, every = 100) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(every);
  }
}
const cleanups = [];
const later = (fn) => cleanups.push(fn);
async function quietly(fn) {
  try {
    await fn();
  } catch {
    /* cleanup only */
  }
}

const admin = kafka.admin();
const createdTopics = [];
async function createTopic(topic, numPartitions) {
  const created = await admin.createTopics({
    waitForLeaders: true,
    topics: [{ topic, numPartitions, replicationFactor: 1 }],
  });
  assert(created === true, `createTopics(${topic}) returned ${created}`);
  createdTopics.push(topic);
  return topic;
}
function newProducer(opts = {}) {
  const p = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, ...opts });
  later(() => p.disconnect());
  return p;
}
function newConsumer(groupId, opts = {}) {
  const c = kafka.consumer({
    groupId,
    sessionTimeout: 10_000,
    rebalanceTimeout: 10_000,
    heartbeatInterval: 500,
    maxWaitTimeInMs: 250,
    ...opts,
  });
  later(() => c.disconnect());
  return c;
}
// Collects {topic, partition, offset, value} of everything a consumer reads.
async function collect(consumer, topics, { fromBeginning = true, autoCommit = true } = {}) {
  const seen = [];
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning });
  await consumer.run({
    autoCommit,
    eachMessage: async ({ topic, partition, message }) => {
      seen.push({ topic, partition, offset: message.offset, value: message.value?.toString() });
    },
  });
  return seen;
}
const sumOffsets = (parts) => parts.reduce((n, p) => n + Number(p.offset), 0);

// --------------------------------------------------------------------------
const checks = [];
const check = (id, title, fn) => checks.push({ id, title, fn });

check('apiversions', 'API version negotiation (every kafkajs request has a version the broker accepts)', async () => {
  const keys = require('kafkajs/src/protocol/requests/apiKeys.js');
  const byKey = Object.fromEntries(Object.entries(keys).map(([k, v]) => [v, k]));
  const reqDir = path.join(path.dirname(require.resolve('kafkajs/package.json')), 'src/protocol/requests');
  const ours = {};
  for (const d of fs.readdirSync(reqDir)) {
    const full = path.join(reqDir, d);
    if (fs.statSync(full).isDirectory()) {
      ours[d.toLowerCase()] = fs
        .readdirSync(full)
        .filter((x) => /^v\d+$/.test(x))
        .map((x) => Number(x.slice(1)));
    }
  }
  const ranges = await rawApiVersions(brokers[0]);
  const bad = [];
  const used = [];
  for (const [key, min, max] of ranges) {
    const api = byKey[key];
    const vs = api && ours[api.toLowerCase()];
    if (!vs) continue;
    const ok = vs.filter((v) => v >= min && v <= max);
    if (!ok.length) bad.push(`${api} broker v${min}-${max} vs kafkajs v${Math.min(...vs)}-${Math.max(...vs)}`);
    else used.push(`${api} v${Math.max(...ok)}`);
  }
  for (const api of Object.keys(keys)) {
    if (ours[api.toLowerCase()] && !ranges.some(([k]) => byKey[k] === api)) bad.push(`${api} not offered by broker`);
  }
  assert(!bad.length, bad.join('; '));
  return `kafkajs uses ${used.join(', ')}`;
});

check('admin', 'admin: create/list/describe topics, configs, partitions, offsets, delete', async () => {
  const t = await createTopic(name('admin'), 2);
  const topics = await admin.listTopics();
  assert(topics.includes(t), 'listTopics misses the new topic');
  const md = await admin.fetchTopicMetadata({ topics: [t] });
  assert(md.topics[0].partitions.length === 2, 'metadata partition count');
  const cluster = await admin.describeCluster();
  assert(cluster.brokers.length === 1 && cluster.controller !== null, `describeCluster ${JSON.stringify(cluster)}`);
  const cfg = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: 2, name: t }] });
  assert(
    cfg.resources[0].configEntries.some((e) => e.configName === 'retention.ms'),
    'describeConfigs',
  );
  await admin.alterConfigs({ resources: [{ type: 2, name: t, configEntries: [{ name: 'retention.ms', value: '3600000' }] }] });
  await admin.createPartitions({ topicPartitions: [{ topic: t, count: 3 }] });
  await waitFor('3 partitions', async () => (await admin.fetchTopicMetadata({ topics: [t] })).topics[0].partitions.length === 3);
  const offs = await admin.fetchTopicOffsets(t);
  assert(offs.length === 3, 'fetchTopicOffsets');
  await admin.fetchTopicOffsetsByTimestamp(t, Date.now() - 60_000);
  const t2 = await createTopic(name('admin-del'), 1);
  await admin.deleteTopics({ topics: [t2], timeout: 10_000 });
  createdTopics.splice(createdTopics.indexOf(t2), 1);
  await waitFor('topic deleted', async () => !(await admin.listTopics()).includes(t2));
  return 'createTopics, listTopics, fetchTopicMetadata, describeCluster, describeConfigs, alterConfigs, createPartitions, fetchTopicOffsets(+ByTimestamp), deleteTopics';
});

check('produce-acks-all', 'producer, acks -1 (plus acks 1 and gzip)', async () => {
  const t = await createTopic(name('acks'), 3);
  const p = newProducer();
  await p.connect();
  const messages = Array.from({ length: 30 }, (_, i) => ({ key: `k${i}`, value: `v${i}` }));
  const r1 = await p.send({ topic: t, acks: -1, messages });
  assert(
    r1.every((x) => x.errorCode === 0),
    `acks -1 response ${JSON.stringify(r1)}`,
  );
  const r2 = await p.send({ topic: t, acks: 1, compression: CompressionTypes.GZIP, messages: [{ value: 'gz' }] });
  assert(
    r2.every((x) => x.errorCode === 0),
    'acks 1 + gzip',
  );
  const r3 = await p.sendBatch({ acks: -1, topicMessages: [{ topic: t, messages: [{ value: 'b1' }, { value: 'b2' }] }] });
  assert(
    r3.every((x) => x.errorCode === 0),
    'sendBatch',
  );
  const hw = (await admin.fetchTopicOffsets(t)).reduce((n, x) => n + Number(x.high), 0);
  assert(hw === 33, `high watermarks sum to ${hw}, expected 33`);
  await p.disconnect();
  return '33 records acknowledged, high watermarks match';
});

check('produce-idempotent', 'idempotent producer (idempotent: true, acks -1)', async () => {
  const t = await createTopic(name('idem'), 1);
  const p = newProducer({ idempotent: true, maxInFlightRequests: 1 });
  await p.connect();
  for (let i = 0; i < 3; i++) await p.send({ topic: t, acks: -1, messages: [{ value: `i${i}` }] });
  const [o] = await admin.fetchTopicOffsets(t);
  assert(o.high === '3', `high watermark ${o.high}`);
  await p.disconnect();
});

check('auto-create', 'auto topic creation on produce/metadata (auto.create.topics.enable)', async () => {
  const t = name('auto');
  const p = newProducer({ allowAutoTopicCreation: true });
  await p.connect();
  await p.send({ topic: t, acks: -1, messages: [{ value: 'x' }] });
  createdTopics.push(t);
  const md = await admin.fetchTopicMetadata({ topics: [t] });
  await p.disconnect();
  return `created with ${md.topics[0].partitions.length} partitions`;
});

check('consume', 'consumer group: read from beginning (eachMessage and eachBatch)', async () => {
  const t = await createTopic(name('consume'), 3);
  const p = newProducer();
  await p.connect();
  await p.send({ topic: t, acks: -1, messages: Array.from({ length: 20 }, (_, i) => ({ key: `k${i}`, value: `m${i}` })) });
  const c = newConsumer(name('consume-g'));
  const seen = await collect(c, [t]);
  await waitFor('20 messages', () => seen.length >= 20);
  await c.disconnect();
  const c2 = newConsumer(name('consume-batch-g'));
  let n = 0;
  await c2.connect();
  await c2.subscribe({ topics: [t], fromBeginning: true });
  await c2.run({
    eachBatch: async ({ batch }) => {
      n += batch.messages.length;
    },
  });
  await waitFor('20 messages via eachBatch', () => n >= 20);
  await c2.disconnect();
  await p.disconnect();
});

check('group-rebalance', 'consumer group: 2 members split partitions, rebalance when one leaves', async () => {
  const t = await createTopic(name('rebalance'), 4);
  const g = name('rebalance-g');
  const assignment = new Map(); // member label -> partitions from its last GROUP_JOIN
  const mk = (label) => {
    const c = newConsumer(g);
    c.on(c.events.GROUP_JOIN, (e) => {
      assignment.set(label, [...(e.payload.memberAssignment[t] || [])].sort());
    });
    return c;
  };
  const a = mk('a');
  const b = mk('b');
  const seenA = await collect(a, [t]);
  await waitFor('a alone owns 4 partitions', () => assignment.get('a')?.length === 4);
  const seenB = await collect(b, [t]);
  await waitFor(
    'a and b to share the 4 partitions',
    () => {
      const pa = assignment.get('a') || [];
      const pb = assignment.get('b') || [];
      const all = new Set([...pa, ...pb]);
      return pa.length > 0 && pb.length > 0 && pa.length + pb.length === 4 && all.size === 4;
    },
    40_000,
  );
  const split = `a=[${assignment.get('a')}] b=[${assignment.get('b')}]`;
  const desc = await admin.describeGroups([g]);
  assert(desc.groups[0].members.length === 2, `describeGroups members ${desc.groups[0].members.length}`);
  assert(desc.groups[0].protocolType === 'consumer', `protocolType ${desc.groups[0].protocolType}`);
  // Messages on every partition reach exactly one of the two members.
  const p = newProducer();
  await p.connect();
  await p.send({ topic: t, acks: -1, messages: [0, 1, 2, 3].map((partition) => ({ partition, value: `p${partition}` })) });
  await waitFor('4 messages across a and b', () => seenA.length + seenB.length >= 4);
  // b leaves: a gets everything back.
  await b.disconnect();
  await waitFor('a to own all 4 partitions again', () => assignment.get('a')?.length === 4, 40_000);
  const desc2 = await admin.describeGroups([g]);
  assert(desc2.groups[0].members.length === 1, `after leave: ${desc2.groups[0].members.length} members`);
  await p.send({ topic: t, acks: -1, messages: [0, 1, 2, 3].map((partition) => ({ partition, value: `q${partition}` })) });
  await waitFor('a to read the 4 new messages', () => seenA.filter((m) => m.value.startsWith('q')).length === 4);
  await a.disconnect();
  await p.disconnect();
  const groups = (await admin.listGroups()).groups.map((x) => x.groupId);
  assert(groups.includes(g), 'listGroups misses the group');
  await admin.deleteGroups([g]);
  return `split ${split}; after leave a=[${assignment.get('a')}]`;
});

check('commit-restart', 'committed offsets survive a consumer restart (auto and manual commit)', async () => {
  const t = await createTopic(name('commit'), 2);
  const p = newProducer();
  await p.connect();
  const send = (prefix, n) => p.send({ topic: t, acks: -1, messages: Array.from({ length: n }, (_, i) => ({ key: `${i}`, value: `${prefix}${i}` })) });
  const results = [];
  for (const mode of ['auto', 'manual']) {
    const g = name(`commit-${mode}-g`);
    await send(`${mode}-first-`, 6);
    // 1st life: read the 6 first messages, commit, leave.
    const c1 = newConsumer(g);
    const seen1 = [];
    await c1.connect();
    await c1.subscribe({ topics: [t], fromBeginning: true });
    await c1.run({
      autoCommit: mode === 'auto',
      eachMessage: async ({ topic, partition, message }) => {
        seen1.push(message.value.toString());
        if (mode === 'manual') {
          await c1.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
        }
      },
    });
    await waitFor(`${mode}: 6 first messages`, () => seen1.filter((v) => v.startsWith(`${mode}-first-`)).length === 6);
    await c1.disconnect(); // auto mode: commits on batch end / disconnect
    const committed = await admin.fetchOffsets({ groupId: g, topics: [t] });
    const total = sumOffsets(committed[0].partitions);
    const before = (await admin.fetchTopicOffsets(t)).reduce((n, x) => n + Number(x.high), 0);
    assert(total === before, `${mode}: committed offsets sum ${total}, log end offsets sum ${before}`);
    // Produced while the group has no member.
    await send(`${mode}-second-`, 4);
    // 2nd life, same group, fromBeginning: must resume from the committed offsets.
    const c2 = newConsumer(g);
    const seen2 = await collect(c2, [t], { fromBeginning: true });
    await waitFor(`${mode}: 4 second messages`, () => seen2.filter((m) => m.value.startsWith(`${mode}-second-`)).length === 4);
    await sleep(1500); // anything re-delivered would show up by now
    const old = seen2.filter((m) => !m.value.startsWith(`${mode}-second-`));
    assert(!old.length, `${mode}: restarted consumer re-read ${old.length} already committed messages`);
    await c2.disconnect();
    results.push(`${mode}: resumed at committed offsets, 0 re-reads`);
  }
  await p.disconnect();
  return results.join('; ');
});

check('heartbeat', 'heartbeats keep an idle member in its group past session timeout', async () => {
  const t = await createTopic(name('hb'), 1);
  const g = name('hb-g');
  const c = newConsumer(g, { sessionTimeout: 6000, heartbeatInterval: 1000 });
  let joins = 0;
  c.on(c.events.GROUP_JOIN, () => {
    joins += 1;
  });
  let heartbeats = 0;
  c.on(c.events.HEARTBEAT, () => {
    heartbeats += 1;
  });
  await collect(c, [t]);
  await waitFor('first join', () => joins === 1);
  await sleep(9000); // 1.5 x session timeout with no messages
  const desc = await admin.describeGroups([g]);
  assert(
    desc.groups[0].state === 'Stable' && desc.groups[0].members.length === 1,
    `group ${desc.groups[0].state} with ${desc.groups[0].members.length} members`,
  );
  assert(joins === 1, `member re-joined ${joins - 1} times (session expired?)`);
  assert(heartbeats >= 5, `only ${heartbeats} heartbeats`);
  await c.disconnect();
  return `${heartbeats} heartbeats in 9 s, no rejoin`;
});

check('consumer-extras', 'consumer: headers, seek, pause/resume; admin: setOffsets, resetOffsets, deleteTopicRecords', async () => {
  const t = await createTopic(name('extras'), 1);
  const p = newProducer();
  await p.connect();
  await p.send({
    topic: t,
    acks: -1,
    messages: Array.from({ length: 10 }, (_, i) => ({ key: `k${i}`, value: `e${i}`, headers: { 'x-trace': `t${i}` } })),
  });
  const g = name('extras-g');
  const c = newConsumer(g);
  const seen = [];
  await c.connect();
  await c.subscribe({ topics: [t], fromBeginning: true });
  await c.run({
    eachMessage: async ({ message }) => {
      seen.push({ offset: message.offset, value: message.value.toString(), header: message.headers['x-trace']?.toString() });
    },
  });
  await waitFor('10 messages', () => seen.length >= 10);
  assert(
    seen.every((m) => m.header === `t${m.value.slice(1)}`),
    'headers lost',
  );
  c.pause([{ topic: t }]);
  await p.send({ topic: t, acks: -1, messages: [{ value: 'while-paused' }] });
  await sleep(1500);
  assert(!seen.some((m) => m.value === 'while-paused'), 'read while paused');
  c.resume([{ topic: t }]);
  await waitFor('message after resume', () => seen.some((m) => m.value === 'while-paused'));
  const before = seen.length;
  c.seek({ topic: t, partition: 0, offset: '3' });
  await waitFor('re-read from offset 3 after seek', () => seen.length >= before + 8);
  assert(seen[before].offset === '3', `seek resumed at ${seen[before].offset}`);
  await c.disconnect();
  await admin.setOffsets({ groupId: g, topic: t, partitions: [{ partition: 0, offset: '5' }] });
  let off = await admin.fetchOffsets({ groupId: g, topics: [t] });
  assert(off[0].partitions[0].offset === '5', `setOffsets -> ${off[0].partitions[0].offset}`);
  await admin.resetOffsets({ groupId: g, topic: t, earliest: true });
  off = await admin.fetchOffsets({ groupId: g, topics: [t] });
  assert(off[0].partitions[0].offset === '-2' || off[0].partitions[0].offset === '0', `resetOffsets -> ${off[0].partitions[0].offset}`);
  await admin.deleteTopicRecords({ topic: t, partitions: [{ partition: 0, offset: '4' }] });
  const [lo] = await admin.fetchTopicOffsets(t);
  assert(lo.low === '4', `low watermark after deleteTopicRecords ${lo.low}`);
  await p.disconnect();
});

check('txn-commit', 'transactions: transactional send + commit (and abort), read_committed consumer', async () => {
  const t = await createTopic(name('txn'), 2);
  const p = newProducer({ transactionalId: name('txn-producer'), idempotent: true, maxInFlightRequests: 1 });
  await p.connect();
  const tx1 = await p.transaction();
  await tx1.send({
    topic: t,
    messages: [
      { key: 'a', value: 'committed-1' },
      { key: 'b', value: 'committed-2' },
    ],
  });
  await tx1.send({ topic: t, messages: [{ key: 'c', value: 'committed-3' }] });
  await tx1.commit();
  const tx2 = await p.transaction();
  await tx2.send({ topic: t, messages: [{ key: 'a', value: 'aborted-1' }] });
  await tx2.abort();
  const tx3 = await p.transaction();
  await tx3.send({ topic: t, messages: [{ key: 'd', value: 'committed-4' }] });
  await tx3.commit();
  const c = newConsumer(name('txn-g')); // kafkajs default isolation: read_committed
  const seen = await collect(c, [t]);
  await waitFor('4 committed messages', () => seen.length >= 4);
  await sleep(1000);
  const values = seen.map((m) => m.value).sort();
  assert(
    JSON.stringify(values) === JSON.stringify(['committed-1', 'committed-2', 'committed-3', 'committed-4']),
    `read_committed saw ${JSON.stringify(values)}`,
  );
  const cu = newConsumer(name('txn-g-uncommitted'), { readUncommitted: true });
  const seenU = await collect(cu, [t]);
  await waitFor('read_uncommitted to see the aborted record too', () => seenU.some((m) => m.value === 'aborted-1'));
  await c.disconnect();
  await cu.disconnect();
  await p.disconnect();
  return 'commit visible, abort hidden from read_committed';
});

check('txn-sendoffsets', 'transactions: consume-transform-produce with sendOffsets + commit', async () => {
  const tin = await createTopic(name('eos-in'), 2);
  const tout = await createTopic(name('eos-out'), 2);
  const g = name('eos-g');
  const plain = newProducer();
  await plain.connect();
  await plain.send({ topic: tin, acks: -1, messages: Array.from({ length: 5 }, (_, i) => ({ key: `${i}`, value: `in${i}` })) });
  const tp = newProducer({ transactionalId: name('eos-producer'), idempotent: true, maxInFlightRequests: 1 });
  await tp.connect();

  const runEos = async (wanted) => {
    const c = newConsumer(g);
    const done = [];
    await c.connect();
    await c.subscribe({ topics: [tin], fromBeginning: true });
    await c.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => {
        const tx = await tp.transaction();
        try {
          await tx.send({ topic: tout, messages: [{ key: message.key, value: `out-${message.value}` }] });
          await tx.sendOffsets({
            consumerGroupId: g,
            topics: [{ topic, partitions: [{ partition, offset: (BigInt(message.offset) + 1n).toString() }] }],
          });
          await tx.commit();
        } catch (e) {
          await quietly(() => tx.abort());
          throw e;
        }
        done.push(message.value.toString());
      },
    });
    await waitFor(`${wanted} input messages processed`, () => done.length >= wanted, 40_000);
    await sleep(1000);
    await c.disconnect();
    return done;
  };

  const first = await runEos(5);
  assert(first.length === 5, `first run processed ${first.length}`);
  const committed = await admin.fetchOffsets({ groupId: g, topics: [tin] });
  const total = sumOffsets(committed[0].partitions);
  assert(total === 5, `offsets committed through sendOffsets sum to ${total}, expected 5`);
  // Restart: only the new input message must be processed.
  await plain.send({ topic: tin, acks: -1, messages: [{ key: 'x', value: 'in-late' }] });
  const second = await runEos(1);
  assert(JSON.stringify(second) === JSON.stringify(['in-late']), `after restart processed ${JSON.stringify(second)}`);
  const outC = newConsumer(name('eos-out-g'));
  const out = await collect(outC, [tout]);
  await waitFor('6 output messages', () => out.length >= 6);
  await sleep(500);
  assert(out.length === 6, `read_committed output has ${out.length} messages, expected 6`);
  await outC.disconnect();
  await tp.disconnect();
  await plain.disconnect();
  return 'offsets committed atomically with the output; restart resumed after them';
});

// --------------------------------------------------------------------------
function rawApiVersions(broker) {
  const [host, port] = [broker.slice(0, broker.lastIndexOf(':')), Number(broker.slice(broker.lastIndexOf(':') + 1))];
  return new Promise((resolve, reject) => {
    const clientId = Buffer.from('weft-compat');
    const body = Buffer.alloc(10 + clientId.length);
    body.writeInt16BE(18, 0); // ApiVersions
    body.writeInt16BE(0, 2); // v0: the version every broker must answer
    body.writeInt32BE(1, 4);
    body.writeInt16BE(clientId.length, 8);
    clientId.copy(body, 10);
    const size = Buffer.alloc(4);
    size.writeInt32BE(body.length);
    let buf = Buffer.alloc(0);
    const s = net.connect(port, host, () => s.write(Buffer.concat([size, body])));
    s.setTimeout(5000, () => s.destroy(new Error('ApiVersions timed out')));
    s.on('error', reject);
    s.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length < 4 || buf.length < 4 + buf.readInt32BE(0)) return;
      s.end();
      let o = 8;
      const err = buf.readInt16BE(o);
      o += 2;
      if (err) return reject(new Error(`ApiVersions error code ${err}`));
      const n = buf.readInt32BE(o);
      o += 4;
      const out = [];
      for (let i = 0; i < n; i++, o += 6) out.push([buf.readInt16BE(o), buf.readInt16BE(o + 2), buf.readInt16BE(o + 4)]);
      resolve(out);
    });
  });
}

async function runCheck(c) {
  let timer;
  const t0 = Date.now();
  try {
    const note = await Promise.race([
      c.fn(),
      new Promise((_, rej) => {
        timer = setTimeout(() => rej(new Error(`check timed out after ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { ok: true, note: note || '', ms: Date.now() - t0 };
  } catch (e) {
    return { ok: false, note: oneLine(e), ms: Date.now() - t0 };
  } finally {
    clearTimeout(timer);
    while (cleanups.length) await quietly(cleanups.pop());
  }
}

const version = brokerVersionLabel();
console.log(`kafkajs ${kafkajsVersion} against Kafka ${version} at ${brokers.join(',')} (run ${RUN})`);
const rows = [];
try {
  await admin.connect();
  for (const c of checks) {
    if (only.length && !only.includes(c.id)) continue;
    const r = await runCheck(c);
    rows.push({ ...c, ...r });
    console.log(`${r.ok ? 'PASS' : 'FAIL'} ${c.id} (${(r.ms / 1000).toFixed(1)} s)${r.note ? ` - ${r.note}` : ''}`);
  }
} catch (e) {
  rows.push({ id: 'connect', title: 'admin connect', ok: false, note: oneLine(e) });
  console.log(`FAIL connect - ${oneLine(e)}`);
} finally {
  if (createdTopics.length) await quietly(() => admin.deleteTopics({ topics: createdTopics, timeout: 10_000 }));
  await quietly(() => admin.disconnect());
}

console.log(`\n| feature | Kafka ${version} |\n| --- | --- |`);
for (const r of rows) console.log(`| ${r.title} | ${r.ok ? 'works' : `**fails**: \`${r.note}\``} |`);
const failed = rows.filter((r) => !r.ok).length;
console.log(`\n${rows.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
