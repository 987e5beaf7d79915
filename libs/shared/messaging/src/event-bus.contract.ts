import { randomUUID } from 'node:crypto';
import { type RecordedEvent } from '@weft/kernel';
import { uniqueTopic, waitUntil } from '@weft/testing';
import { type BusSubscription, type BusSubscriptionOptions, type EventBus, type EventDelivery, topicOf } from './event-bus.js';
import { UnroutableEventError } from './event-codec.js';
import { type BusLogEntry, type BusLogger } from './logger.js';
import { type RetryPolicy } from './redelivery.js';

/** What the contract hands an adapter's factory: topics of its own, fast retries, a log to inspect. */
export interface ContractBusOptions {
  readonly topicPrefix: string;
  readonly retry: RetryPolicy;
  readonly logger: BusLogger;
}

export type EventBusFactory = (options: ContractBusOptions) => Promise<EventBus>;

const CONTEXT = 'contract';
const WAIT = { timeoutMs: 45_000 };
const TEST_TIMEOUT_MS = 90_000;
/** Marks event data, so a test can prove that payloads never reach a log. */
const SECRET = 'payload-must-not-be-logged';

interface Received {
  readonly event: RecordedEvent;
  readonly delivery: EventDelivery;
  readonly member: string;
}

/**
 * The behaviour every `EventBus` adapter promises. Register it from a spec file with a
 * factory that opens the adapter; every test gets a bus on topics and groups of its own.
 */
