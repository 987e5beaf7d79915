import { randomUUID } from 'node:crypto';
import { ConcurrencyError, EventIdConflictError, type NewEvent, type RecordedEvent, StreamDeletedError, UpcasterRegistry } from '@weft/kernel';
import { waitUntil } from '@weft/testing';
import { type EventStore, type StreamLifecycle } from './event-store.js';
import { compareLogPositions } from './log-position.js';

export interface ContractStore {
  readonly store: EventStore & StreamLifecycle;
  /** False where the backend cannot look events up by id across streams (EventStoreDB). Default true. */
  readonly detectsIdReuseAcrossStreams?: boolean;
  /** Releases what the factory opened (the store, its database). */
  close(): Promise<void>;
}

/** Opens a store on a fresh (or at least isolated) database. */
export type ContractStoreFactory = (options: { upcasters?: UpcasterRegistry }) => Promise<ContractStore>;

/** Upcasts the contract's `ContractRenamed` v1 `{title}` to v2 `{name}`. */
const contractUpcasters = () => new UpcasterRegistry().register('ContractRenamed', 1, (data) => ({ name: (data as { title: string }).title }));

const stream = (label: string) => `contract-${label}-${randomUUID()}`;
const event = (type: string, data: unknown, organizationId = 'org-contract', eventId: string = randomUUID()): NewEvent => ({
  eventId,
  type,
  data,
  schemaVersion: 1,
  metadata: { organizationId, correlationId: 'corr-1' },
});

/**
 * The behaviour every `EventStore` adapter promises. Register it from a spec file with
 * a factory that opens the adapter; each test works on its own streams and organization.
 */
export function describeEventStoreContract(name: string, factory: ContractStoreFactory): void {
  describe(`EventStore contract: ${name}`, () => {
    const harness = {} as Harness;
    beforeAll(async () => {
      harness.opened = await factory({ upcasters: contractUpcasters() });
      harness.store = harness.opened.store;
    }, 60_000);
    afterAll(() => harness.opened?.close());

    appendAndReadStream(harness);
    expectedVersions(harness);
    idempotency(harness);
    globalLog(harness);
    streamLifecycle(harness);
    schemaEvolution(harness);
  });
}

/** Filled in by `beforeAll`: the sections read it when their tests run. */
interface Harness {
  opened: ContractStore;
  store: EventStore & StreamLifecycle;
}

function appendAndReadStream(h: Harness): void {
  describe('append and readStream', () => {
    it('appends a batch atomically and reads it back in version order', async () => {
      const id = stream('read');
      const batch = [event('ContractOpened', { n: 0 }), event('ContractNoted', { n: 1, nested: { b: 2, a: [1, 'x'] } })];
      const result = await h.store.append(id, batch, 'no_stream');
      expect(result.streamVersion).toBe(1);
      const read = await h.store.readStream(id);
      expect(read.map((e) => [e.streamVersion, e.eventId, e.type, e.data, e.schemaVersion, e.streamId])).toEqual(
        batch.map((e, i) => [i, e.eventId, e.type, e.data, 1, id]),
      );
      expect(read[1]!.metadata).toMatchObject({ organizationId: 'org-contract', correlationId: 'corr-1' });
      expect(read[1]!.logPosition).toEqual(result.logPosition);
      expect(read[0]!.occurredAt).toBeInstanceOf(Date);
      expect(compareLogPositions(read[0]!.logPosition, read[1]!.logPosition)).toBeLessThan(0);
    });

    it('returns no events for a stream that does not exist', async () => {
      expect(await h.store.readStream(stream('missing'))).toEqual([]);
    });

    it('reads backward, from a version, and at most maxCount events', async () => {
      const id = stream('window');
      await h.store.append(
        id,
        [0, 1, 2, 3, 4].map((n) => event('ContractCounted', { n })),
        'no_stream',
      );
      const versions = (events: RecordedEvent[]) => events.map((e) => e.streamVersion);
      expect(versions(await h.store.readStream(id, { fromVersion: 2 }))).toEqual([2, 3, 4]);
      expect(versions(await h.store.readStream(id, { fromVersion: 1, maxCount: 2 }))).toEqual([1, 2]);
      expect(versions(await h.store.readStream(id, { direction: 'backward' }))).toEqual([4, 3, 2, 1, 0]);
      expect(versions(await h.store.readStream(id, { direction: 'backward', fromVersion: 3, maxCount: 2 }))).toEqual([3, 2]);
    });
  });
}

