// The distributed path end to end: event store → relay → real Kafka → a projector that
// keeps its offsets with its writes. Consumers are stopped without grace mid-stream and
// resume from the offsets the projector stored; every event must take effect once.
import { PostgresEventStore, eventStoreMigrations } from '@weft/eventstore';
import { type BusSubscription, KafkaEventBus, Relay, relayMigrations } from '@weft/messaging';
import { type TestDatabase, createTestDatabase, kafkaBrokers, uniqueTopic, waitUntil } from '@weft/testing';
import { projectionMigrations } from './migrations.js';
import { Projector } from './projector.js';
import { countedEvent, counterProjection } from './testing/counter-projection.fixture.js';
import { exactlyOnceReport } from './testing/exactly-once.fixture.js';

describe.each([
  ['one event per transaction (onEvent)', false],
  ['a batch per transaction (onBatch)', true],
])('a bus-fed projection, %s', (_label, batched) => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let bus: KafkaEventBus;
  let relay: Relay;
  let topicPrefix: string;

  beforeEach(async () => {
    database = await createTestDatabase({ migrations: [...eventStoreMigrations, ...relayMigrations, ...projectionMigrations] });
    store = new PostgresEventStore(database.db);
    topicPrefix = uniqueTopic('weft.busfed');
    bus = new KafkaEventBus({ brokers: kafkaBrokers(), topicPrefix, clientId: 'bus-fed-test' });
    relay = new Relay({ store, bus, db: database.db, batchSize: 20 });
    relay.start();
  }, 30_000);

  afterEach(async () => {
    await relay.stop();
    await bus.close();
    await store.close();
    await database.drop();
  }, 30_000);

  async function consume(projector: Projector): Promise<BusSubscription> {
    const common = {
      group: `${topicPrefix}.projector`,
      contexts: ['tests'],
      fromBeginning: true,
      resumeFrom: (topic: string, partition: number) => projector.lastAppliedOffset(topic, partition),
    };
    return batched
      ? bus.subscribe({ ...common, maxBatchSize: 15, onBatch: async (batch) => void (await projector.applyDeliveredBatch(batch)) })
      : bus.subscribe({ ...common, onEvent: async (event, delivery) => void (await projector.applyDelivered(event, delivery)) });
  }

  it('applies every event exactly once across consumers stopped without grace', async () => {
    const projector = new Projector(database.db, counterProjection('bus_counters', { batched }));
    await projector.ensureTables();
    let appendingDone = false;
    const appending = (async () => {
      for (let round = 0; round < 30; round++) {
        await Promise.all(
          Array.from({ length: 8 }, (_v, stream) => store.append(`tests.Counter-${stream}`, [countedEvent({ round })], round === 0 ? 'no_stream' : round - 1)),
        );
        await new Promise((resolve) => setTimeout(resolve, 40));
      }
      appendingDone = true;
    })();

    let restartsWhileAppending = 0;
    for (let restart = 0; restart < 4; restart++) {
      const consumer = await consume(projector);
      const before = (await exactlyOnceReport(database.db)).rows;
      await waitUntil(async () => (await exactlyOnceReport(database.db)).rows > before || appendingDone, {
        timeoutMs: 30_000,
        description: `progress before stop ${restart}`,
      });
      if (!appendingDone) restartsWhileAppending++;
      await consumer.stop({ graceMs: 0 });
    }
    await appending;
    const last = await consume(projector);
    try {
      await waitUntil(async () => (await exactlyOnceReport(database.db)).rows >= 240, { timeoutMs: 45_000, description: 'all 240 events applied' });
      // Anything still in flight would show up as a duplicate row now.
      await waitUntil(async () => (await projector.lastAppliedOffset(`${topicPrefix}.tests.events`, 0)) !== undefined, { description: 'an offset stored' });
    } finally {
      await last.stop();
    }
    expect(restartsWhileAppending).toBeGreaterThanOrEqual(1);
    expect(await exactlyOnceReport(database.db)).toEqual({ events: 240, rows: 240, distinctEvents: 240, wrongCounters: [] });
  }, 120_000);
});
