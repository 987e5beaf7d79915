import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { type EventStore, eventStoreMigrations } from '@weft/eventstore';
import { type RecordedEvent } from '@weft/kernel';
import { relayMigrations } from '@weft/messaging';
import { type ProjectionDefinition, projectionMigrations } from '@weft/projections';
import { type TestDatabase, createTestDatabase, kafkaBrokers, uniqueTopic } from '@weft/testing';
import { BackboneModule, EVENT_STORE } from './backbone.module.js';
import { loadPlatformConfig } from '@weft/config';
import { HealthModule, ReadinessRegistry } from '@weft/http';
import { ProjectionsModule, ReadYourWrites } from './projections.module.js';

const notes: ProjectionDefinition = {
  name: 'rw_notes',
  tables: [{ name: 'rw_notes', create: (t) => [`create table ${t} (stream_id text primary key, text text not null)`] }],
  async apply(event: RecordedEvent, tx) {
    if (event.type !== 'NoteWritten') return;
    await tx.query(`insert into ${tx.table('rw_notes')} (stream_id, text) values ($1, $2) on conflict (stream_id) do update set text = excluded.text`, [
      event.streamId,
      (event.data as { text: string }).text,
    ]);
  },
};

describe.each(['store', 'bus'] as const)('projections module, fed from the %s: read-your-writes', (source) => {
  let database: TestDatabase;
  let close: () => Promise<void>;
  let store: EventStore;
  let readYourWrites: ReadYourWrites;
  let readiness: ReadinessRegistry;

  beforeAll(async () => {
    database = await createTestDatabase({ migrations: [...eventStoreMigrations, ...relayMigrations, ...projectionMigrations] });
    // Distributed mode: the relay (in the same process here) feeds Kafka, the projection consumes it.
    const config = loadPlatformConfig({
      KAFKA_BROKERS: kafkaBrokers().join(','),
      KAFKA_TOPIC_PREFIX: uniqueTopic('weft.ryw'),
      READ_YOUR_WRITES_TIMEOUT_MS: '20000',
    });
    @Module({
      imports: [
        HealthModule,
        BackboneModule.forRoot({ database: database.db, config, relay: source === 'bus' }),
        ProjectionsModule.forRoot({ database: database.db, config, source, projections: [{ definition: notes, contexts: ['notes'] }] }),
      ],
    })
    class TestModule {}
    const app = await NestFactory.createApplicationContext(TestModule, { logger: false });
    await app.init();
    store = app.get(EVENT_STORE);
    readYourWrites = app.get(ReadYourWrites);
    readiness = app.get(ReadinessRegistry);
    close = () => app.close();
  }, 60_000);

  afterAll(async () => {
    await close();
    await database.drop();
  }, 60_000);

  it('answers a command only once the read model shows it', async () => {
    const streamId = `notes.Note-${randomUUID()}`;
    for (let version = 0; version < 3; version++) {
      const text = `version ${version}`;
      const written = await store.append(
        streamId,
        [{ eventId: randomUUID(), type: 'NoteWritten', schemaVersion: 1, data: { text }, metadata: {} }],
        version === 0 ? 'no_stream' : version - 1,
      );
      expect(await readYourWrites.waitFor({ streamId, streamVersion: written.streamVersion }, ['rw_notes'])).toBe(true);
      const { rows } = await database.db.query('select text from rw_notes where stream_id = $1', [streamId]);
      expect(rows).toEqual([{ text }]);
    }
    expect((await readiness.evaluate()).checks).toMatchObject({ eventStore: 'up', projections: 'up' });
  }, 60_000);

  it('says so, without failing, when the read model does not catch up in time', async () => {
    expect(await readYourWrites.waitFor({ streamId: `notes.Note-${randomUUID()}`, streamVersion: 0 }, ['rw_notes'], 100)).toBe(false);
  });
});