function expectedVersions(h: Harness): void {
  describe('expected versions', () => {
    it('accepts matching expectations and refuses mismatches with a ConcurrencyError', async () => {
      const id = stream('expect');
      await expect(h.store.append(id, [event('ContractNoted', {})], 'exists')).rejects.toBeInstanceOf(ConcurrencyError);
      await expect(h.store.append(id, [event('ContractNoted', {})], 0)).rejects.toBeInstanceOf(ConcurrencyError);
      await h.store.append(id, [event('ContractNoted', {})], 'no_stream');
      await expect(h.store.append(id, [event('ContractNoted', {})], 'no_stream')).rejects.toBeInstanceOf(ConcurrencyError);
      await expect(h.store.append(id, [event('ContractNoted', {})], 5)).rejects.toMatchObject({ kind: 'conflict', code: 'stream.version_conflict' });
      expect((await h.store.append(id, [event('ContractNoted', {})], 0)).streamVersion).toBe(1);
      expect((await h.store.append(id, [event('ContractNoted', {})], 'exists')).streamVersion).toBe(2);
      expect((await h.store.append(id, [event('ContractNoted', {})], 'any')).streamVersion).toBe(3);
      expect(await h.store.readStream(id)).toHaveLength(4);
    });

    it('lets exactly one of several writers expecting the same version win', async () => {
      const id = stream('race');
      await h.store.append(id, [event('ContractNoted', {})], 'no_stream');
      const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => h.store.append(id, [event('ContractNoted', {})], 0)));
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(ConcurrencyError);
      expect(await h.store.readStream(id)).toHaveLength(2);
    });
  });
}

function idempotency(h: Harness): void {
  describe('idempotency by event id', () => {
    it('answers a repeated append with the original result and writes nothing', async () => {
      const id = stream('repeat');
      const batch = [event('ContractNoted', { a: 1 }), event('ContractNoted', { a: 2 })];
      const first = await h.store.append(id, batch, 'no_stream');
      expect(await h.store.append(id, batch, 'no_stream')).toEqual(first);
      expect(await h.store.append(id, batch, 'any')).toEqual(first);
      expect(await h.store.readStream(id)).toHaveLength(2);
    });

    it('refuses an event id reused for a different event', async () => {
      const id = stream('reuse');
      const original = event('ContractNoted', { a: 1 });
      await h.store.append(id, [original], 'any');
      await expect(h.store.append(id, [{ ...original, data: { a: 2 } }], 'any')).rejects.toBeInstanceOf(EventIdConflictError);
      if (h.opened.detectsIdReuseAcrossStreams !== false)
        await expect(h.store.append(stream('other'), [original], 'any')).rejects.toBeInstanceOf(EventIdConflictError);
      expect((await h.store.readStream(id)).map((e) => e.data)).toEqual([{ a: 1 }]);
    });

    it('writes none of a batch when one of its events fails', async () => {
      const id = stream('atomic');
      const taken = event('ContractNoted', { a: 1 });
      await h.store.append(h.opened.detectsIdReuseAcrossStreams === false ? id : stream('taken'), [taken], 'any');
      await expect(h.store.append(id, [event('ContractNoted', { b: 1 }), { ...taken, data: { other: true } }], 'any')).rejects.toBeInstanceOf(
        EventIdConflictError,
      );
      expect((await h.store.readStream(id)).map((e) => e.data)).toEqual(h.opened.detectsIdReuseAcrossStreams === false ? [{ a: 1 }] : []);
    });
  });
}

