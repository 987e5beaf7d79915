import { randomUUID } from 'node:crypto';
import { type Command, ConcurrencyError, type Decider, type EventStreamStore, UpcasterRegistry, deterministicEventId, handleCommand } from '@weft/kernel';
import { type TestDatabase, createTestDatabase } from '@weft/testing';
import { eventStoreMigrations } from './postgres/migrations.js';
import { PostgresEventStore } from './postgres/postgres-event-store.js';

type TallyEvent = { readonly type: 'TallyAdded'; readonly data: { amount: number } };
type TallyCommand = Command<'AddToTally', { amount: number }>;
const tally: Decider<{ total: number }, TallyCommand, TallyEvent> = {
  initialState: () => ({ total: 0 }),
  decide: (command) => (command.data.amount === 0 ? [] : [{ type: 'TallyAdded', data: { amount: command.data.amount } }]),
  evolve: (state, event) => ({ total: state.total + event.data.amount }),
};
const add = (amount: number, commandId: string = randomUUID()): TallyCommand => ({
  type: 'AddToTally',
  data: { amount },
  metadata: { commandId, now: new Date(), organizationId: 'org-1', actorId: 'user-1' },
});

/** The real store, with another writer slipping in an event before each of the first `times` appends. */
function racedBy(store: PostgresEventStore, times: number): EventStreamStore & { appends: number } {
  const raced = {
    appends: 0,
    readStream: (streamId: string) => store.readStream(streamId),
    async append(...args: Parameters<EventStreamStore['append']>) {
      if (raced.appends++ < times)
        await store.append(args[0], [{ eventId: randomUUID(), type: 'TallyAdded', schemaVersion: 1, data: { amount: 100 }, metadata: {} }], 'any');
      return store.append(...args);
    },
  };
  return raced;
}

describe('handleCommand on the PostgreSQL event store', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  beforeAll(async () => {
    database = await createTestDatabase({ migrations: eventStoreMigrations });
    store = new PostgresEventStore(database.db);
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  it('loads, decides and appends with ids and metadata derived from the command', async () => {
    const streamId = `tally-${randomUUID()}`;
    const upcasters = new UpcasterRegistry().register('TallyAdded', 1, (data) => data);
    await handleCommand({ store, streamId, decider: tally, command: add(2) });
    const command = add(3);
    const result = await handleCommand({ store, streamId, decider: tally, command, upcasters });
    expect(result).toMatchObject({ streamVersion: 1, state: { total: 5 }, replayed: false });
    const [, stored] = await store.readStream(streamId);
    expect(stored).toMatchObject({ eventId: deterministicEventId(command.metadata.commandId, 0), schemaVersion: 2, logPosition: result.logPosition });
    expect(stored!.metadata).toEqual({
      causationId: command.metadata.commandId,
      correlationId: command.metadata.commandId,
      organizationId: 'org-1',
      actorId: 'user-1',
    });
  });

  it('answers a command handled before with its original result and appends nothing', async () => {
    const streamId = `tally-${randomUUID()}`;
    const command = add(4);
    const first = await handleCommand({ store, streamId, decider: tally, command });
    await handleCommand({ store, streamId, decider: tally, command: add(1) });
    const again = await handleCommand({ store, streamId, decider: tally, command });
    expect(again).toMatchObject({ replayed: true, streamVersion: first.streamVersion, logPosition: first.logPosition });
    expect(await store.readStream(streamId)).toHaveLength(2);
  });

  it('appends nothing when the decider decides nothing', async () => {
    const streamId = `tally-${randomUUID()}`;
    expect(await handleCommand({ store, streamId, decider: tally, command: add(0) })).toMatchObject({
      streamVersion: -1,
      logPosition: undefined,
      newEvents: [],
    });
  });

  it('reloads and decides again after a concurrent write', async () => {
    const streamId = `tally-${randomUUID()}`;
    const raced = racedBy(store, 1);
    const result = await handleCommand({ store: raced, streamId, decider: tally, command: add(1) });
    expect(raced.appends).toBe(2);
    expect(result).toMatchObject({ streamVersion: 1, state: { total: 101 } });
  });

  it('gives up with the ConcurrencyError after maxAttempts', async () => {
    const raced = racedBy(store, 10);
    await expect(handleCommand({ store: raced, streamId: `tally-${randomUUID()}`, decider: tally, command: add(1), maxAttempts: 3 })).rejects.toBeInstanceOf(
      ConcurrencyError,
    );
    expect(raced.appends).toBe(3);
  });
});