export function describeEventBusContract(name: string, factory: EventBusFactory): void {
  describe(`EventBus contract: ${name}`, () => {
    let bus: EventBus;
    let logs: BusLogEntry[];
    let received: Received[];
    let subscriptions: BusSubscription[];
    let group: string;
    let topicPrefix: string;

    beforeEach(async () => {
      logs = [];
      received = [];
      subscriptions = [];
      topicPrefix = uniqueTopic('weft.contract');
      group = `${topicPrefix}.group`;
      bus = await factory({ topicPrefix, retry: { initialDelayMs: 20, maxDelayMs: 200 }, logger: (entry) => logs.push(entry) });
    });
    afterEach(async () => {
      await Promise.all(subscriptions.map((subscription) => subscription.stop({ graceMs: 0 })));
      await bus.close();
    });

    /** Subscribes a member that records what it handles (after `handler` resolved, if given). */
    async function member(
      label: string,
      options: Partial<BusSubscriptionOptions> & { handler?: (r: Received) => Promise<void> } = {},
    ): Promise<BusSubscription> {
      const { handler, ...rest } = options;
      const subscription = await bus.subscribe({
        group,
        contexts: [CONTEXT],
        fromBeginning: true,
        onEvent: async (event, delivery) => {
          await handler?.({ event, delivery, member: label });
          received.push({ event, delivery, member: label });
        },
        ...rest,
      });
      subscriptions.push(subscription);
      return subscription;
    }
    const receivedIds = () => received.map((r) => r.event.eventId);
    const hasReceived = (events: readonly RecordedEvent[]) => events.every((e) => receivedIds().includes(e.eventId));

    it(
      'round-trips an event with its headers, topic, partition and offset',
      async () => {
        const traced = recorded(stream(), 0, { organizationId: 'org-7', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' });
        const platform = recorded(stream(), 0, {});
        await bus.publish([traced, platform]);
        await member('a');
        await waitUntil(() => hasReceived([traced, platform]), { ...WAIT, description: 'both events' });

        const [first, second] = [traced, platform].map((e) => received.find((r) => r.event.eventId === e.eventId)!);
        expect(first!.event).toEqual(traced);
        expect(first!.event.occurredAt).toBeInstanceOf(Date);
        expect(second!.event).toEqual(platform);
        expect(first!.delivery).toMatchObject({ topic: topicOf(CONTEXT, topicPrefix), offset: expect.stringMatching(/^\d+$/) });
        expect(first!.delivery.partition).toEqual(expect.any(Number));
        expect(first!.delivery.headers).toEqual({
          'event-id': traced.eventId,
          'event-type': 'ContractTicked',
          'schema-version': '2',
          'organization-id': 'org-7',
          traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
        });
        expect(second!.delivery.headers).toEqual({ 'event-id': platform.eventId, 'event-type': 'ContractTicked', 'schema-version': '2' });
      },
      TEST_TIMEOUT_MS,
    );

    it(
      'keeps each stream in order across partitions',
      async () => {
        const streams = Array.from({ length: 24 }, () => stream());
        const versions = 8;
        for (let version = 0; version < versions; version++) await bus.publish(streams.map((id) => recorded(id, version)));
        await member('a');
        await waitUntil(() => received.length >= streams.length * versions, { ...WAIT, description: 'every event' });

        for (const id of streams) {
          expect(received.filter((r) => r.event.streamId === id).map((r) => r.event.streamVersion)).toEqual([...Array(versions).keys()]);
        }
        const partitions = new Set(received.map((r) => r.delivery.partition));
        expect(partitions.size).toBeGreaterThan(1);
        for (const partition of partitions) {
          const offsets = received.filter((r) => r.delivery.partition === partition).map((r) => BigInt(r.delivery.offset));
          expect(offsets.every((offset, i) => i === 0 || offset > offsets[i - 1]!)).toBe(true);
        }
      },
      TEST_TIMEOUT_MS,
    );

    it(
      'delivers an event again when its handler throws, before anything after it on the partition',
      async () => {
        const failing = stream();
        const events = [0, 1, 2, 3, 4].map((v) => recorded(failing, v));
        const others = Array.from({ length: 12 }, () => recorded(stream(), 0));
        const attempts: { eventId: string; partition: number; failed: boolean }[] = [];
        await bus.publish([...events.slice(0, 3), ...others, ...events.slice(3)]);
        await member('a', {
          handler: async ({ event, delivery }) => {
            const failed = event.eventId === events[2]!.eventId && !attempts.some((a) => a.eventId === event.eventId);
            attempts.push({ eventId: event.eventId, partition: delivery.partition, failed });
            if (failed) throw new Error('handler failed once');
          },
        });
        await waitUntil(() => hasReceived([...events, ...others]), { ...WAIT, description: 'every event acknowledged' });

        const failedAt = attempts.findIndex((a) => a.failed);
        const partition = attempts[failedAt]!.partition;
        const samePartition = attempts.slice(failedAt + 1).filter((a) => a.partition === partition);
        expect(samePartition[0]).toEqual({ eventId: events[2]!.eventId, partition, failed: false });
        expect(received.filter((r) => r.event.streamId === failing).map((r) => r.event.streamVersion)).toEqual([0, 1, 2, 3, 4]);
        const warning = logs.find((entry) => entry.level === 'warn' && JSON.stringify(entry).includes(events[2]!.eventId));
        expect(warning).toBeDefined();
        expect(JSON.stringify(logs)).not.toContain(SECRET);
      },
      TEST_TIMEOUT_MS,
    );

    it(
      'gives an event to a new member when the member handling it stopped before acknowledging',
      async () => {
        const id = stream();
        const [acknowledged, abandoned] = [recorded(id, 0), recorded(id, 1)];
        const seenBy: Received[] = [];
        const first = await member('first', {
          handler: async (r) => {
            seenBy.push(r);
            if (r.event.eventId === abandoned.eventId) await new Promise(() => undefined); // never acknowledges
          },
        });
        await bus.publish([acknowledged]);
        await waitUntil(() => hasReceived([acknowledged]), { ...WAIT, description: 'the first event' });
        await bus.publish([abandoned]);
        await waitUntil(() => seenBy.some((r) => r.event.eventId === abandoned.eventId), { ...WAIT, description: 'the second event reaching its handler' });
        await first.stop({ graceMs: 0 });

        await member('second');
        await waitUntil(() => received.some((r) => r.member === 'second'), { ...WAIT, description: 'a delivery to the new member' });
        const toSecond = received.filter((r) => r.member === 'second');
        expect(toSecond.map((r) => r.event.eventId)).toEqual([abandoned.eventId]);
        expect(toSecond[0]!.delivery.offset).toBe(seenBy.find((r) => r.event.eventId === abandoned.eventId)!.delivery.offset);
      },
      TEST_TIMEOUT_MS,
    );

    it(
      'splits the work between two members of a group, which together see every event',
      async () => {
        await member('a');
        await member('b');
        const published: RecordedEvent[] = [];
        await waitUntil(
          async () => {
            const wave = Array.from({ length: 12 }, () => recorded(stream(), 0));
            published.push(...wave);
            await bus.publish(wave);
            const members = new Set(received.map((r) => r.member));
            return members.has('a') && members.has('b');
          },
          { ...WAIT, intervalMs: 250, description: 'events reaching both members' },
        );
        await waitUntil(() => hasReceived(published), { ...WAIT, description: 'every event' });
        const partitionsOf = (label: string) => new Set(received.filter((r) => r.member === label).map((r) => r.delivery.partition));
        expect(partitionsOf('a').size).toBeGreaterThan(0);
        expect(partitionsOf('b').size).toBeGreaterThan(0);
      },
      TEST_TIMEOUT_MS,
    );

    it(
      'resumes each partition after the offset resumeFrom stored, ahead of the group commits',
      async () => {
        const resumed = stream();
        const events = [0, 1, 2, 3, 4].map((v) => recorded(resumed, v));
        const others = Array.from({ length: 6 }, () => recorded(stream(), 0));
        // The others first: any of them sharing the resumed partition sits before the stored offset.
        await bus.publish([...others, ...events]);
        const reader = await member('reader');
        await waitUntil(() => hasReceived([...events, ...others]), { ...WAIT, description: 'the first read' });
        await reader.stop();
        const first = new Map(received.map((r) => [r.event.eventId, r.delivery]));
        const at = first.get(events[1]!.eventId)!;
        received.length = 0;

        const asked: string[] = [];
        await member('resumer', {
          resumeFrom: async (topic, partition) => {
            asked.push(`${topic}:${partition}`);
            return topic === at.topic && partition === at.partition ? at.offset : undefined;
          },
        });
        const fences = [resumed, ...others.map((e) => e.streamId)].map((id) => recorded(id, 99));
        await bus.publish(fences);
        await waitUntil(() => hasReceived(fences), { ...WAIT, description: 'the fences' });

        const fenceIds = new Set(fences.map((e) => e.eventId));
        expect(received.filter((r) => !fenceIds.has(r.event.eventId)).map((r) => r.event.streamVersion)).toEqual([2, 3, 4]);
        expect(asked).toContain(`${at.topic}:${at.partition}`);
      },
      TEST_TIMEOUT_MS,
    );

    it(
      'hands batches of one partition in offset order to onBatch, at most maxBatchSize at a time',
      async () => {
        const streams = Array.from({ length: 6 }, () => stream());
        const events = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((version) => streams.map((id) => recorded(id, version)));
        await bus.publish(events);
        const batches: { partition: number; offsets: bigint[] }[] = [];
        const subscription = await bus.subscribe({
          group,
          contexts: [CONTEXT],
          fromBeginning: true,
          maxBatchSize: 7,
          onBatch: async (batch) => {
            batches.push({ partition: batch[0]!.delivery.partition, offsets: batch.map((m) => BigInt(m.delivery.offset)) });
            expect(new Set(batch.map((m) => m.delivery.partition)).size).toBe(1);
            received.push(...batch.map((m) => ({ ...m, member: 'batch' })));
          },
        });
        subscriptions.push(subscription);
        await waitUntil(() => hasReceived(events), { ...WAIT, description: 'every event in batches' });

        expect(batches.every((b) => b.offsets.length >= 1 && b.offsets.length <= 7)).toBe(true);
        expect(batches.some((b) => b.offsets.length > 1)).toBe(true);
        for (const b of batches) expect(b.offsets.every((offset, i) => i === 0 || offset === b.offsets[i - 1]! + 1n)).toBe(true);
        for (const id of streams) expect(received.filter((r) => r.event.streamId === id).map((r) => r.event.streamVersion)).toEqual([...Array(10).keys()]);
      },
      TEST_TIMEOUT_MS,
    );

    it(
      'delivers a whole batch again when onBatch throws, and then goes on after it',
      async () => {
        const events = Array.from({ length: 8 }, (_v, version) => recorded(stream(), version));
        await bus.publish(events);
        let failures = 0;
        const subscription = await bus.subscribe({
          group,
          contexts: [CONTEXT],
          fromBeginning: true,
          onBatch: async (batch) => {
            if (failures === 0 && batch.some((m) => m.event.eventId === events[3]!.eventId)) {
              failures += 1;
              throw new Error('batch failed once');
            }
            received.push(...batch.map((m) => ({ ...m, member: 'batch' })));
          },
        });
        subscriptions.push(subscription);
        await waitUntil(() => hasReceived(events), { ...WAIT, description: 'every event after the failed batch' });
        expect(failures).toBe(1);
        expect(new Set(receivedIds()).size).toBe(receivedIds().length);
      },
      TEST_TIMEOUT_MS,
    );

    it(
      'refuses a subscription with both or neither of onEvent and onBatch',
      async () => {
        const common = { group, contexts: [CONTEXT] };
        await expect(bus.subscribe({ ...common, onEvent: async () => undefined, onBatch: async () => undefined })).rejects.toThrow(
          /exactly one of onEvent and onBatch/,
        );
        await expect(bus.subscribe(common)).rejects.toThrow(/exactly one of onEvent and onBatch/);
      },
      TEST_TIMEOUT_MS,
    );

    it(
      'rejects a publish with an event whose stream names no context, and publishes none of it',
      async () => {
        const id = stream();
        const valid = recorded(id, 0);
        await expect(bus.publish([valid, { ...recorded('Orphan-1', 0), streamId: 'Orphan-1' }])).rejects.toBeInstanceOf(UnroutableEventError);
        await expect(bus.publish([{ ...recorded('x', 0), streamId: 'Not A Context.Thing-1' }])).rejects.toThrow(/names no context/);
        const fence = recorded(id, 1);
        await bus.publish([fence]);
        await member('a');
        await waitUntil(() => hasReceived([fence]), { ...WAIT, description: 'the fence' });
        expect(receivedIds()).toEqual([fence.eventId]);
      },
      TEST_TIMEOUT_MS,
    );
  });
}

const stream = () => `${CONTEXT}.Contract-${randomUUID()}`;
let position = 0;

/** A stored event as the event store returns it; `metadata` replaces the default tenant and trace. */
function recorded(streamId: string, streamVersion: number, metadata: RecordedEvent['metadata'] = { organizationId: 'org-contract' }): RecordedEvent {
  position += 1;
  return {
    eventId: randomUUID(),
    type: 'ContractTicked',
    schemaVersion: 2,
    data: { streamVersion, secret: SECRET, nested: { list: [1, 'two', null], flag: true } },
    metadata: { correlationId: 'corr-contract', ...metadata },
    streamId,
    streamVersion,
    logPosition: { transactionId: String(1000 + position), position: String(position) },
    occurredAt: new Date(Date.UTC(2026, 11, 1, 12, 0, 0, position % 1000)),
    hash: 'ab'.repeat(32),
  };
}