function globalLog(h: Harness): void {
  describe('the global log', () => {
    it('reads all events after a position, filtered by type prefix and organization', async () => {
      const org = `org-${randomUUID()}`;
      const a = await h.store.append(stream('log-a'), [event('ContractOpened', { i: 0 }, org), event('ContractNoted', { i: 1 }, org)], 'any');
      await h.store.append(stream('log-b'), [event('ContractOpened', { i: 2 }, org), event('ContractOpened', { i: 3 }, 'org-elsewhere')], 'any');
      // The log shows a committed event once no older transaction of the cluster is still
      // running (that is what keeps readers from skipping late commits): other suites'
      // transactions can hold it back for a moment, so wait for the events to be readable.
      const ofOrg = await waitUntil(
        async () => {
          const read = await h.store.readAll({ filter: { organizationId: org }, maxCount: 100 });
          return read.length >= 3 && read;
        },
        { description: 'the three events of the organization to be readable' },
      );
      expect(ofOrg.map((e) => e.data)).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }]);
      const openedEvents = await h.store.readAll({ filter: { organizationId: org, typePrefix: 'ContractOp' }, maxCount: 100 });
      expect(openedEvents.map((e) => e.data)).toEqual([{ i: 0 }, { i: 2 }]);
      const after = await h.store.readAll({ after: a.logPosition, filter: { organizationId: org }, maxCount: 100 });
      expect(after.map((e) => e.data)).toEqual([{ i: 2 }]);
      expect(await h.store.readAll({ filter: { organizationId: org }, maxCount: 1 })).toHaveLength(1);
    });

    it('reports a head position at or after the last append', async () => {
      const result = await h.store.append(stream('head'), [event('ContractNoted', {})], 'any');
      // The head is what readers can see: it reaches an append once every older transaction in the cluster has ended (other suites run alongside).
      const head = await waitUntil(
        async () => {
          const position = await h.store.headPosition();
          return position !== undefined && compareLogPositions(position, result.logPosition) >= 0 ? position : undefined;
        },
        { timeoutMs: 30_000, description: 'a head position at or after the append' },
      );
      expect(compareLogPositions(head, result.logPosition)).toBeGreaterThanOrEqual(0);
    });

    it('subscribes from a checkpoint: catches up, goes live, and stops when aborted', async () => {
      const org = `org-${randomUUID()}`;
      const first = await h.store.append(stream('sub'), [event('ContractNoted', { i: 0 }, org), event('ContractNoted', { i: 1 }, org)], 'any');
      const seen: unknown[] = [];
      const controller = new AbortController();
      const subscription = h.store.subscribeToAll({
        after: { transactionId: '0', position: '0' },
        filter: { organizationId: org },
        signal: controller.signal,
        onEvent: async (e) => void seen.push(e.data),
      });
      await waitUntil(() => seen.length === 2 && subscription.isLive(), { description: 'catch-up' });
      await h.store.append(stream('sub'), [event('ContractNoted', { i: 2 }, org)], 'any');
      await waitUntil(() => seen.length === 3, { description: 'the live event' });
      expect(seen).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }]);
      controller.abort();
      await subscription.done;
      const resumed: unknown[] = [];
      const stopAgain = new AbortController();
      const again = h.store.subscribeToAll({
        after: first.logPosition,
        filter: { organizationId: org },
        signal: stopAgain.signal,
        onEvent: async (e) => void resumed.push(e.data),
      });
      await waitUntil(() => again.isLive(), { description: 'the resumed subscription to go live' });
      expect(resumed).toEqual([{ i: 2 }]);
      stopAgain.abort();
      await again.done;
    });

    it('fails the subscription when the handler throws', async () => {
      const org = `org-${randomUUID()}`;
      await h.store.append(stream('sub-fail'), [event('ContractNoted', {}, org)], 'any');
      const subscription = h.store.subscribeToAll({ filter: { organizationId: org }, onEvent: () => Promise.reject(new Error('projection broke')) });
      await expect(subscription.done).rejects.toThrow('projection broke');
    });
  });
}

function streamLifecycle(h: Harness): void {
  describe('stream lifecycle', () => {
    it('refuses reads and appends of a deleted stream', async () => {
      const id = stream('deleted');
      await h.store.append(id, [event('ContractNoted', {})], 'no_stream');
      await h.store.deleteStream(id);
      await expect(h.store.readStream(id)).rejects.toBeInstanceOf(StreamDeletedError);
      await expect(h.store.append(id, [event('ContractNoted', {})], 'any')).rejects.toBeInstanceOf(StreamDeletedError);
    });

    it('keeps only the newest events of a stream with a max-count retention', async () => {
      const id = stream('retained');
      await h.store.append(
        id,
        [0, 1, 2, 3, 4].map((n) => event('ContractCounted', { n })),
        'no_stream',
      );
      await h.store.setStreamRetention(id, { maxCount: 2 });
      await h.store.applyRetention();
      expect((await h.store.readStream(id)).map((e) => e.streamVersion)).toEqual([3, 4]);
      expect((await h.store.append(id, [event('ContractCounted', { n: 5 })], 4)).streamVersion).toBe(5);
    });
  });
}

function schemaEvolution(h: Harness): void {
  describe('schema evolution', () => {
    it('reads an event written at an old schema version at the latest one', async () => {
      const id = stream('upcast');
      await h.store.append(id, [event('ContractRenamed', { title: 'Invoices' })], 'no_stream');
      const [read] = await h.store.readStream(id);
      expect(read).toMatchObject({ schemaVersion: 2, data: { name: 'Invoices' } });
    });
  });
}
