import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { publishedForm } from '@weft/contracts';
import { type NewEvent, type RecordedEvent } from '@weft/kernel';
import { PostgresEventStore, eventStoreMigrations } from '@weft/eventstore';
import { type TestDatabase, createTestDatabase, kafkaBrokers, uniqueTopic, waitUntil } from '@weft/testing';
import { type BusSubscription } from '../event-bus.js';
import { KafkaEventBus } from '../kafka/kafka-event-bus.js';
import { Relay } from './relay.js';
import { relayMigrations } from './relay-migrations.js';

const root = path.resolve(import.meta.dirname, '../../../../..');
const newEvent = (stream: number, version: number): NewEvent => ({
  eventId: randomUUID(),
  type: 'ItemCounted',
  schemaVersion: 1,
  data: { stream, version },
  metadata: { organizationId: 'org-1' },
});

/** Everything a consumer group received, and whether each stream's events came in version order. */
class Received {
  readonly firstSeen = new Map<string, RecordedEvent>();
  readonly versionsByStream = new Map<string, number[]>();
  deliveries = 0;

  add(event: RecordedEvent): void {
    this.deliveries++;
    if (this.firstSeen.has(event.eventId)) return;
    this.firstSeen.set(event.eventId, event);
    const versions = this.versionsByStream.get(event.streamId) ?? [];
    versions.push(event.streamVersion);
    this.versionsByStream.set(event.streamId, versions);
  }

  expectEveryStreamInOrder(streams: number, eventsPerStream: number): void {
    const expected = Array.from({ length: eventsPerStream }, (_v, index) => index);
    for (let stream = 0; stream < streams; stream++) expect(this.versionsByStream.get(`tests.Item-${stream}`)).toEqual(expected);
  }
}

describe('relay: event store → Kafka', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let bus: KafkaEventBus;
  let topicPrefix: string;
  let consumer: BusSubscription | undefined;
  const received = new Received();

  beforeEach(async () => {
    database = await createTestDatabase({ migrations: [...eventStoreMigrations, ...relayMigrations] });
    store = new PostgresEventStore(database.db);
    topicPrefix = uniqueTopic('weft.relaytest');
    bus = new KafkaEventBus({ brokers: kafkaBrokers(), topicPrefix, clientId: 'relay-test' });
    received.firstSeen.clear();
    received.versionsByStream.clear();
    received.deliveries = 0;
    consumer = await bus.subscribe({ group: `${topicPrefix}.reader`, contexts: ['tests'], fromBeginning: true, onEvent: async (event) => received.add(event) });
  }, 30_000);

  afterEach(async () => {
    await consumer?.stop();
    await bus.close();
    await store.close();
    await database.drop();
  }, 30_000);

  /** Each of `streams` writers appends its events in batches, `paceMs` apart. */
  async function appendAll(streams: number, eventsPerStream: number, batch: number, paceMs = 0): Promise<void> {
    await Promise.all(
      Array.from({ length: streams }, async (_v, stream) => {
        for (let version = 0; version < eventsPerStream; version += batch) {
          const events = Array.from({ length: Math.min(batch, eventsPerStream - version) }, (_e, index) => newEvent(stream, version + index));
          await store.append(`tests.Item-${stream}`, events, version === 0 ? 'no_stream' : version - 1);
          if (paceMs > 0) await new Promise((resolve) => setTimeout(resolve, paceMs));
        }
      }),
    );
  }

  it('publishes every event in per-stream order and stores its checkpoint', async () => {
    const relay = new Relay({ store, bus, db: database.db, name: 'main', batchSize: 100 });
    relay.start();
    await appendAll(10, 30, 5);
    await waitUntil(() => received.firstSeen.size === 300, { timeoutMs: 30_000, description: '300 events through Kafka' });
    received.expectEveryStreamInOrder(10, 30);
    await waitUntil(() => relay.status().published === 300, { description: 'the relay to count 300' });
    const head = await store.headPosition();
    const { rows } = await database.db.query<{ position: string; published: string }>(
      "select position::text, published::text from relay_checkpoints where name = 'main'",
    );
    expect(rows[0]).toEqual({ position: head?.position, published: '300' });
    await relay.stop();
  }, 60_000);

  it('publishes only the public form: internal events stay in the store, secret fields are removed', async () => {
    const relay = new Relay({ store, bus, db: database.db, name: 'public', publishedForm });
    relay.start();
    try {
      const secret = '$scrypt$ln=15,r=8,p=1$c2VjcmV0$never-on-kafka';
      const user = (type: string, data: Record<string, unknown>): NewEvent => ({ eventId: randomUUID(), type, schemaVersion: 1, data, metadata: {} });
      await store.append(
        'tests.User-1',
        [
          user('UserRegistered', { userId: 'u1', email: 'a@b.example', passwordHash: secret }),
          user('UserPasswordChanged', { userId: 'u1', passwordHash: secret }),
        ],
        'no_stream',
      );
      const session = [
        user('RefreshTokenFamilyStarted', { familyId: 'f1', tokenHash: secret }),
        user('RefreshTokenRotated', { familyId: 'f1', previousTokenHash: secret, tokenHash: secret }),
      ];
      await store.append('tests.RefreshTokenFamily-1', session, 'no_stream');
      // The rotation is the session stream's last event: the relay got past it once it published the fence after it.
      const fence = newEvent(0, 0);
      const last = await store.append('tests.RefreshTokenFamily-1', [{ ...fence, type: 'ItemCounted' }], 1);
      await waitUntil(() => relay.status().checkpoint?.position === last.logPosition.position && received.firstSeen.has(fence.eventId), {
        timeoutMs: 30_000,
        description: 'the relay past the fence',
      });
      await waitUntil(() => received.firstSeen.size >= 4, { description: 'the events on other partitions' });
      expect(relay.status().published).toBe(4);

      const types = [...received.firstSeen.values()].map((event) => event.type).sort();
      expect(types).toEqual(['ItemCounted', 'RefreshTokenFamilyStarted', 'UserPasswordChanged', 'UserRegistered']);
      expect(JSON.stringify([...received.firstSeen.values()])).not.toContain(secret);
    } finally {
      await relay.stop();
    }
  }, 60_000);

  it('keeps one relay active; a standby takes over when the active one loses its connection', async () => {
    // The first one, once it has lost its lease, waits longer than the standby polls.
    const first = new Relay({ store, bus, db: database.db, name: 'ha', standbyRetryMs: 5_000 });
    const second = new Relay({ store, bus, db: database.db, name: 'ha', standbyRetryMs: 100 });
    first.start();
    await waitUntil(() => first.status().active, { description: 'the first relay to take the lease' });
    second.start();
    await appendAll(4, 10, 2);
    await waitUntil(() => received.firstSeen.size === 40, { timeoutMs: 30_000, description: 'the first 40 events' });
    expect(second.status().active).toBe(false);

    await database.db.query(
      `select pg_terminate_backend(pid) from pg_locks
       where locktype = 'advisory' and granted and pid <> pg_backend_pid()
         and database = (select oid from pg_database where datname = current_database())`,
    );
    await waitUntil(() => second.status().active, { timeoutMs: 15_000, description: 'the standby to take over' });
    await Promise.all(Array.from({ length: 4 }, (_v, stream) => store.append(`tests.Item-${stream}`, [newEvent(stream, 10)], 9)));
    await waitUntil(() => received.firstSeen.size === 44, { timeoutMs: 30_000, description: 'the events after the takeover' });
    received.expectEveryStreamInOrder(4, 11);
    expect(first.status().active).toBe(false);
    await Promise.all([first.stop(), second.stop()]);
  }, 60_000);

  it('loses nothing when the relay process is killed again and again mid-stream', async () => {
    const env = { ...process.env, DATABASE_URL: database.url, KAFKA_BROKERS: kafkaBrokers().join(','), TOPIC_PREFIX: topicPrefix, RELAY_NAME: 'crash' };
    const startRelay = (): ChildProcess =>
      spawn(process.execPath, ['--import', './tools/bench/engine/register.mjs', 'libs/shared/messaging/src/relay/relay-process.fixture.ts'], {
        cwd: root,
        env,
        stdio: 'ignore',
      });
    // Paced so that appends go on for several seconds: the kills land mid-stream.
    let appendingDone = false;
    const appending = appendAll(20, 40, 2, 250).then(() => (appendingDone = true));
    let kills = 0;
    let killsWhileAppending = 0;
    for (let round = 0; round < 4; round++) {
      const child = startRelay();
      const published = received.firstSeen.size;
      await waitUntil(() => received.firstSeen.size > published || received.firstSeen.size === 800, {
        timeoutMs: 30_000,
        description: `the relay to publish (round ${round})`,
      });
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 200));
      child.kill('SIGKILL');
      kills++;
      if (!appendingDone) killsWhileAppending++;
      await new Promise((resolve) => child.once('exit', resolve));
    }
    await appending;
    const last = startRelay();
    try {
      await waitUntil(() => received.firstSeen.size === 800, { timeoutMs: 60_000, description: 'all 800 events after the kills' });
    } finally {
      last.kill('SIGKILL');
    }
    expect(kills).toBe(4);
    expect(killsWhileAppending).toBeGreaterThanOrEqual(2);
    received.expectEveryStreamInOrder(20, 40);
    expect(received.deliveries).toBeGreaterThanOrEqual(800);
  }, 120_000);
});
